"""All learner data as versioned JSON, and merging such a file back (through sqlite-utils).

What is exported: every roadmap's learner data (the per-roadmap tables), the roadmaps seen,
the feed subscriptions and the read/starred marks of news items. Caches are not: link
results, feed validators, item texts and the search index come back by themselves.

Merging is idempotent: a row already there is left alone, so importing a file twice changes
nothing. Where both sides hold a row with the same key, the newer one wins (by its timestamp),
else the file's. Rows without a natural key (the study log, histories, re-plans) are merged as
a multiset: each distinct row is there at least as often as in the file.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Mapping
from typing import Any

from mlroad_tui.store.core import StoreCore, utc_now
from mlroad_tui.store.schema import _PER_ROADMAP, SCHEMA_VERSION

FORMAT = "mlroad-export"
VERSION = 1
# Tables merged by key: the key, and the column that says which copy is newer (if any).
_KEYED: dict[str, tuple[tuple[str, ...], str | None]] = {
    "roadmaps": (("id",), "seen_at"),
    "topic_progress": (("roadmap_id", "topic_id"), "changed_at"),
    "resource_state": (("roadmap_id", "resource_id"), None),
    "notes": (("roadmap_id", "topic_id"), "updated_at"),
    "settings": (("roadmap_id", "key"), None),
    "running_timer": (("roadmap_id",), "started_at"),
    "reviews": (("roadmap_id", "topic_id"), "last_review_at"),
    "topic_links": (("roadmap_id", "topic_id", "url"), None),
    "feeds": (("url",), None),
}
# Tables whose rows have only a rowid: merged as a multiset of their other columns.
_LOGS = tuple(name for name, pk in _PER_ROADMAP.items() if pk == "id")
_FEED_COLUMNS = ("url", "title", "site_url", "enabled", "added_at")
_MARKS = "item_marks"  # read/starred, by feed URL and item key


class BadExport(ValueError):
    """The file is not an mlroad export this version can merge, in words for the learner."""


def export(core: StoreCore) -> dict[str, Any]:
    """Every table of learner data, as plain JSON values."""
    from sqlite_utils import Database

    db = Database(core.conn)
    tables: dict[str, list[dict[str, Any]]] = {}
    with core.transaction():  # one consistent snapshot
        for name in (*_KEYED, *_LOGS):
            if name == "feeds":
                rows = db[name].rows_where(select=", ".join(_FEED_COLUMNS), order_by="url")
                tables[name] = list(rows)
            else:
                drop = {"id"} if name in _LOGS else set()
                tables[name] = [
                    {k: v for k, v in row.items() if k not in drop} for row in db[name].rows
                ]
        tables[_MARKS] = [
            {"feed_url": r[0], "key": r[1], "read": r[2], "starred": r[3]}
            for r in db.execute(
                "SELECT f.url, i.key, i.read, i.starred FROM items i JOIN feeds f "
                "ON f.id = i.feed_id WHERE i.read OR i.starred ORDER BY f.url, i.key"
            )
        ]
    return {
        "format": FORMAT,
        "version": VERSION,
        "schema": SCHEMA_VERSION,
        "exported_at": utc_now(),
        "tables": tables,
    }


def merge(core: StoreCore, data: Any, *, dry_run: bool = False) -> dict[str, int]:
    """Merge an export into the store; returns the rows added or changed per table. With
    `dry_run`, the same work is done and then rolled back. Bad input raises BadExport and
    writes nothing."""
    from sqlite_utils import Database

    tables = _checked(core, data)
    counts: dict[str, int] = {}
    try:
        with core.transaction() as conn:
            db = Database(conn)
            for name, rows in tables.items():
                if name == _MARKS:
                    counts[name] = _merge_marks(conn, rows)
                elif name in _LOGS:
                    counts[name] = _merge_log(db, name, rows)
                else:
                    counts[name] = _merge_keyed(db, name, rows)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    except sqlite3.IntegrityError as error:
        raise BadExport(f"a row breaks a rule of the database: {error}") from None
    return counts


class _DryRun(Exception):
    """Rolls the merge back after counting."""


def _checked(core: StoreCore, data: Any) -> dict[str, list[dict[str, Any]]]:
    """The file's tables, each row holding only known columns of plain JSON values."""
    if not isinstance(data, Mapping) or data.get("format") != FORMAT:
        raise BadExport('not an mlroad export (no "format": "mlroad-export")')
    if data.get("version") != VERSION:
        raise BadExport(f"export version {data.get('version')!r}; this mlroad reads {VERSION}")
    tables = data.get("tables")
    if not isinstance(tables, Mapping):
        raise BadExport("the export has no tables")
    known = {n: _columns(core, n) for n in _KEYED}
    known |= {n: _columns(core, n) - {"id"} for n in _LOGS}  # the ids are ours, not the file's
    known |= {"feeds": set(_FEED_COLUMNS), _MARKS: _MARK_COLUMNS}
    checked = {}
    for name, rows in tables.items():
        if name not in known:
            raise BadExport(f"unknown table {name!r}")
        if not isinstance(rows, list):
            raise BadExport(f"{name}: expected a list of rows")
        for n, row in enumerate(rows, start=1):
            if not isinstance(row, Mapping) or not set(row) <= known[name]:
                raise BadExport(f"{name}, row {n}: unknown columns or not an object")
            if not all(v is None or isinstance(v, str | int | float) for v in row.values()):
                raise BadExport(f"{name}, row {n}: values must be text, numbers or null")
        checked[name] = [dict(row) for row in rows]
    return checked


_MARK_COLUMNS = {"feed_url", "key", "read", "starred"}


def _columns(core: StoreCore, table: str) -> set[str]:
    return {r["name"] for r in core.rows(f"PRAGMA table_info({table})")}


def _merge_keyed(db: Any, name: str, rows: list[dict[str, Any]]) -> int:
    key, stamp = _KEYED[name]
    table = db[name]
    changed = 0
    for row in rows:
        where = " AND ".join(f"{k} = ?" for k in key)
        found = list(table.rows_where(where, [row.get(k) for k in key]))
        if found:
            mine = found[0]
            if all(mine.get(k) == v for k, v in row.items()):
                continue
            if stamp and (mine.get(stamp) or "") > (row.get(stamp) or ""):
                continue  # ours is newer
            table.update([mine[k] for k in table.pks], row)
        else:
            table.insert(row)
        changed += 1
    return changed


def _merge_log(db: Any, name: str, rows: list[dict[str, Any]]) -> int:
    """Each distinct row at least as often as in the file (its ids are ours, not the file's)."""
    table = db[name]
    columns = sorted({c for row in rows for c in row})
    have = Counter(tuple(r.get(c) for c in columns) for r in table.rows)
    want = Counter(tuple(row.get(c) for c in columns) for row in rows)
    missing = [
        dict(zip(columns, values, strict=True))
        for values, n in want.items()
        for _ in range(n - have[values])
    ]
    if missing:
        table.insert_all(missing)
    return len(missing)


def _merge_marks(conn: sqlite3.Connection, rows: list[dict[str, Any]]) -> int:
    """Read and starred marks land on the items still stored (others come back unmarked)."""
    changed = 0
    for row in rows:
        cursor = conn.execute(
            "UPDATE items SET read = max(read, ?), starred = max(starred, ?) "
            "WHERE key = ? AND feed_id = (SELECT id FROM feeds WHERE url = ?) "
            "AND (read < ? OR starred < ?)",
            [
                row.get("read", 0),
                row.get("starred", 0),
                row.get("key"),
                row.get("feed_url"),
                row.get("read", 0),
                row.get("starred", 0),
            ],
        )
        changed += cursor.rowcount
    return changed
