"""The SQL schema and its migrations: the only place tables are created or altered.

`PRAGMA user_version` records how many migrations a database has had. A migration is
appended, and never changes what it does once released, so a database made by any older
mlroad upgrades in place and keeps its rows (a test upgrades the first release's database
and compares it with a new one).

A table's shape changes through sqlite-utils (`add_column`, `transform`, `create_index`,
`create`), which writes the SQL and copies the rows. The first tables are written out in SQL:
sqlite-utils cannot say their CHECK constraints, ON DELETE CASCADE or UNIQUE over two
columns, nor FTS5 tables and triggers.
"""

from __future__ import annotations

import sqlite3
import zlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from mlroad_tui.store.errors import StoreError

if TYPE_CHECKING:  # imported when migrating only: it costs ~40 ms, and startup must not wait
    from sqlite_utils import Database

Migration = Callable[["Database"], None]
# Told (found version, target version) before an upgrade starts.
Upgrading = Callable[[int, int], None]


def _run(db: Database, script: str) -> None:
    """Execute `;`-separated statements inside the caller's transaction.

    (`executescript` would COMMIT first, breaking the one-transaction-per-migration rule.)
    """
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


def _progress(db: Database) -> None:
    """Topic progress (with its history), resource state and notes: keyed by curriculum ids."""
    _run(
        db,
        """
        CREATE TABLE topic_progress (
            topic_id   TEXT PRIMARY KEY,
            state      TEXT NOT NULL CHECK (state IN ('todo', 'doing', 'done', 'skipped')),
            changed_at TEXT NOT NULL
        );
        CREATE TABLE topic_events (
            id       INTEGER PRIMARY KEY,
            topic_id TEXT NOT NULL,
            state    TEXT NOT NULL,
            at       TEXT NOT NULL
        );
        CREATE INDEX topic_events_topic ON topic_events (topic_id, at);
        CREATE TABLE resource_state (
            resource_id TEXT PRIMARY KEY,
            visited_at  TEXT,
            bookmarked  INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE notes (
            topic_id   TEXT PRIMARY KEY,
            body       TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        """,
    )


def _links(db: Database) -> None:
    """The last verdict of the link checker per URL (URLs, not resource ids: many share one)."""
    _run(
        db,
        """
        CREATE TABLE link_results (
            url         TEXT PRIMARY KEY,
            verdict     TEXT NOT NULL,
            status_code INTEGER,
            final_url   TEXT,
            permanent   INTEGER NOT NULL DEFAULT 0,
            checked_at  TEXT NOT NULL,
            elapsed_ms  REAL,
            error       TEXT
        );
        """,
    )


def _feeds(db: Database) -> None:
    """Subscriptions with their HTTP cache validators and status, and their items.

    `items.seen_at` is when the feed last listed the item: retention only purges items the
    feed no longer lists, so a purged item never comes back as a fresh unread one.
    `sort_at` is the published time (capped at first sight) or first sight: newest first.
    `feed_meta` holds the feed reader's own flags (e.g. that the defaults were seeded once).
    `body_hash` lets a server without ETag/Last-Modified skip parsing when nothing changed.
    """
    _run(
        db,
        """
        CREATE TABLE feeds (
            id              INTEGER PRIMARY KEY,
            url             TEXT NOT NULL UNIQUE,
            title           TEXT NOT NULL DEFAULT '',
            site_url        TEXT,
            enabled         INTEGER NOT NULL DEFAULT 1,
            etag            TEXT,
            last_modified   TEXT,
            body_hash       TEXT,
            added_at        TEXT NOT NULL,
            last_checked_at TEXT,
            last_success_at TEXT,
            last_outcome    TEXT,
            last_status     INTEGER,
            last_error_kind TEXT,
            last_error      TEXT,
            last_error_at   TEXT
        );
        CREATE TABLE items (
            id            INTEGER PRIMARY KEY,
            feed_id       INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
            key           TEXT NOT NULL,
            link          TEXT,
            title         TEXT NOT NULL DEFAULT '',
            author        TEXT NOT NULL DEFAULT '',
            summary       TEXT NOT NULL DEFAULT '',
            tags          TEXT NOT NULL DEFAULT '[]',
            published_at  TEXT,
            first_seen_at TEXT NOT NULL,
            seen_at       TEXT NOT NULL,
            sort_at       TEXT NOT NULL,
            read          INTEGER NOT NULL DEFAULT 0,
            starred       INTEGER NOT NULL DEFAULT 0,
            UNIQUE (feed_id, key)
        );
        CREATE INDEX items_newest ON items (sort_at);
        CREATE INDEX items_feed_newest ON items (feed_id, sort_at);
        CREATE TABLE feed_meta (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        """,
    )


def _study(db: Database) -> None:
    """Plan settings and re-plans, the study log, the running timer, reviews, project links."""
    _run(
        db,
        """
        CREATE TABLE settings (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE TABLE study_log (
            id         INTEGER PRIMARY KEY,
            topic_id   TEXT NOT NULL,
            day        TEXT NOT NULL,
            minutes    REAL NOT NULL CHECK (minutes > 0),
            started_at TEXT,
            source     TEXT NOT NULL DEFAULT 'manual'
        );
        CREATE INDEX study_log_day ON study_log (day);
        CREATE TABLE running_timer (
            id         INTEGER PRIMARY KEY CHECK (id = 1),
            topic_id   TEXT NOT NULL,
            started_at TEXT NOT NULL
        );
        CREATE TABLE reviews (
            topic_id       TEXT PRIMARY KEY,
            card           TEXT NOT NULL,
            due_at         TEXT NOT NULL,
            last_review_at TEXT
        );
        CREATE TABLE review_log (
            id          INTEGER PRIMARY KEY,
            topic_id    TEXT NOT NULL,
            rating      INTEGER NOT NULL,
            reviewed_at TEXT NOT NULL
        );
        CREATE TABLE topic_links (
            topic_id TEXT NOT NULL,
            url      TEXT NOT NULL,
            PRIMARY KEY (topic_id, url)
        );
        CREATE TABLE plan_changes (
            id            INTEGER PRIMARY KEY,
            day           TEXT NOT NULL,
            daily_minutes INTEGER CHECK (daily_minutes > 0),
            snapshot      TEXT NOT NULL,
            made_at       TEXT NOT NULL
        );
        """,
    )


_FTS = "tokenize = 'unicode61 remove_diacritics 2'"
_FEED_NAME = "coalesce(nullif({t}.title, ''), {t}.url)"


def _search(db: Database) -> None:
    """Items keep their content (HTML, for the reader); FTS5 indexes find everything.

    News and notes are indexed by triggers, so every write path (refresh, retention,
    removing a feed, saving a note) keeps them in step; `html_text()` is the store's SQL
    function (core.py) for the plain text of an item's content. Resources and topics come
    from the roadmap file: the store indexes them (`roadmap_fts`) when a roadmap it has not
    indexed in this version is loaded, recorded in `search_sources` by the roadmap's digest.
    `remove_diacritics 2`: "schrodinger" finds "Schrödinger".
    (Statements one by one: trigger bodies hold semicolons, which `_run` would split.)
    """
    db["items"].add_column("content", str, not_null_default="")
    for statement in (
        f"CREATE VIRTUAL TABLE news_fts USING fts5(title, summary, content, feed, {_FTS})",
        f"""CREATE TRIGGER items_fts_insert AFTER INSERT ON items BEGIN
            INSERT INTO news_fts (rowid, title, summary, content, feed) VALUES (
                new.id, new.title, new.summary, html_text(new.content),
                (SELECT {_FEED_NAME.format(t="feeds")} FROM feeds WHERE id = new.feed_id));
        END""",
        """CREATE TRIGGER items_fts_update AFTER UPDATE OF title, summary, content ON items
        WHEN old.title IS NOT new.title OR old.summary IS NOT new.summary
            OR old.content IS NOT new.content
        BEGIN
            UPDATE news_fts SET title = new.title, summary = new.summary,
                content = html_text(new.content) WHERE rowid = new.id;
        END""",
        """CREATE TRIGGER items_fts_delete AFTER DELETE ON items BEGIN
            DELETE FROM news_fts WHERE rowid = old.id;
        END""",
        f"""CREATE TRIGGER feeds_fts_rename AFTER UPDATE OF title, url ON feeds
        WHEN old.title IS NOT new.title OR old.url IS NOT new.url
        BEGIN
            UPDATE news_fts SET feed = {_FEED_NAME.format(t="new")}
            WHERE rowid IN (SELECT id FROM items WHERE feed_id = new.id);
        END""",
        f"""INSERT INTO news_fts (rowid, title, summary, content, feed)
            SELECT items.id, items.title, items.summary, '', {_FEED_NAME.format(t="feeds")}
            FROM items JOIN feeds ON feeds.id = items.feed_id""",
        f"""CREATE VIRTUAL TABLE roadmap_fts USING fts5(
            roadmap UNINDEXED, kind UNINDEXED, ref UNINDEXED, title, body, {_FTS})""",
        "CREATE TABLE search_sources (roadmap TEXT PRIMARY KEY, digest TEXT NOT NULL)",
        f"CREATE VIRTUAL TABLE notes_fts USING fts5(topic_id UNINDEXED, body, {_FTS})",
        """CREATE TRIGGER notes_fts_insert AFTER INSERT ON notes BEGIN
            INSERT INTO notes_fts (topic_id, body) VALUES (new.topic_id, new.body);
        END""",
        """CREATE TRIGGER notes_fts_update AFTER UPDATE OF topic_id, body ON notes BEGIN
            DELETE FROM notes_fts WHERE topic_id = old.topic_id;
            INSERT INTO notes_fts (topic_id, body) VALUES (new.topic_id, new.body);
        END""",
        """CREATE TRIGGER notes_fts_delete AFTER DELETE ON notes BEGIN
            DELETE FROM notes_fts WHERE topic_id = old.topic_id;
        END""",
        "INSERT INTO notes_fts (topic_id, body) SELECT topic_id, body FROM notes",
    ):
        db.execute(statement)


def _review_cards(db: Database) -> None:
    """Every done topic has a review card. Topics now enter the queue when they are finished
    (so reading the queue never writes); those finished before get their card here, due the
    day after they were finished. (Written out here, not through the store's `enrol`, which
    follows today's schema: a migration must keep meaning what it meant at its version.)"""
    from fsrs import Card

    rows = db.execute(
        "SELECT p.topic_id, p.changed_at FROM topic_progress p "
        "LEFT JOIN reviews r USING (topic_id) WHERE p.state = 'done' AND r.topic_id IS NULL"
    ).fetchall()
    for topic_id, changed_at in rows:
        due = (datetime.fromisoformat(changed_at) + timedelta(days=1)).astimezone(UTC)
        card = Card(card_id=zlib.crc32(topic_id.encode()), due=due)
        db.execute(
            "INSERT INTO reviews (topic_id, card, due_at) VALUES (?, ?, ?)",
            [topic_id, card.to_json(), due.isoformat(timespec="seconds")],
        )


# Every database before per-roadmap data was made with the bundled roadmap: its data is that
# roadmap's. (A literal, not config: a migration means what it meant the day it shipped.)
_FIRST_ROADMAP = "ml-roadmap"
# Learner data and its new primary key; the rest (links, feeds, items) is about URLs and stays
# shared by every roadmap.
_PER_ROADMAP = {
    "topic_progress": ("roadmap_id", "topic_id"),
    "topic_events": "id",
    "resource_state": ("roadmap_id", "resource_id"),
    "notes": ("roadmap_id", "topic_id"),
    "settings": ("roadmap_id", "key"),
    "study_log": "id",
    "running_timer": "roadmap_id",
    "reviews": ("roadmap_id", "topic_id"),
    "review_log": "id",
    "topic_links": ("roadmap_id", "topic_id", "url"),
    "plan_changes": "id",
}


def _per_roadmap(db: Database) -> None:
    """Learner data is keyed by the roadmap's id too, so two roadmaps that share topic ids keep
    separate progress, notes, plans, logs and stats; `roadmaps` remembers each roadmap seen.

    Existing rows go to the bundled roadmap. The column has no default afterwards: a write
    that forgets its roadmap fails instead of landing in the bundled one. The running timer
    becomes one per roadmap (its `id = 1` column goes). The note index gains the roadmap too.
    """
    for statement in (
        "DROP TRIGGER notes_fts_insert",
        "DROP TRIGGER notes_fts_update",
        "DROP TRIGGER notes_fts_delete",
        "DROP TABLE notes_fts",
        "DROP INDEX topic_events_topic",
        "DROP INDEX study_log_day",
    ):
        db.execute(statement)
    for name, pk in _PER_ROADMAP.items():
        table = db[name]
        table.add_column("roadmap_id", str, not_null_default=_FIRST_ROADMAP)
        table.transform(
            pk=pk,
            not_null=set(pk) if isinstance(pk, tuple) else set(),
            drop={"id"} if name == "running_timer" else set(),
            column_order=["id", "roadmap_id"] if pk == "id" else ["roadmap_id"],
            defaults={"roadmap_id": None},
        )
    db["topic_events"].create_index(
        ["roadmap_id", "topic_id", "at"], index_name="topic_events_topic"
    )
    db["study_log"].create_index(["roadmap_id", "day"], index_name="study_log_day")
    db["roadmaps"].create(
        {"id": str, "title": str, "path": str, "seen_at": str, "opened_at": str},
        pk="id",
        not_null={"title", "path", "seen_at"},
    )
    for statement in (
        f"""CREATE VIRTUAL TABLE notes_fts USING fts5(
            roadmap_id UNINDEXED, topic_id UNINDEXED, body, {_FTS})""",
        """CREATE TRIGGER notes_fts_insert AFTER INSERT ON notes BEGIN
            INSERT INTO notes_fts (roadmap_id, topic_id, body)
            VALUES (new.roadmap_id, new.topic_id, new.body);
        END""",
        """CREATE TRIGGER notes_fts_update AFTER UPDATE OF body ON notes BEGIN
            DELETE FROM notes_fts WHERE roadmap_id = old.roadmap_id AND topic_id = old.topic_id;
            INSERT INTO notes_fts (roadmap_id, topic_id, body)
            VALUES (new.roadmap_id, new.topic_id, new.body);
        END""",
        """CREATE TRIGGER notes_fts_delete AFTER DELETE ON notes BEGIN
            DELETE FROM notes_fts WHERE roadmap_id = old.roadmap_id AND topic_id = old.topic_id;
        END""",
        "INSERT INTO notes_fts (roadmap_id, topic_id, body) "
        "SELECT roadmap_id, topic_id, body FROM notes",
    ):
        db.execute(statement)


def _feed_folders(db: Database) -> None:
    """A feed may sit in a folder (an OPML category): kept through import and export, and
    News can show one folder's items. NULL: no folder."""
    db["feeds"].add_column("folder", str)


def _topic_changes(db: Database) -> None:
    """A topic changes state in one statement: an INSERT into the `topic_changes` view, whose
    trigger writes the new state, a line of history and, for a topic just done, its first
    review card (a topic done again keeps its card and history). The statement reads the
    stored state it steps from, so a change made meanwhile in another window is the one
    stepped from. Read, the view lists each change with the state it left.

    `first_review_card()` and `first_review_due()` are the store's SQL functions (core.py).
    Other writers (import, tests) write the tables themselves and fire nothing.
    """
    db.create_view(
        "topic_changes",
        """SELECT roadmap_id, topic_id,
            lag(state, 1, 'todo') OVER (PARTITION BY roadmap_id, topic_id ORDER BY id) AS before,
            state, at
        FROM topic_events""",
    )
    db.execute(
        """CREATE TRIGGER topic_changes_insert INSTEAD OF INSERT ON topic_changes BEGIN
            INSERT INTO topic_progress (roadmap_id, topic_id, state, changed_at)
            VALUES (new.roadmap_id, new.topic_id, new.state, new.at)
            ON CONFLICT (roadmap_id, topic_id) DO UPDATE SET
                state = excluded.state, changed_at = excluded.changed_at;
            INSERT INTO topic_events (roadmap_id, topic_id, state, at)
            VALUES (new.roadmap_id, new.topic_id, new.state, new.at);
            INSERT INTO reviews (roadmap_id, topic_id, card, due_at)
            SELECT new.roadmap_id, new.topic_id, first_review_card(new.topic_id, new.at),
                first_review_due(new.at)
            WHERE new.state = 'done'
            ON CONFLICT (roadmap_id, topic_id) DO NOTHING;
        END"""
    )


_ITEM_FEED = f"(SELECT {_FEED_NAME.format(t='feeds')} FROM feeds WHERE feeds.id = {{t}}.feed_id)"


def _news_index(t: str, feed: str | None = None, text: str = "{}") -> str:
    """The values `news_fts` indexes for item `t` (new, old, or a table's row); `text` wraps
    the columns that may be stored packed."""
    feed = feed or _ITEM_FEED.format(t=t)
    summary, content = text.format(f"{t}.summary"), text.format(f"{t}.content")
    return f"{t}.id, {t}.title, {summary}, html_text({content}), {feed}"


# feed_meta's count of the rows the news index was told to forget since it last merged
# them away (store/feeds.py `tidy_index`).
FORGOTTEN_KEY = "index_unfolded_deletions"


def _news_sync(text: str = "{}", counted: bool = False) -> tuple[str, ...]:
    """The view `news_fts` reads the items' text through, and the triggers that keep it in
    step (see `_news_text`); `text` wraps the columns that may be stored packed; `counted`
    triggers add each row they make the index forget to FORGOTTEN_KEY."""
    old_name, new_name = _FEED_NAME.format(t="old"), _FEED_NAME.format(t="new")
    columns = "news_fts (rowid, title, summary, content, feed)"
    forget = "news_fts (news_fts, rowid, title, summary, content, feed)"

    def tally(rows: str) -> str:
        if not counted:
            return ""
        return (
            f"INSERT INTO feed_meta (key, value) VALUES ('{FORGOTTEN_KEY}', {rows}) "
            "ON CONFLICT (key) DO UPDATE SET value = value + excluded.value;"
        )

    return (
        f"""CREATE VIEW news_text AS SELECT items.id, items.title,
            {text.format("items.summary")} AS summary,
            html_text({text.format("items.content")}) AS content,
            {_FEED_NAME.format(t="feeds")} AS feed
            FROM items JOIN feeds ON feeds.id = items.feed_id""",
        f"""CREATE TRIGGER items_fts_insert AFTER INSERT ON items BEGIN
            INSERT INTO {columns} VALUES ({_news_index("new", text=text)});
        END""",
        f"""CREATE TRIGGER items_fts_update AFTER UPDATE OF title, summary, content ON items
        WHEN old.title IS NOT new.title OR old.summary IS NOT new.summary
            OR old.content IS NOT new.content
        BEGIN
            INSERT INTO {forget} VALUES ('delete', {_news_index("old", text=text)});
            INSERT INTO {columns} VALUES ({_news_index("new", text=text)});
            {tally("1")}
        END""",
        f"""CREATE TRIGGER items_fts_delete AFTER DELETE ON items BEGIN
            INSERT INTO {forget} VALUES ('delete', {_news_index("old", text=text)});
            {tally("1")}
        END""",
        f"""CREATE TRIGGER feeds_fts_rename AFTER UPDATE OF title, url ON feeds
        WHEN {old_name} IS NOT {new_name}
        BEGIN
            INSERT INTO {forget}
            SELECT 'delete', {_news_index("items", old_name, text)} FROM items
            WHERE feed_id = new.id;
            INSERT INTO {columns}
            SELECT {_news_index("items", new_name, text)} FROM items WHERE feed_id = new.id;
            {tally("(SELECT count(*) FROM items WHERE feed_id = new.id)")}
        END""",
    )


def _news_text(db: Database) -> None:
    """The news index reads its text from the items instead of holding a copy of it (FTS5
    external content): the copy, every title, summary and article text again, was 2.8 of the
    6.8 KB an item took.

    `news_text` is what is indexed of an item: title, summary, its content's plain text
    (`html_text()`, core.py) and its feed's name. An external-content index forgets a row
    only when told the very words it indexed, so the triggers hand it the old values; a
    feed's items go before the feed whose name they were indexed with; a renamed feed's
    items are indexed again. `html_text()` must keep returning what it returned: a change
    to it needs a migration that rebuilds this index, as this one does.
    """
    for statement in (
        "DROP TRIGGER items_fts_insert",
        "DROP TRIGGER items_fts_update",
        "DROP TRIGGER items_fts_delete",
        "DROP TRIGGER feeds_fts_rename",
        "DROP TABLE news_fts",
        _news_sync()[0],
        f"""CREATE VIRTUAL TABLE news_fts USING fts5(title, summary, content, feed,
            content = 'news_text', content_rowid = 'id', {_FTS})""",
        *_news_sync()[1:4],
        """CREATE TRIGGER feeds_items_delete BEFORE DELETE ON feeds BEGIN
            DELETE FROM items WHERE feed_id = old.id;
        END""",
        _news_sync()[4],
        "INSERT INTO news_fts (news_fts) VALUES ('rebuild')",
    ):
        db.execute(statement)


def _packed_text(db: Database) -> None:
    """Summaries and article text are stored packed (store/packed.py: zlib, as a BLOB, when
    that is smaller), read through `unpacked()` (core.py) by the index's view and triggers;
    the index itself is unchanged, as the text it reads is. At 100,000 items the summaries
    were 1,347 of the 2,720 bytes an item took.

    `items_feed_newest` (feed, time) goes: a feed's few hundred items are found by the
    (feed, key) index and sorted, and the index cost 41 bytes an item.
    """
    from mlroad_tui.store.packed import pack

    db.conn.create_function("packed", 1, pack, deterministic=True)
    for statement in (
        "DROP TRIGGER items_fts_insert",
        "DROP TRIGGER items_fts_update",
        "DROP TRIGGER items_fts_delete",
        "DROP TRIGGER feeds_fts_rename",
        "DROP VIEW news_text",
        "DROP INDEX items_feed_newest",
        "UPDATE items SET summary = packed(summary), content = packed(content)",
        *_news_sync("unpacked({})"),
    ):
        db.execute(statement)


def _forgetting_counted(db: Database) -> None:
    """Every row the news index is told to forget counts toward merging them away: items
    retention deletes, the items of a removed feed, and items indexed again (new text, a
    renamed feed). Only retention's deletions were counted before (by the store), so the
    index of a database whose feeds changed grew without bound."""
    for statement in (
        "DROP TRIGGER items_fts_update",
        "DROP TRIGGER items_fts_delete",
        "DROP TRIGGER feeds_fts_rename",
        *_news_sync("unpacked({})", counted=True)[2:],
    ):
        db.execute(statement)


def _item_state_index(db: Database) -> None:
    """Each feed's items with their read and starred flags, in an index: the feeds' item and
    unread counts (every News load after a change) and the items' signature (the check for
    another window's changes, on the UI thread) read it instead of every item's row. At
    100k items: 44 -> 14 ms and 29 -> 11 ms, for 12 bytes an item."""
    db["items"].create_index(["feed_id", "read", "starred"], index_name="items_state")


MIGRATIONS: tuple[Migration, ...] = (
    _progress,
    _links,
    _feeds,
    _study,
    _search,
    _review_cards,
    _per_roadmap,
    _feed_folders,
    _topic_changes,
    _news_text,
    _packed_text,
    _forgetting_counted,
    _item_state_index,
)
SCHEMA_VERSION = len(MIGRATIONS)


class SchemaTooNew(StoreError):
    """The database was written by a newer mlroad; we must not touch it."""


def version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def migrate(conn: sqlite3.Connection, on_upgrade: Upgrading | None = None) -> int:
    """Apply the migrations this database lacks, each in its own transaction.

    The version is read again under the write lock, so two processes starting at once
    never apply the same migration twice. `on_upgrade(found, SCHEMA_VERSION)` is called
    once before the first migration of a database that has data (not of a new file).
    """
    from sqlite_utils import Database

    db = Database(conn)
    while True:
        db.execute("BEGIN IMMEDIATE")
        try:
            found = version(conn)
            if found > SCHEMA_VERSION:
                raise SchemaTooNew(
                    f"the database has schema version {found}, newer than this mlroad "
                    f"understands ({SCHEMA_VERSION}); upgrade mlroad to open it"
                )
            if found == SCHEMA_VERSION:
                db.execute("COMMIT")
                return found
            if on_upgrade is not None and found > 0:  # a new file (0) is no upgrade
                on_upgrade(found, SCHEMA_VERSION)
            on_upgrade = None
            MIGRATIONS[found](db)
            db.execute(f"PRAGMA user_version = {found + 1}")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
