"""Opening the SQLite file safely: WAL, busy timeout, corruption set aside, migrations."""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from mlroad_tui.store.cards import first_card, first_due
from mlroad_tui.store.errors import CannotWrite
from mlroad_tui.store.packed import unpack
from mlroad_tui.store.presence import Presence
from mlroad_tui.store.schema import SCHEMA_VERSION, SchemaTooNew, Upgrading, migrate, version
from mlroad_tui.text import html_to_text

BUSY_TIMEOUT_MS = 10_000
# Characters of an item's content that the search index holds (about 3,000 words): the
# reader keeps the whole content, the index the part worth finding.
INDEXED_CONTENT_LIMIT = 20_000


def utc_now() -> str:
    """Timestamps are stored as ISO-8601 UTC text: sortable and readable in any SQLite tool."""
    return datetime.now(UTC).isoformat(timespec="seconds")


class StoreCore:
    """One connection, shared by the store's parts, with one lock so worker threads take turns."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        path: Path,
        read_only: bool = False,
        presence: Presence | None = None,
    ) -> None:
        self.conn = conn
        self.path = path
        self.read_only = read_only  # the file could be opened for reading only
        self._presence = presence
        self._lock = threading.RLock()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction taken up front (IMMEDIATE), so two processes never deadlock.

        A write SQLite refuses becomes `CannotWrite`; nothing of the transaction is kept."""
        with self._lock, self._writing():
            self.conn.execute("BEGIN IMMEDIATE")
            yield self.conn
            self.conn.execute("COMMIT")

    def write(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[sqlite3.Row]:
        """One statement that writes, as its own transaction (SQLite takes the write lock when
        a writing statement starts, so like IMMEDIATE it never deadlocks); the rows it
        RETURNs. A refused write is `CannotWrite`, as in `transaction`."""
        with self._lock, self._writing():
            return self.conn.execute(sql, params).fetchall()

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """Roll back what failed and name a write SQLite refused (read-only file or folder,
        full disk, a lock held too long) as `CannotWrite` with SQLite's reason."""
        try:
            yield
        except BaseException as error:
            # SQLite may have rolled back already (a full disk does): ROLLBACK would then
            # fail with "no transaction is active" and hide the real cause.
            if self.conn.in_transaction:
                with suppress(sqlite3.Error):
                    self.conn.execute("ROLLBACK")
            if isinstance(error, sqlite3.OperationalError) and _refused_write(error):
                raise CannotWrite(self.path, str(error)) from error
            raise

    @contextmanager
    def snapshot(self) -> Iterator[sqlite3.Connection]:
        """Reads that see one state of the file, whatever other processes commit meanwhile."""
        with self._lock:
            self.conn.execute("BEGIN")
            try:
                yield self.conn
            finally:
                self.conn.execute("COMMIT")

    def data_version(self) -> int:
        """A number that changes when another connection (another window, a command) commits
        to the file; our own commits leave it alone. Costs one read of a page in memory."""
        with self._lock:
            return self.conn.execute("PRAGMA data_version").fetchone()[0]

    def rows(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self.conn.execute(sql, params).fetchall()

    def close(self) -> None:
        with self._lock:
            self.conn.close()
            if self._presence is not None:
                self._presence.release()


def connect(path: Path) -> sqlite3.Connection:
    """A connection in autocommit mode (we BEGIN ourselves), WAL journal and a busy timeout."""
    return _set_up(_raw_connection(path), path)


def _raw_connection(path: Path, read_only: bool = False) -> sqlite3.Connection:
    """A connection that has not touched the file yet (no journal switch, no write).

    `read_only` opens a snapshot of a file whose folder forbids the WAL index (-shm)."""
    target = f"file:{quote(str(path))}?mode=ro&immutable=1" if read_only else str(path)
    return sqlite3.connect(
        target,
        timeout=BUSY_TIMEOUT_MS / 1000,
        isolation_level=None,
        check_same_thread=False,
        uri=read_only,
    )


def _set_up(conn: sqlite3.Connection, path: Path) -> sqlite3.Connection:
    """Refuse a newer schema before anything is changed, then switch to WAL and set pragmas."""
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    found = version(conn)  # a read: the file is unchanged until the check has passed
    if found > SCHEMA_VERSION:
        conn.close()
        raise SchemaTooNew(
            f"the database at {path} has schema version {found}, newer than this mlroad "
            f"understands ({SCHEMA_VERSION}); upgrade mlroad to open it (the file is untouched)"
        )
    _enable_wal(conn)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.create_function("html_text", 1, _html_text, deterministic=True)
    conn.create_function("unpacked", 1, unpack, deterministic=True)
    conn.create_function("first_review_card", 2, first_card, deterministic=True)
    conn.create_function("first_review_due", 1, first_due, deterministic=True)
    conn.create_function("leading", 3, _Leading())
    return conn


@lru_cache(maxsize=256)
def _html_text(html: str | None) -> str:
    """The search index's text of an item's content (the schema's triggers and `news_text`
    call it). The index forgets an item by being told this text again, so it must not
    change for the same HTML: a change here, or to INDEXED_CONTENT_LIMIT, needs a migration
    that rebuilds `news_fts`. Kept for the last few hundred articles: each keystroke of a
    search makes snippets of mostly the same newest hits, from their text (~1 ms an article)."""
    return html_to_text(html, INDEXED_CONTENT_LIMIT) if html else ""


class _Leading:
    """SQL `leading(run, rowid, n)`: whether the row is among the first `n` rows the statement
    run numbered `run` (a number new for each run) has reached. So one pass over a search's
    matches takes the first hits with their snippets and counts on past them without making
    any more snippets (search.py): each pass over a prefix's matches reads them all first."""

    def __init__(self) -> None:
        self._run: int | None = None
        self._rowid: int | None = None
        self._seen = 0

    def __call__(self, run: int, rowid: int, n: int) -> bool:
        if run != self._run:
            self._run, self._rowid, self._seen = run, None, 0
        if rowid != self._rowid:  # a row's columns may ask more than once
            self._rowid, self._seen = rowid, self._seen + 1
        return self._seen <= n


def _enable_wal(conn: sqlite3.Connection) -> bool:
    """Switch to WAL, retrying: SQLite answers "locked" at once, without waiting on the busy
    timeout, while another process is switching the same new file. False when the file
    cannot be written (it is then used read-only, as it is); no wait for that."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return True
        except sqlite3.OperationalError as error:
            if not _busy(error):
                if _refused_write(error):
                    return False
                raise
            if time.monotonic() > deadline:
                raise
            time.sleep(0.01)


# SQLite's names for "this write cannot happen": read-only file, folder or mount, a full
# disk, an I/O error, a file it cannot open for writing, a lock held past the busy timeout.
_WRITE_REFUSALS = (
    "SQLITE_READONLY",
    "SQLITE_FULL",
    "SQLITE_IOERR",
    "SQLITE_CANTOPEN",
    "SQLITE_PERM",
    "SQLITE_BUSY",
    "SQLITE_LOCKED",
)


def _refused_write(error: sqlite3.OperationalError) -> bool:
    return (getattr(error, "sqlite_errorname", None) or "").startswith(_WRITE_REFUSALS)


def _busy(error: sqlite3.OperationalError) -> bool:
    return (getattr(error, "sqlite_errorname", None) or "").startswith(
        ("SQLITE_BUSY", "SQLITE_LOCKED")
    )


def _corrupt(error: sqlite3.DatabaseError) -> bool:
    """True for damage; a busy or locked file (OperationalError) is no reason to move it."""
    return not isinstance(error, sqlite3.OperationalError)


# News items and their search index grow with every refresh (100k items: ~180-450 ms to check
# in full); everything else is the learner's own data, small and checked on every open.
_GROWING_TABLES = ("items", "news_fts")


def _healthy(conn: sqlite3.Connection, full: bool = True) -> bool:
    """PRAGMA quick_check over the whole file, or (`full` false) over the tables that do not
    grow with the news: a cost that does not grow with the file, for every ordinary open."""
    try:
        if full:
            return _quick_check(conn)
        tables = [
            row[0]
            for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not row[0].startswith(_GROWING_TABLES)
        ]
        return all(_quick_check(conn, table) for table in tables)
    except sqlite3.DatabaseError as error:
        if _corrupt(error):
            return False
        raise


def _quick_check(conn: sqlite3.Connection, table: str | None = None) -> bool:
    sql = "PRAGMA quick_check" if table is None else f'PRAGMA quick_check("{table}")'
    return conn.execute(sql).fetchone()[0] == "ok"


def _check_flag(path: Path) -> Path:
    """Beside the database: present when its next open must check it in full."""
    return path.with_name(path.name + ".check")


def check_in_full(path: Path) -> bool:
    """The full check on a connection of its own (read-only, so the app's own connection is
    never held up); damage found leaves a flag, so the next open checks it again and sets
    the file aside."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.DatabaseError as error:
        if not _corrupt(error):
            raise
        healthy = False
    else:
        try:
            healthy = _healthy(conn)
        finally:
            conn.close()
    if not healthy:
        _check_flag(path).touch()
    return healthy


def set_aside(path: Path) -> Path:
    """Rename a broken database (and its WAL/SHM files) beside itself; never delete it."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    path.rename(target)
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.rename(target.with_name(target.name + suffix))
    return target


def open_core(path: Path, on_upgrade: Upgrading | None = None) -> tuple[StoreCore, Path | None]:
    """Open (creating or migrating) the database; a broken file is set aside and reported.

    The whole file is checked when the last session did not end cleanly (a WAL file found
    while no other process has the file open, see `Presence`) or a background check asked
    for it; otherwise only the learner's own tables.
    A database that can only be read (read-only file or folder) opens read-only: reading
    works, and every write raises `CannotWrite`. One too new is refused untouched.
    `on_upgrade` hears of an upgrade before it starts (seconds for a large news store).
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise CannotWrite(path, error.strerror or str(error)) from None
    presence = Presence(path)
    try:
        return _open_checked(path, presence, on_upgrade)
    except BaseException:
        presence.release()
        raise


def _open_checked(
    path: Path, presence: Presence, on_upgrade: Upgrading | None
) -> tuple[StoreCore, Path | None]:
    flag = _check_flag(path)
    left_over = presence.alone is not False and path.with_name(path.name + "-wal").exists()
    full = flag.exists() or left_over
    moved: Path | None = None
    snapshot = False
    try:
        conn = connect(path)
    except sqlite3.OperationalError as error:
        if not _refused_write(error) or _busy(error):
            raise
        if not path.is_file():  # a new database in a folder that cannot be written
            raise CannotWrite(path, str(error)) from error
        conn = _set_up(_raw_connection(path, read_only=True), path)  # a read-only folder
        snapshot = True
    except sqlite3.DatabaseError as error:
        if not _corrupt(error):
            raise
        conn = None
    if conn is None or not _healthy(conn, full):
        if conn is not None:
            conn.close()
        try:
            moved = set_aside(path)
        except OSError as error:
            raise CannotWrite(path, f"it is damaged and cannot be set aside: {error}") from None
        conn = connect(path)
    read_only = snapshot or _read_only(path)
    with suppress(OSError):  # a read-only folder keeps its flag: checked in full next time
        flag.unlink(missing_ok=True)
    if version(conn) != SCHEMA_VERSION:
        if read_only:
            conn.close()
            raise CannotWrite(path, "it needs an upgrade for this mlroad, and it is read-only")
        try:
            migrate(conn, on_upgrade)
        except sqlite3.OperationalError as error:
            if _refused_write(error):
                raise CannotWrite(path, str(error)) from error
            raise
    return StoreCore(conn, path, read_only, presence), moved


def _read_only(path: Path) -> bool:
    """True when this process may not write the file (SQLite then opens it read-only)."""
    return not os.access(path, os.W_OK)
