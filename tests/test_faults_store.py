"""Issue 9, classes 5 and 6: a database that cannot be written, or comes from a newer mlroad.

Real SQLite files throughout. "Read-only" is made by the kernel, not by SQLite flags: as
root (CI runs as root, and root ignores permission bits) the file or folder is made
immutable with chattr; as anyone else, its write bits are removed. A full disk is SQLite's
`PRAGMA max_page_count` pinned to the pages the file has.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from mlroad_tui import config
from mlroad_tui.cli import main
from mlroad_tui.progress import TopicState
from mlroad_tui.store import CannotWrite, SchemaTooNew, Store
from mlroad_tui.store import core as store_core
from mlroad_tui.store.schema import SCHEMA_VERSION


@contextmanager
def read_only(*paths: Path) -> Iterator[None]:
    """Make files or folders unwritable for this process, whoever it runs as."""
    if os.geteuid() == 0:
        subprocess.run(["chattr", "+i", *map(str, paths)], check=True)
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", *map(str, paths)], check=True)
        return
    modes = {path: path.stat().st_mode for path in paths}
    for path in paths:
        path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        yield
    finally:
        for path, mode in modes.items():
            path.chmod(mode)


@pytest.fixture
def db(capsys: pytest.CaptureFixture[str]) -> Path:
    """A learner's database with one topic done and the feeds seeded, closed."""
    assert main(["topic", "set", "linear-algebra", "done"]) == 0
    assert main(["feeds", "list"]) == 0
    capsys.readouterr()
    return config.db_path()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


WRITES = [
    ["topic", "set", "calculus", "doing"],
    ["log", "calculus", "1h", "--date", "2025-03-01"],
    ["feeds", "add", "https://example.org/feed.xml"],
    ["plan", "set", "--hours", "12"],
]
READS = [["status"], ["news"], ["feeds", "list"], ["today", "--date", "2025-03-12"]]


@pytest.mark.parametrize("what", ["file", "folder", "both"])
def test_a_read_only_database_reads_and_refuses_writes_in_words(
    what: str, db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    targets = {"file": [db], "folder": [db.parent], "both": [db, db.parent]}[what]
    with read_only(*targets):
        for argv in READS:
            code, _, err = run(capsys, *argv)
            assert code == 0, (argv, err)
        assert "1/" in run(capsys, "status")[1]  # linear-algebra is still done
        for argv in WRITES:
            code, _, err = run(capsys, *argv)
            assert code == 1, argv
            assert err.startswith(f"mlroad: cannot write the database at {db}: "), err
            assert "readonly" in err or "read-only" in err or "unable to open" in err, err
            assert len(err.splitlines()) == 1


def test_no_database_in_a_read_only_folder_is_one_clear_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    monkeypatch.setenv("MLROAD_HOME", str(folder))
    with read_only(folder):
        code, _, err = run(capsys, "topic", "set", "calculus", "doing")
    assert code == 1 and "cannot write the database at" in err


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every connection the store opens finds the disk full: no page may be added."""
    real = store_core._set_up

    def filled(conn: sqlite3.Connection, path: Path) -> sqlite3.Connection:
        conn = real(conn, path)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")
        return conn

    monkeypatch.setattr(store_core, "_set_up", filled)


def test_a_full_disk_names_itself_and_loses_nothing(
    db: Path, full_disk: None, capsys: pytest.CaptureFixture[str]
) -> None:
    note = "x" * 200_000  # needs new pages
    code, _, err = run(capsys, "log", "calculus", "1h", "--date", "2025-03-01")
    store, _ = Store.open(db)
    with pytest.raises(CannotWrite, match="database or disk is full"):
        store.progress.save_note("calculus", note)
    assert store.progress.topic_states()["linear-algebra"].state is TopicState.DONE
    assert store.progress.note("calculus") in (None, "")
    store.close()
    if code != 0:  # a log row may fit in a free page; when it does not, the reason is named
        assert "database or disk is full" in err and "no transaction is active" not in err


def test_a_full_disk_stops_a_refresh_with_the_real_cause(db: Path, full_disk: None) -> None:
    import asyncio

    from mlroad_tui.feeds.model import FetchOptions
    from mlroad_tui.feeds.refresh import refresh_all
    from tests.feedserver import fixture, serving

    with serving() as server:
        store, _ = Store.open(db)
        store.feeds.seed_defaults(())
        for number in range(3):
            store.core.conn.execute("PRAGMA max_page_count = 1000000")
            store.feeds.add(server.add(f"/f{number}", fixture("arxiv_cs_lg.xml")))
        pages = store.core.conn.execute("PRAGMA page_count").fetchone()[0]
        store.core.conn.execute(f"PRAGMA max_page_count = {pages}")
        options = FetchOptions(timeout=1, deadline=5)
        try:
            with pytest.raises(CannotWrite, match="database or disk is full"):
                asyncio.run(refresh_all(store.feeds, options=options, only=None))
        finally:
            store.close()


def test_a_newer_database_is_refused_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = config.db_path()
    path.parent.mkdir(parents=True)
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE from_the_future (x)")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    for argv in (["status"], ["topic", "set", "calculus", "doing"]):
        code, _, err = run(capsys, *argv)
        assert code == 1 and "newer than this mlroad" in err
    with pytest.raises(SchemaTooNew):
        Store.open(path)
    assert path.read_bytes() == before  # no WAL switch: the header is byte for byte the same
    assert not path.with_name(path.name + "-wal").exists()


def test_a_read_only_database_opens_without_waiting(db: Path) -> None:
    with read_only(db, db.parent):
        started = time.monotonic()
        store, _ = Store.open(db)
        assert store.read_only
        store.close()
    assert time.monotonic() - started < 2  # no busy-timeout wait for what is no lock
