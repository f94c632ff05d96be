"""Queries of the full-text index (schema: `news_fts`, `roadmap_fts`, `notes_fts`).

News items and notes are indexed by triggers as they are written; resources and topics are
handed over by the app when a roadmap loads (`index_roadmap`), only when it changed.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Collection, Iterable

from mlroad_tui.search.model import (
    MARK_END,
    MARK_START,
    Document,
    Hit,
    Kind,
    Segment,
    segments,
)
from mlroad_tui.store.core import StoreCore
from mlroad_tui.text import strip_controls

SNIPPET_TOKENS = 16
_SPACE = re.compile(r"\s+")
_MARKS = f"'{MARK_START}', '{MARK_END}'"
# News items: a word in most items (any common word, in 100,000) makes bm25 cost a scan of
# all of them (its IDF), 100 ms and more, while it ranks nothing: when more than this many
# items match, the newest come first; fewer are ranked by bm25.
RANKED_NEWS = 1000
_NEWS_COLUMNS = (
    f"SELECT 'news' AS kind, rowid AS ref, highlight(news_fts, 0, {_MARKS}) AS title, "
    f"snippet(news_fts, -1, {_MARKS}, '…', {SNIPPET_TOKENS}) AS snippet"
)
# A match past the newest RANKED_NEWS: none when no more match (reads the doclist only).
_NEWS_MANY = (
    "SELECT rowid FROM news_fts WHERE news_fts MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?"
)
# Ordered by FTS5's own `rank` (FTS5 sorts), so snippets are made for the rows returned only,
# not for every match before a sort. The title counts most.
_NEWS_RANKED = (
    f"{_NEWS_COLUMNS}, rank FROM news_fts WHERE news_fts MATCH ? "
    "AND rank MATCH 'bm25(10.0, 2.0, 1.0, 3.0)' ORDER BY rank LIMIT ?"
)
_NEWS_NEWEST = (
    f"{_NEWS_COLUMNS}, 0.0 AS rank FROM news_fts WHERE news_fts MATCH ? ORDER BY rowid DESC LIMIT ?"
)
# A roadmap's resources and topics have rowids of their own: its `search_sources` rowid, then
# a block per kind, then a count. "rowid BETWEEN" is answered by FTS5 from the index alone,
# while a condition on an UNINDEXED column reads the stored row of every match (at 20x the
# bundled roadmap, "att" matches 7,000 rows: 7-14 ms a kind, each keystroke).
_KIND_BLOCKS = {Kind.TOPIC: 0, Kind.RESOURCE: 1}
_KIND_SPAN = 1 << 28  # rows of one kind in one roadmap, at most
_ROADMAP_SPAN = 1 << 32
_FIRST_ROWID = f"rowid * {_ROADMAP_SPAN} + :block * {_KIND_SPAN}"
_ROWIDS = (
    f"rowid BETWEEN (SELECT {_FIRST_ROWID} FROM search_sources WHERE roadmap = :roadmap) "
    f"AND (SELECT {_FIRST_ROWID} + {_KIND_SPAN - 1} FROM search_sources WHERE roadmap = :roadmap)"
)
# Resources, topics and notes, ordered by FTS5's `rank` too; the title counts most.
_ROADMAP = (
    f"SELECT kind, ref, highlight(roadmap_fts, 3, {_MARKS}) AS title, "
    f"snippet(roadmap_fts, 4, {_MARKS}, '…', {SNIPPET_TOKENS}) AS snippet, rank "
    "FROM roadmap_fts WHERE roadmap_fts MATCH :expression "
    f"AND rank MATCH 'bm25(0, 0, 0, 10.0, 1.0)' AND {_ROWIDS} ORDER BY rank LIMIT :limit"
)
# What a roadmap's rowids stand for: its documents in order (the digest) in its block.
_ROADMAP_STAMP = "SELECT digest, rowid FROM search_sources WHERE roadmap = ?"
_NOTES = (
    "SELECT 'note' AS kind, topic_id AS ref, '' AS title, "
    f"snippet(notes_fts, 2, {_MARKS}, '…', {SNIPPET_TOKENS}) AS snippet, rank "
    "FROM notes_fts WHERE notes_fts MATCH ? AND roadmap_id = ? ORDER BY rank LIMIT ?"
)


def _runs(marked: str) -> tuple[Segment, ...]:
    """Matched and plain runs, each made one safe line (roadmap text and notes too)."""
    return tuple(
        Segment(_SPACE.sub(" ", strip_controls(run.text)), run.hit) for run in segments(marked)
    )


def _hit(row: sqlite3.Row) -> Hit:
    return Hit(
        kind=Kind(row["kind"]),
        ref=str(row["ref"]),
        title=_runs(row["title"]),
        snippet=_runs(row["snippet"]),
        rank=row["rank"],
    )


class SearchIndex:
    """Ranked hits (bm25) for an FTS5 expression built by `search.model.match_expression`."""

    def __init__(self, core: StoreCore) -> None:
        self._core = core
        # (roadmap, kind) → the stamp they were read at, and their row ids → refs.
        self._refs: dict[tuple[str, Kind], tuple[tuple[object, ...] | None, dict[int, str]]] = {}

    def find(self, expression: str, kind: Kind, roadmap_id: str, limit: int) -> list[Hit]:
        """The best `limit` hits of one kind, best first; a malformed expression finds none."""
        try:
            if kind is Kind.NEWS:
                rows = self._news(expression, limit)
            elif kind is Kind.NOTE:
                rows = self._core.rows(_NOTES, [expression, roadmap_id, limit])
            else:
                where = {"expression": expression, "roadmap": roadmap_id, "limit": limit}
                rows = self._core.rows(_ROADMAP, {**where, "block": _KIND_BLOCKS[kind]})
        except sqlite3.OperationalError:  # an FTS5 syntax error: the words cannot match
            return []
        return [_hit(row) for row in rows]

    def _news(self, expression: str, limit: int) -> list[sqlite3.Row]:
        """Ranked by bm25 when at most RANKED_NEWS items match, else the newest first."""
        many = self._core.rows(_NEWS_MANY, [expression, RANKED_NEWS])
        return self._core.rows(_NEWS_NEWEST if many else _NEWS_RANKED, [expression, limit])

    def roadmap_refs(self, expression: str, kind: Kind, roadmap_id: str) -> set[str]:
        """Every resource or topic id of the roadmap that matches (the Resources filter).

        The index gives the rowids of its matches in the roadmap's block for `kind`, named
        from a map of that block: reading each match's own columns instead cost ~11 ms a
        keystroke for the 5,000 resources of a roadmap 20× the bundled one (1.3 ms this way)."""
        where = {"roadmap": roadmap_id, "block": _KIND_BLOCKS[kind], "expression": expression}
        with self._core.snapshot() as conn:
            refs = self._refs_by_rowid(conn, kind, roadmap_id)
            try:
                rows = conn.execute(
                    f"SELECT rowid FROM roadmap_fts WHERE roadmap_fts MATCH :expression "
                    f"AND {_ROWIDS}",
                    where,
                ).fetchall()
            except sqlite3.OperationalError:  # an FTS5 syntax error: the words cannot match
                return set()
        return {refs[rowid] for (rowid,) in rows if rowid in refs}

    def _refs_by_rowid(
        self, conn: sqlite3.Connection, kind: Kind, roadmap_id: str
    ) -> dict[int, str]:
        """The rowids of the roadmap's block for `kind` → their refs, read again only once
        the roadmap is indexed anew (`_ROADMAP_STAMP`)."""
        found = conn.execute(_ROADMAP_STAMP, [roadmap_id]).fetchone()
        stamp = tuple(found) if found else None
        kept = self._refs.get((roadmap_id, kind))
        if kept is not None and kept[0] == stamp:
            return kept[1]
        rows = conn.execute(
            f"SELECT rowid, ref FROM roadmap_fts WHERE {_ROWIDS}",
            {"roadmap": roadmap_id, "block": _KIND_BLOCKS[kind]},
        ).fetchall()
        refs = {rowid: ref for rowid, ref in rows}
        self._refs[(roadmap_id, kind)] = (stamp, refs)
        return refs

    def roadmap_with_digest(self, digest: str) -> str | None:
        """The roadmap indexed with this digest, if one is."""
        rows = self._core.rows("SELECT roadmap FROM search_sources WHERE digest = ?", [digest])
        return rows[0]["roadmap"] if rows else None

    def topic_titles(self, roadmap_id: str, refs: Collection[str]) -> dict[str, str]:
        """The indexed titles of these topics of the roadmap (those it has)."""
        rows = self._core.rows(
            f"SELECT ref, title FROM roadmap_fts WHERE {_ROWIDS}",
            {"roadmap": roadmap_id, "block": _KIND_BLOCKS[Kind.TOPIC]},
        )
        return {row["ref"]: row["title"] for row in rows if row["ref"] in refs}

    def roadmap_indexed(self, roadmap_id: str, digest: str) -> bool:
        rows = self._core.rows(
            "SELECT 1 FROM search_sources WHERE roadmap = ? AND digest = ?", [roadmap_id, digest]
        )
        return bool(rows)

    def index_roadmap(self, roadmap_id: str, digest: str, documents: Iterable[Document]) -> None:
        """Replace the roadmap's resources and topics in the index, and remember its digest;
        each row gets its rowid in the roadmap's block for its kind (`_ROWIDS`)."""
        with self._core.transaction() as conn:
            conn.execute("DELETE FROM roadmap_fts WHERE roadmap = ?", [roadmap_id])
            (source,) = conn.execute(
                "INSERT INTO search_sources (roadmap, digest) VALUES (?, ?) "
                "ON CONFLICT (roadmap) DO UPDATE SET digest = excluded.digest RETURNING rowid",
                [roadmap_id, digest],
            ).fetchone()
            counts = dict.fromkeys(_KIND_BLOCKS, 0)
            rows = []
            for doc in documents:
                n = counts[doc.kind] = counts[doc.kind] + 1
                rowid = source * _ROADMAP_SPAN + _KIND_BLOCKS[doc.kind] * _KIND_SPAN + n
                rows.append((rowid, roadmap_id, doc.kind.value, doc.ref, doc.title, doc.body))
            conn.executemany(
                "INSERT INTO roadmap_fts (rowid, roadmap, kind, ref, title, body) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                rows,
            )
