"""Feed subscriptions, their refresh status, and their items (read and starred state).

Items are keyed per feed by a dedupe key (guid, else link, else a hash of title and date), so
a refresh updates what it already has and never duplicates, loses, or un-reads an item.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta

from mlroad_tui.feeds.model import (
    MALFORMED,
    DuplicateFeed,
    ErrorKind,
    Feed,
    FeedStatus,
    Headline,
    Item,
    ItemFilter,
    NewItem,
    Outcome,
    Retention,
    UnknownFeed,
)
from mlroad_tui.search.model import match_expression
from mlroad_tui.store.core import StoreCore, utc_now
from mlroad_tui.store.packed import pack, unpack
from mlroad_tui.store.schema import FORGOTTEN_KEY

SEEDED_KEY = "defaults_seeded"
# Pages of the news index one merge step of `tidy_index` writes: at 100k items, half of them
# forgotten, a step took 21 ms (median; 75 at most) and all 75 steps 2.0 s (load 4).
MERGE_STEP_PAGES = 64


_FEED_FIELDS = (
    "id",
    "url",
    "title",
    "site_url",
    "enabled",
    "etag",
    "last_modified",
    "body_hash",
    "added_at",
    "last_checked_at",
    "last_success_at",
    "last_outcome",
    "last_status",
    "last_error_kind",
    "last_error",
    "last_error_at",
    "folder",
)
_FEED_COLUMNS = ", ".join(_FEED_FIELDS)
_FROM_ITEMS = "FROM items JOIN feeds ON feeds.id = items.feed_id"
# A headline's columns first, an item's after them; `summary` and `tags` as stored (packed
# text, JSON), which a headline only hashes.
_HEADLINE_COLUMNS = (
    "items.id, items.feed_id, COALESCE(NULLIF(feeds.title, ''), feeds.url) AS feed_title, "
    "items.title, items.sort_at, items.read, items.starred, items.summary, items.tags"
)
_ITEM_SELECT = (
    f"SELECT {_HEADLINE_COLUMNS}, items.link, items.author, items.published_at, "
    f"items.first_seen_at {_FROM_ITEMS}"
)
_UPSERT_ITEM = (
    "INSERT INTO items (feed_id, key, link, title, author, summary, tags, published_at, "
    "first_seen_at, seen_at, sort_at, content) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (feed_id, key) DO UPDATE SET link = excluded.link, title = excluded.title, "
    "author = excluded.author, summary = excluded.summary, tags = excluded.tags, "
    "content = excluded.content, "
    "published_at = excluded.published_at, seen_at = excluded.seen_at, "
    "sort_at = CASE WHEN excluded.published_at IS NULL THEN items.first_seen_at "
    "ELSE min(excluded.published_at, items.first_seen_at) END"
)


def _feed(row) -> Feed:
    values = {name: row[name] for name in _FEED_FIELDS}
    outcome = values["last_outcome"]
    return Feed(
        **{
            **values,
            "enabled": bool(values["enabled"]),
            "last_outcome": Outcome(outcome) if outcome else None,
        }
    )


def _headline(row) -> Headline:
    return Headline(
        row[0], row[1], row[2], row[3], row[4], bool(row[5]), bool(row[6]), _text_key(row)
    )


def _text_key(row) -> int:
    """Changes with the item's title, summary or tags; read as stored, so never unpacked."""
    return hash((row["title"], row["summary"], row["tags"]))


def _item(row) -> Item:
    return Item(
        id=row["id"],
        feed_id=row["feed_id"],
        feed_title=row["feed_title"],
        title=row["title"],
        sort_at=row["sort_at"],
        read=bool(row["read"]),
        starred=bool(row["starred"]),
        text_key=_text_key(row),
        link=row["link"],
        author=row["author"],
        summary=unpack(row["summary"]),
        tags=tuple(json.loads(row["tags"])),
        published_at=row["published_at"],
        first_seen_at=row["first_seen_at"],
    )


class Feeds:
    """Queries of the feed reader; every write is one transaction."""

    def __init__(self, core: StoreCore) -> None:
        self._core = core

    # Subscriptions -------------------------------------------------------------------

    def seed_defaults(self, defaults: Iterable[tuple[str, str]]) -> int:
        """Subscribe to the default (url, title) feeds once per database; returns how many.

        Runs only the first time, so feeds the learner removed stay removed; never on a
        database that can only be read (reading it must still work).
        """
        if self._core.read_only:
            return 0
        now = utc_now()
        with self._core.transaction() as conn:
            if conn.execute("SELECT 1 FROM feed_meta WHERE key = ?", [SEEDED_KEY]).fetchone():
                return 0
            added = 0
            for url, title in defaults:
                added += conn.execute(
                    "INSERT OR IGNORE INTO feeds (url, title, added_at) VALUES (?, ?, ?)",
                    [url, title, now],
                ).rowcount
            conn.execute("INSERT INTO feed_meta (key, value) VALUES (?, ?)", [SEEDED_KEY, now])
        return added

    def add(
        self, url: str, title: str = "", *, folder: str | None = None, site_url: str | None = None
    ) -> Feed:
        """Subscribe to a feed URL (already checked by the caller); `DuplicateFeed` if known."""
        with self._core.transaction() as conn:
            row = conn.execute(f"SELECT {_FEED_COLUMNS} FROM feeds WHERE url = ?", [url]).fetchone()
            if row is not None:
                raise DuplicateFeed(_feed(row))
            cursor = conn.execute(
                "INSERT INTO feeds (url, title, added_at, folder, site_url) VALUES (?, ?, ?, ?, ?)",
                [url, title, utc_now(), folder or None, site_url],
            )
        return self.get(cursor.lastrowid)

    def get(self, feed_id: int) -> Feed:
        rows = self._core.rows(f"SELECT {_FEED_COLUMNS} FROM feeds WHERE id = ?", [feed_id])
        if not rows:
            raise UnknownFeed(f"no feed with id {feed_id}")
        return _feed(rows[0])

    def subscriptions(self, *, enabled_only: bool = False) -> list[Feed]:
        where = "WHERE enabled = 1" if enabled_only else ""
        return [
            _feed(r)
            for r in self._core.rows(f"SELECT {_FEED_COLUMNS} FROM feeds {where} ORDER BY id")
        ]

    def remove(self, feed_id: int) -> Feed:
        """Unsubscribe, deleting the feed's items too; returns what was removed."""
        feed = self.get(feed_id)
        with self._core.transaction() as conn:
            conn.execute("DELETE FROM feeds WHERE id = ?", [feed_id])
        return feed

    def rename(self, feed_id: int, title: str) -> Feed:
        self._update(feed_id, "title = ?", [title])
        return self.get(feed_id)

    def set_enabled(self, feed_id: int, enabled: bool) -> Feed:
        """Disabled feeds are not refreshed and their items leave the default item list."""
        self._update(feed_id, "enabled = ?", [int(enabled)])
        return self.get(feed_id)

    def _update(self, feed_id: int, assignments: str, params: list) -> None:
        with self._core.transaction() as conn:
            cursor = conn.execute(
                f"UPDATE feeds SET {assignments} WHERE id = ?", [*params, feed_id]
            )
        if cursor.rowcount == 0:
            raise UnknownFeed(f"no feed with id {feed_id}")

    def signature(self) -> tuple[object, ...]:
        """Changes whenever items arrive, go, or are read or starred, or feeds are edited:
        what another window needs to know to redraw News (one query)."""
        row = self._core.rows(
            "SELECT (SELECT count(*) || ':' || coalesce(max(id), 0) || ':' || total(read) "
            "|| ':' || total(starred) FROM items), "
            "(SELECT group_concat(id || title || enabled || coalesce(last_checked_at, '')) "
            "FROM feeds)"
        )[0]
        return tuple(row)

    def feed_statuses(self) -> list[FeedStatus]:
        """Every feed with its item and unread counts, in subscription order."""
        rows = self._core.rows(
            f"SELECT {', '.join(f'feeds.{name}' for name in _FEED_FIELDS)}, "
            "count(items.id) AS n_items, coalesce(sum(items.read = 0), 0) AS n_unread "
            "FROM feeds LEFT JOIN items ON items.feed_id = feeds.id "
            "GROUP BY feeds.id ORDER BY feeds.id"
        )
        return [FeedStatus(_feed(r), r["n_items"], r["n_unread"]) for r in rows]

    # Refresh results -----------------------------------------------------------------

    def save_items(
        self,
        feed_id: int,
        items: Sequence[NewItem],
        *,
        title: str = "",
        site_url: str | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
        body_hash: str | None = None,
        status: int | None = None,
        moved_to: str | None = None,
        warning: str | None = None,
        retention: Retention = Retention(),
    ) -> int:
        """Store a successful fetch in one transaction; returns how many items were new.

        Existing items get fresh text but keep first-seen time and read/starred state.
        """
        now = utc_now()
        rows = [
            (
                feed_id,
                item.key,
                item.link,
                item.title,
                item.author,
                pack(item.summary),
                json.dumps(item.tags, ensure_ascii=False),
                item.published_at,
                now,
                now,
                min(item.published_at, now) if item.published_at else now,
                pack(item.content),
            )
            for item in items
        ]
        with self._core.transaction() as conn:
            # The feed's name first: items are indexed with it, and a name set after them
            # would index them all again.
            conn.execute(
                "UPDATE feeds SET title = CASE WHEN title = '' THEN ? ELSE title END, "
                "site_url = coalesce(?, site_url), etag = ?, last_modified = ?, body_hash = ?, "
                "last_checked_at = ?, last_success_at = ?, last_outcome = ?, "
                "last_status = ?, last_error_kind = ?, last_error = ?, last_error_at = ? "
                "WHERE id = ?",
                [
                    title,
                    site_url,
                    etag,
                    last_modified,
                    body_hash,
                    now,
                    now,
                    Outcome.UPDATED.value,
                    status,
                    MALFORMED if warning else None,
                    warning,
                    now if warning else None,
                    feed_id,
                ],
            )
            self._move(conn, feed_id, moved_to)
            before = self._count(conn, feed_id)
            conn.executemany(_UPSERT_ITEM, rows)
            new = self._count(conn, feed_id) - before
            self._purge(conn, feed_id, now, retention)
        return new

    def note_not_modified(
        self, feed_id: int, *, status: int = 304, moved_to: str | None = None
    ) -> None:
        """The feed is fine and unchanged: a 304, or (status 200) the very same body again."""
        now = utc_now()
        with self._core.transaction() as conn:
            conn.execute(
                "UPDATE feeds SET last_checked_at = ?, last_success_at = ?, "
                "last_outcome = ?, last_status = ?, last_error_kind = NULL, "
                "last_error = NULL, last_error_at = NULL WHERE id = ?",
                [now, now, Outcome.NOT_MODIFIED.value, status, feed_id],
            )
            self._move(conn, feed_id, moved_to)

    def note_failure(self, feed_id: int, kind: ErrorKind, message: str, status: int | None) -> None:
        """Record why the refresh failed; the feed's items and validators are untouched."""
        now = utc_now()
        with self._core.transaction() as conn:
            conn.execute(
                "UPDATE feeds SET last_checked_at = ?, last_outcome = ?, last_status = ?, "
                "last_error_kind = ?, last_error = ?, last_error_at = ? WHERE id = ?",
                [now, Outcome.FAILED.value, status, ErrorKind(kind).value, message, now, feed_id],
            )

    @staticmethod
    def _count(conn, feed_id: int) -> int:
        return conn.execute("SELECT count(*) FROM items WHERE feed_id = ?", [feed_id]).fetchone()[0]

    @staticmethod
    def _move(conn, feed_id: int, moved_to: str | None) -> None:
        """Follow a permanent redirect, unless the new URL is already its own subscription."""
        if moved_to:
            conn.execute(
                "UPDATE feeds SET url = ? WHERE id = ? AND NOT EXISTS "
                "(SELECT 1 FROM feeds WHERE url = ?)",
                [moved_to, feed_id, moved_to],
            )

    @staticmethod
    def _purge(conn, feed_id: int, now: str, retention: Retention) -> None:
        """Delete what retention lets go."""
        cutoff = None
        if retention.max_days is not None:
            when = datetime.now(UTC) - timedelta(days=retention.max_days)
            cutoff = when.isoformat(timespec="seconds")
        conn.execute(
            "DELETE FROM items WHERE feed_id = ? AND starred = 0 AND seen_at < ? AND ("
            "id NOT IN (SELECT id FROM items WHERE feed_id = ? ORDER BY sort_at DESC, id DESC "
            "LIMIT ?) OR sort_at < ?)",
            [feed_id, now, feed_id, retention.max_items, cutoff],
        )

    def tidy_index(self) -> bool:
        """Merge away what the news index keeps of the rows it was told to forget, once they
        are as many as the items left; returns whether it did. A refresh calls it last.

        FTS5 keeps a forgotten row's words, plus a note that they are gone, until it merges
        them away, which it seldom does for a large index: each refresh that replaced every
        item grew a 100k-item file by a fifth, and searches on the worn index took 5x as
        long. The schema's triggers count every forgotten row (retention, removed feeds,
        items indexed again). Rewriting the index in one piece ('optimize') took 1.6-4.5 s
        at 100k items and held the store meanwhile; 'merge' does the same work in steps of
        MERGE_STEP_PAGES, each its own transaction, so a read waits one step at most. (The
        first step's negative count merges every level, as 'optimize' does; the later ones
        finish that merge even if a refresh adds to the index meanwhile.)
        """
        row = self._core.rows(
            "SELECT (SELECT value FROM feed_meta WHERE key = ?), (SELECT count(*) FROM items)",
            [FORGOTTEN_KEY],
        )[0]
        forgotten, live = int(row[0] or 0), row[1]
        if not forgotten or forgotten < live:
            return False
        pages = -MERGE_STEP_PAGES
        while True:
            with self._core.transaction() as conn:
                before = conn.total_changes
                conn.execute("INSERT INTO news_fts (news_fts, rank) VALUES ('merge', ?)", [pages])
                if conn.total_changes - before < 2:  # FTS5's sign that nothing is left
                    conn.execute(
                        "UPDATE feed_meta SET value = value - ? WHERE key = ?",
                        [forgotten, FORGOTTEN_KEY],
                    )
                    return True
            pages = MERGE_STEP_PAGES

    # Items ---------------------------------------------------------------------------

    def items(
        self, filter: ItemFilter = ItemFilter(), *, limit: int = 200, offset: int = 0
    ) -> list[Item]:
        """Items newest first, with their feed's name; disabled feeds only when asked by id."""
        return [_item(r) for r in self._select(_ITEM_SELECT, filter, limit, offset)]

    def headlines(
        self, filter: ItemFilter = ItemFilter(), *, limit: int = 200, offset: int = 0
    ) -> list[Headline]:
        """What `items` lists, without the items' text (the News list)."""
        select = f"SELECT {_HEADLINE_COLUMNS} {_FROM_ITEMS}"
        return [_headline(r) for r in self._select(select, filter, limit, offset)]

    def _select(self, select: str, filter: ItemFilter, limit: int, offset: int) -> list:
        where: list[str] = []
        params: list = []
        if filter.feed_id is not None:
            where.append("items.feed_id = ?")
            params.append(filter.feed_id)
        else:
            where.append("feeds.enabled = 1")
        if filter.unread:
            where.append("items.read = 0")
        if filter.starred:
            where.append("items.starred = 1")
        if filter.folder is not None:
            where.append("feeds.folder = ?")
            params.append(filter.folder)
        if filter.text and (expression := match_expression(filter.text)):
            # `+`: walk the items newest first, keeping those in the matches, and stop at
            # `limit`; looking each match up, then sorting, reads every match (100k: 1 s).
            where.append("+items.id IN (SELECT rowid FROM news_fts WHERE news_fts MATCH ?)")
            params.append(expression)
        sql = (
            f"{select} WHERE {' AND '.join(where)} "
            "ORDER BY items.sort_at DESC, items.id DESC LIMIT ? OFFSET ?"
        )
        return self._core.rows(sql, [*params, limit, offset])

    def items_by_id(self, ids: Sequence[int]) -> list[Item]:
        """These items (those still stored), in no particular order."""
        rows = self._core.rows(
            f"{_ITEM_SELECT} WHERE items.id IN (SELECT value FROM json_each(?))",
            [json.dumps(list(ids))],
        )
        return [_item(r) for r in rows]

    def item(self, item_id: int) -> Item | None:
        rows = self._core.rows(f"{_ITEM_SELECT} WHERE items.id = ?", [item_id])
        return _item(rows[0]) if rows else None

    def content(self, item_id: int) -> str:
        """The item's stored HTML for the reader ("" when its feed gave only a summary)."""
        rows = self._core.rows("SELECT content FROM items WHERE id = ?", [item_id])
        return unpack(rows[0]["content"]) if rows else ""

    def mark_read(self, item_id: int, read: bool = True) -> None:
        with self._core.transaction() as conn:
            conn.execute("UPDATE items SET read = ? WHERE id = ?", [int(read), item_id])

    def mark_all_read(self, feed_id: int | None = None) -> int:
        """Mark every unread item (of one feed, or all) read; returns how many changed."""
        with self._core.transaction() as conn:
            if feed_id is None:
                return conn.execute("UPDATE items SET read = 1 WHERE read = 0").rowcount
            return conn.execute(
                "UPDATE items SET read = 1 WHERE read = 0 AND feed_id = ?", [feed_id]
            ).rowcount

    def toggle_read(self, item_id: int) -> bool:
        """Flip the read flag and return the new value."""
        return self._toggle(item_id, "read")

    def toggle_star(self, item_id: int) -> bool:
        """Flip the star and return the new value; starred items survive retention."""
        return self._toggle(item_id, "starred")

    def _toggle(self, item_id: int, column: str) -> bool:
        with self._core.transaction() as conn:
            row = conn.execute(
                f"UPDATE items SET {column} = 1 - {column} WHERE id = ? RETURNING {column}",
                [item_id],
            ).fetchall()
        if not row:
            raise LookupError(f"no item with id {item_id}")
        return bool(row[0][0])
