"""Queries of the full-text index (schema: `news_fts`, `roadmap_fts`, `notes_fts`).

News items and notes are indexed by triggers as they are written; resources and topics are
handed over by the app when a roadmap loads (`index_roadmap`), only when it changed.
"""

from __future__ import annotations

import itertools
import re
import sqlite3
from collections.abc import Collection, Iterable
from dataclasses import dataclass

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
# When more rows of one kind match than this (a common word or a short prefix, in 100,000
# news items or a roadmap 20x the bundled one), they come in the index's own order: news
# newest first, topics and resources as the roadmap lists them. Ranking them would cost more
# than a keystroke may and rank little: bm25 scores every match (7 and 14 ms for the 2,160
# topics and 5,000 resources "att" matches at 20x), and for a word in most news items it
# reads all of them again for the word's IDF (100 ms and more). Fewer are ranked by bm25.
RANKED = 1000
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


@dataclass(frozen=True)
class _Matches:
    """One kind's matches in an index: their ref, title and snippet columns, their own order,
    and bm25's weights of the columns (the title counts most)."""

    ref: str
    title: str
    snippet: str
    matches: str  # FROM … WHERE …
    order: str
    weights: str
    one_pass: bool  # each pass over the matches is dear (see `in_order`)

    def in_order(self) -> str:
        """The first :limit matches in their own order with their text, each row with how
        many match (up to :past).

        A pass over a prefix's matches first reads them all, 6-8 ms for "att*" in 100,000
        news items: there one pass both takes the hits and counts, reading no other row's
        text (`leading`, core.py; ~1.5 µs a row counted). In a roadmap's few thousand rows a
        pass is cheap and a second one counts."""
        if not self.one_pass:
            matched = f"(SELECT count(*) FROM (SELECT 1 FROM {self.matches} LIMIT :past))"
            return (
                f"SELECT :kind AS kind, {self.ref} AS ref, {self.title} AS title, "
                f"{self.snippet} AS snippet, 0.0 AS rank, {matched} AS matched "
                f"FROM {self.matches} ORDER BY {self.order} LIMIT :limit"
            )

        def first(column: str) -> str:
            return f"CASE WHEN leading(:run, rowid, :limit) THEN {column} END"

        return (
            f"WITH found AS MATERIALIZED (SELECT rowid AS rowid, {first(self.ref)} AS ref, "
            f"{first(self.title)} AS title, {first(self.snippet)} AS snippet "
            f"FROM {self.matches} ORDER BY {self.order} LIMIT :past) "
            "SELECT :kind AS kind, ref, title, snippet, 0.0 AS rank, "
            "(SELECT count(*) FROM found) AS matched "
            f"FROM found WHERE ref IS NOT NULL ORDER BY {self.order}"
        )

    def ranked(self) -> str:
        """The best :limit by bm25. Ordered by FTS5's own `rank` (FTS5 sorts), so snippets are
        made for the rows returned only, not for every match before a sort."""
        return (
            f"SELECT :kind AS kind, {self.ref} AS ref, {self.title} AS title, "
            f"{self.snippet} AS snippet, rank FROM {self.matches} "
            f"AND rank MATCH '{self.weights}' ORDER BY rank LIMIT :limit"
        )


_NEWS = _Matches(
    ref="rowid",
    title=f"highlight(news_fts, 0, {_MARKS})",
    snippet=f"snippet(news_fts, -1, {_MARKS}, '…', {SNIPPET_TOKENS})",  # any column's best
    matches="news_fts WHERE news_fts MATCH :expression",
    order="rowid DESC",
    weights="bm25(10.0, 2.0, 1.0, 3.0)",
    one_pass=True,
)
_ROADMAP = _Matches(
    ref="ref",
    title=f"highlight(roadmap_fts, 3, {_MARKS})",
    snippet=f"snippet(roadmap_fts, 4, {_MARKS}, '…', {SNIPPET_TOKENS})",
    matches=f"roadmap_fts WHERE roadmap_fts MATCH :expression AND {_ROWIDS}",
    order="rowid",
    weights="bm25(0, 0, 0, 10.0, 1.0)",
    one_pass=False,
)
_QUERIES = {
    kind: (matches.in_order(), matches.ranked())
    for kind, matches in ((Kind.NEWS, _NEWS), (Kind.TOPIC, _ROADMAP), (Kind.RESOURCE, _ROADMAP))
}
_RUNS = itertools.count()  # `leading`'s numbers for the runs of a statement
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
    """Ranked hits (bm25, up to RANKED matches) for an FTS5 expression built by
    `search.model.match_expression`."""

    def __init__(self, core: StoreCore) -> None:
        self._core = core
        # (roadmap, kind) → the stamp they were read at, and their row ids → refs.
        self._refs: dict[tuple[str, Kind], tuple[tuple[object, ...] | None, dict[int, str]]] = {}

    def find(self, expression: str, kind: Kind, roadmap_id: str, limit: int) -> list[Hit]:
        """The best `limit` hits of one kind, best first; a malformed expression finds none."""
        try:
            if kind is Kind.NOTE:
                rows = self._core.rows(_NOTES, [expression, roadmap_id, limit])
            else:
                rows = self._best(expression, kind, roadmap_id, limit)
        except sqlite3.OperationalError:  # an FTS5 syntax error: the words cannot match
            return []
        return [_hit(row) for row in rows]

    def _best(self, expression: str, kind: Kind, roadmap_id: str, limit: int) -> list[sqlite3.Row]:
        """Ranked by bm25 when at most RANKED rows match, else in their own order (`RANKED`)."""
        in_order, ranked = _QUERIES[kind]
        where = {
            "expression": expression,
            "kind": kind.value,
            "limit": limit,
            "roadmap": roadmap_id,
            "block": _KIND_BLOCKS.get(kind),
        }
        first = self._core.rows(in_order, {**where, "run": next(_RUNS), "past": RANKED + 1})
        if not first or first[0]["matched"] > RANKED:
            return first
        return self._core.rows(ranked, where)

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
