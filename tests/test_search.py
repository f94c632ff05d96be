"""The full-text index: a hit of every kind, accents ignored, snippets marked, kept in step."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from sqlite_utils import Database

from mlroad_tui.curriculum import Roadmap, load_roadmap
from mlroad_tui.feeds.model import NewItem, Retention
from mlroad_tui.roadmap_cache import load_roadmap_cached
from mlroad_tui.search import find
from mlroad_tui.search.find import index_roadmap, matching_resources, search
from mlroad_tui.search.model import Kind, Segment, match_expression, segments
from mlroad_tui.store import Store
from mlroad_tui.store import search as store_search
from mlroad_tui.store.core import connect
from mlroad_tui.store.schema import MIGRATIONS, _news_text, _packed_text
from tests.conftest import BUNDLED


@pytest.fixture(scope="module")
def roadmap() -> Roadmap:
    return load_roadmap(BUNDLED)


@pytest.fixture
def store(store: Store, roadmap: Roadmap) -> Store:
    """The shared fresh store, with the roadmap indexed."""
    index_roadmap(store.search, roadmap)
    return store


def news(n: int, title: str, summary: str = "", **fields) -> NewItem:
    return NewItem(
        key=f"guid:{n}",
        link=f"https://example.org/{n}",
        title=title,
        author="",
        summary=summary,
        tags=(),
        published_at=None,
        **fields,
    )


def titles(found, kind: Kind) -> list[str]:
    return [hit.plain_title for hit in found.get(kind, [])]


def assert_index_in_step(store: Store) -> None:
    """FTS5 compares the news index with the text of every stored item (external content):
    a word left behind by a forgotten row, or one missing, fails it."""
    store.core.conn.execute("INSERT INTO news_fts (news_fts, rank) VALUES ('integrity-check', 1)")


def test_a_hit_of_every_kind(store: Store, roadmap: Roadmap) -> None:
    feed = store.feeds.add("https://feeds.example/ml")
    store.feeds.save_items(feed.id, [news(1, "Eigenvectors in one picture")], title="ML Blog")
    store.progress.save_note("calculus", "My eigen intuition: stretch directions")
    found = search(store.search, roadmap.id, "eigen")
    assert titles(found, Kind.TOPIC) == ["Linear Algebra"]  # summary and key points
    assert titles(found, Kind.NEWS) == ["Eigenvectors in one picture"]
    assert titles(found, Kind.NOTE) == ["Calculus"]  # titled by its topic
    assert "Khan Academy - Linear Algebra" in titles(
        search(store.search, roadmap.id, "khan"), Kind.RESOURCE
    )
    # Resources are found by kind, authors and URL too.
    assert titles(search(store.search, roadmap.id, "khanacademy"), Kind.RESOURCE)
    assert list(search(store.search, roadmap.id, "eigen", kinds=[Kind.NOTE])) == [Kind.NOTE]


def test_accents_and_case_are_ignored(store: Store, roadmap: Roadmap) -> None:
    feed = store.feeds.add("https://feeds.example/ml")
    store.feeds.save_items(feed.id, [news(1, "L'équation de Schrödinger", "Über Café")])
    for typed in ("schrodinger", "EQUATION", "uber cafe", "Schrödinger équation"):
        assert titles(search(store.search, roadmap.id, typed), Kind.NEWS) == [
            "L'équation de Schrödinger"
        ], typed


def test_words_match_as_prefixes_and_all_must_match(store: Store, roadmap: Roadmap) -> None:
    feed = store.feeds.add("https://feeds.example/ml")
    store.feeds.save_items(
        feed.id, [news(1, "Transformers for vision"), news(2, "Transformers for audio")]
    )
    assert len(titles(search(store.search, roadmap.id, "transf"), Kind.NEWS)) == 2
    assert titles(search(store.search, roadmap.id, "transf vis"), Kind.NEWS) == [
        "Transformers for vision"
    ]


def test_snippets_mark_the_matched_words(store: Store, roadmap: Roadmap) -> None:
    feed = store.feeds.add("https://feeds.example/ml")
    body = "A long story. " * 20 + "Here the gradient finally vanishes. " + "More words. " * 20
    store.feeds.save_items(feed.id, [news(1, "Training deep nets", body)])
    hit = search(store.search, roadmap.id, "gradient")[Kind.NEWS][0]
    assert Segment("gradient", True) in hit.snippet
    assert "finally vanishes" in hit.plain_snippet and len(hit.plain_snippet) < 200
    title_hit = search(store.search, roadmap.id, "deep")[Kind.NEWS][0]
    assert title_hit.title == (Segment("Training "), Segment("deep", True), Segment(" nets"))


def test_markup_and_controls_in_indexed_text_stay_text(store: Store, roadmap: Roadmap) -> None:
    feed = store.feeds.add("https://feeds.example/ml")
    store.feeds.save_items(feed.id, [news(1, "[bold]loud[/bold] attention", "x")])
    store.progress.save_note("calculus", "attention \x1b[31mred\x1b[0m \x02fake\x03")
    found = search(store.search, roadmap.id, "attention")
    assert found[Kind.NEWS][0].plain_title == "[bold]loud[/bold] attention"
    note = found[Kind.NOTE][0].plain_snippet
    assert "\x1b" not in note and "\x02" not in note and "\x03" not in note


def test_ranked_by_bm25_title_first(store: Store, roadmap: Roadmap) -> None:
    feed = store.feeds.add("https://feeds.example/ml")
    store.feeds.save_items(
        feed.id,
        [news(1, "Other things", "mentions dropout once"), news(2, "Dropout explained", "x")],
    )
    assert titles(search(store.search, roadmap.id, "dropout"), Kind.NEWS) == [
        "Dropout explained",
        "Other things",
    ]


def test_words_in_very_many_items_list_the_newest_first(
    store: Store, roadmap: Roadmap, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past RANKED matches bm25 would scan them all and rank nothing: newest first."""
    feed = store.feeds.add("https://feeds.example/ml")
    fillers = [news(n, f"Filler {n}") for n in range(4, 10)]  # so that dropout is rare
    found = [news(1, "Dropout explained"), news(2, "Other", "dropout"), news(3, "New", "dropout")]
    store.feeds.save_items(feed.id, [*found, *fillers])
    monkeypatch.setattr(store_search, "RANKED", 3)
    assert titles(search(store.search, roadmap.id, "dropout"), Kind.NEWS)[0] == "Dropout explained"
    monkeypatch.setattr(store_search, "RANKED", 2)
    newest = search(store.search, roadmap.id, "dropout", per_kind=2)[Kind.NEWS]
    assert [hit.plain_title for hit in newest] == ["New", "Other"]
    assert all(Segment("dropout", True) in hit.snippet for hit in newest)  # text of the first


def test_words_in_very_many_topics_or_resources_list_them_in_roadmap_order(
    store: Store, roadmap: Roadmap, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past RANKED matches of one kind (at 20x the bundled roadmap, "att" matches 7,000),
    topics and resources come as the roadmap lists them; fewer are ranked by bm25."""
    ranked = search(store.search, roadmap.id, "learning")
    monkeypatch.setattr(store_search, "RANKED", 3)
    in_order = search(store.search, roadmap.id, "learning")
    for kind, listed in (
        (Kind.TOPIC, [topic.title for topic in roadmap.topics()]),
        (Kind.RESOURCE, [resource.title for resource in roadmap.resources.values()]),
    ):
        found = set(titles(ranked, kind))
        assert len(found) > 3 and titles(ranked, kind) != titles(in_order, kind)
        assert titles(in_order, kind) == [title for title in listed if title in found]
        assert all(any(s.hit for s in hit.snippet + hit.title) for hit in in_order[kind])


def test_words_shorter_than_three_letters_match_whole_words(store: Store, roadmap: Roadmap) -> None:
    assert match_expression("gp trans") == '"gp" "trans"*'
    feed = store.feeds.add("https://feeds.example/ml")
    store.feeds.save_items(feed.id, [news(1, "GPT for go players"), news(2, "Go deeper")])
    assert titles(search(store.search, roadmap.id, "go"), Kind.NEWS) == [
        "Go deeper",
        "GPT for go players",
    ]
    assert titles(search(store.search, roadmap.id, "gp"), Kind.NEWS) == []
    assert titles(search(store.search, roadmap.id, "gpt"), Kind.NEWS) == ["GPT for go players"]


def test_hostile_queries_find_nothing_and_never_raise(store: Store, roadmap: Roadmap) -> None:
    for typed in ('"', "AND", "NEAR(", "*", "-x", "title:x", "a OR", "^", "((", "'", "\x00"):
        search(store.search, roadmap.id, typed)
    assert match_expression("   ") is None and match_expression("!!") is None
    assert match_expression('say "hi"') == '"say"* """hi"""*'
    assert match_expression("a b") == '"a" "b"'  # one letter: whole words only


def test_index_follows_insert_update_delete_and_feed_changes(
    store: Store, roadmap: Roadmap
) -> None:
    feeds = store.feeds
    feed = feeds.add("https://feeds.example/ml")

    def found(typed: str) -> list[str]:
        return titles(search(store.search, roadmap.id, typed), Kind.NEWS)

    feeds.save_items(feed.id, [news(1, "Diffusion models", "noise")])
    assert found("diffusion") == ["Diffusion models"]
    feeds.save_items(feed.id, [news(1, "Flow matching", "noise")])  # the same item, retitled
    assert found("diffusion") == [] and found("flow") == ["Flow matching"]
    feeds.mark_read(int(search(store.search, roadmap.id, "flow")[Kind.NEWS][0].ref))
    assert found("flow") == ["Flow matching"]
    # The feed's name is searchable and follows a rename.
    feeds.rename(feed.id, "Generative Weekly")
    assert found("generative") == ["Flow matching"]
    feeds.remove(feed.id)  # its items go, and so do their index rows
    assert found("flow") == [] and found("generative") == []
    assert_index_in_step(store)


def test_the_index_holds_no_copy_and_follows_content_renames_and_moves(
    store: Store, roadmap: Roadmap
) -> None:
    """The index reads its text from the items (no second copy of every article): each
    write hands it the words it indexed, so it stays in step through every kind of change
    (articles long enough to be stored packed)."""
    tables = {row[0] for row in store.core.rows("SELECT name FROM sqlite_master")}
    assert "news_fts_content" not in tables
    feeds = store.feeds
    feed = feeds.add("https://feeds.example/ml")
    article = "<p>The <b>wavelet</b> scattering transform.</p>" + "<p>Filters.</p>" * 10
    feeds.save_items(feed.id, [news(1, "Signals", "x", content=article)], title="Signal Blog")
    hit = search(store.search, roadmap.id, "wavelet")[Kind.NEWS][0]
    assert Segment("wavelet", True) in hit.snippet
    assert "<b>" not in hit.plain_snippet  # the content's text, not its HTML
    feeds.rename(feed.id, "Harmonic Weekly")
    feeds.save_items(feed.id, [news(1, "Signals", "x", content="<p>Now about curvelets.</p>" * 6)])
    assert titles(search(store.search, roadmap.id, "harmonic curvelets"), Kind.NEWS) == ["Signals"]
    assert search(store.search, roadmap.id, "wavelet") == {}
    assert search(store.search, roadmap.id, "signal blog") == {}
    assert_index_in_step(store)
    feeds.save_items(feed.id, [], moved_to="https://feeds.example/moved")
    feeds.rename(feed.id, "")  # unnamed: the feed is known by its URL
    assert titles(search(store.search, roadmap.id, "moved"), Kind.NEWS) == ["Signals"]
    assert_index_in_step(store)
    feeds.remove(feed.id)
    assert search(store.search, roadmap.id, "signals") == {}
    assert_index_in_step(store)


def test_retention_drops_items_from_the_index(store: Store, roadmap: Roadmap) -> None:
    feed = store.feeds.add("https://feeds.example/ml")
    store.feeds.save_items(feed.id, [news(n, f"Paper {n} on pruning") for n in range(5)])
    store.core.conn.execute("UPDATE items SET seen_at = '2000-01-01T00:00:00+00:00'")
    # The feed lists two new ones; keeping two per feed drops the five unlisted ones.
    store.feeds.save_items(
        feed.id, [news(n, f"Paper {n} on pruning") for n in (5, 6)], retention=Retention(2)
    )
    left = titles(search(store.search, roadmap.id, "pruning"), Kind.NEWS)
    assert sorted(left) == ["Paper 5 on pruning", "Paper 6 on pruning"]
    assert_index_in_step(store)


def test_notes_are_indexed_as_saved_and_removed(store: Store, roadmap: Roadmap) -> None:
    progress = store.progress
    progress.save_note("calculus", "chain rule trick")
    assert titles(search(store.search, roadmap.id, "chain rule"), Kind.NOTE) == ["Calculus"]
    progress.save_note("calculus", "integration by parts")
    assert search(store.search, roadmap.id, "trick") == {}
    progress.save_note("calculus", "")
    assert search(store.search, roadmap.id, "integration", kinds=[Kind.NOTE]) == {}


def test_roadmap_is_indexed_again_only_when_it_changed(store: Store, roadmap: Roadmap) -> None:
    assert index_roadmap(store.search, roadmap) is False  # the fixture indexed it
    topic = roadmap.topic("calculus")
    assert topic is not None
    phases = tuple(
        replace(
            phase,
            groups=tuple(
                replace(
                    group,
                    topics=tuple(
                        replace(t, title="Calculus of variations") if t.id == "calculus" else t
                        for t in group.topics
                    ),
                )
                for group in phase.groups
            ),
        )
        for phase in roadmap.phases
    )
    changed = replace(roadmap, phases=phases, _topics={})
    assert index_roadmap(store.search, changed) is True
    assert titles(search(store.search, changed.id, "variations"), Kind.TOPIC) == [
        "Calculus of variations"
    ]
    rows = store.core.rows("SELECT count(*) FROM roadmap_fts WHERE title = 'Calculus'")
    assert rows[0][0] == 0  # the old text is gone, not duplicated


def test_a_cached_roadmap_is_indexed_again_only_when_its_file_changes(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its fingerprint stands for its text: an unchanged file is not hashed document by
    document again, and an edited one is indexed again, so hits never go stale."""
    path = tmp_path / "roadmap.toml"
    path.write_text(BUNDLED.read_text(encoding="utf-8"), encoding="utf-8")
    cache = tmp_path / "cache"
    first = load_roadmap_cached(path, cache)
    assert first.fingerprint and index_roadmap(store.search, first) is True
    with monkeypatch.context() as patched:
        patched.setattr(find, "documents", None)  # neither hashed nor indexed again
        assert index_roadmap(store.search, load_roadmap_cached(path, cache)) is False
    text = path.read_text(encoding="utf-8").replace('title = "Calculus"', 'title = "Variations"')
    path.write_text(text, encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    edited = load_roadmap_cached(path, cache)
    assert edited.fingerprint != first.fingerprint
    assert index_roadmap(store.search, edited) is True
    assert titles(search(store.search, edited.id, "variations"), Kind.TOPIC) == ["Variations"]
    assert "Calculus" not in titles(search(store.search, edited.id, "calculus"), Kind.TOPIC)


def test_each_roadmap_finds_only_its_own_topics_and_resources(
    store: Store, roadmap: Roadmap
) -> None:
    """Each roadmap's rows sit in rowid blocks of their own, one per kind."""
    other = replace(roadmap, id="other", title="Another")
    index_roadmap(store.search, other)
    index_roadmap(store.search, replace(roadmap, title="indexed again"))  # (its block is kept)
    for shown in (roadmap, other):
        found = search(store.search, shown.id, "khan")
        assert titles(found, Kind.TOPIC) == []
        assert len(titles(found, Kind.RESOURCE)) == 3
        assert matching_resources(store.search, shown, "khan calc") == {"khan-calculus"}
    rows = store.core.rows("SELECT roadmap, kind, count(*) FROM roadmap_fts GROUP BY 1, 2")
    per_roadmap = {(row[0], row[1]): row[2] for row in rows}
    assert per_roadmap[("ml-roadmap", "topic")] == per_roadmap[("other", "topic")] > 0
    khan_topics = store.search.find('"khan"*', Kind.TOPIC, "other", 50)
    assert khan_topics == []  # resources never show as topics


def test_a_changed_copy_of_a_roadmap_has_no_fingerprint(roadmap: Roadmap) -> None:
    stamped = replace(roadmap).read_from("file|1|2")
    assert stamped.fingerprint == "file|1|2"
    assert replace(stamped, title="Another").fingerprint == ""


def test_resources_filter_matches_through_the_index(store: Store, roadmap: Roadmap) -> None:
    assert matching_resources(store.search, roadmap, "  ") is None
    khan = matching_resources(store.search, roadmap, "khan")
    assert khan is not None and len(khan) == 3
    assert matching_resources(store.search, roadmap, "khan calc") == {"khan-calculus"}


def test_resources_filter_follows_rows_indexed_again_by_another_window(
    store: Store, roadmap: Roadmap
) -> None:
    """The filter names matches by their rowids, which stand for other resources once the
    roadmap is indexed anew (here by another process, its resources in another order)."""
    khan = matching_resources(store.search, roadmap, "khan")
    assert matching_resources(store.search, roadmap, "khan calc") == {"khan-calculus"}
    resources = dict(reversed(roadmap.resources.items()))
    reordered = replace(roadmap, resources=resources).read_from("edited elsewhere")
    other_window, _ = Store.open(store.core.path)
    index_roadmap(other_window.search, reordered)
    other_window.close()
    assert matching_resources(store.search, roadmap, "khan calc") == {"khan-calculus"}
    assert matching_resources(store.search, roadmap, "khan") == khan


def database_at(path: Path, schema: int) -> sqlite3.Connection:
    """A database as an older mlroad left it: the first `schema` migrations, and one feed.
    (Opened with the store's SQL functions, which older triggers call.)"""
    conn = connect(path)
    conn.isolation_level = None
    db = Database(conn)
    for number, migration in enumerate(MIGRATIONS[:schema], start=1):
        db.execute("BEGIN")
        migration(db)
        db.execute(f"PRAGMA user_version = {number}")
        db.execute("COMMIT")
    conn.execute(
        "INSERT INTO feeds (id, url, title, added_at) VALUES (1, 'https://f.example', 'Fé', 'x')"
    )
    return conn


def test_migration_indexes_an_existing_database(tmp_path: Path, roadmap: Roadmap) -> None:
    """A database from before the index (schema 4) gets its items and notes indexed."""
    conn = database_at(tmp_path / "old.db", 4)
    conn.execute(
        "INSERT INTO items (feed_id, key, title, summary, first_seen_at, seen_at, sort_at) "
        "VALUES (1, 'k', 'Café au lait', 'old summary', 'x', 'x', 'x')"
    )
    conn.execute("INSERT INTO notes VALUES ('calculus', 'remember the jacobian', 'x')")
    conn.close()

    store, _ = Store.open(tmp_path / "old.db")
    try:
        index_roadmap(store.search, roadmap)
        assert titles(search(store.search, roadmap.id, "cafe"), Kind.NEWS) == ["Café au lait"]
        assert titles(search(store.search, roadmap.id, "fe"), Kind.NEWS) == ["Café au lait"]
        assert titles(search(store.search, roadmap.id, "jacobian"), Kind.NOTE) == ["Calculus"]
        assert titles(search(store.search, roadmap.id, "calculus"), Kind.TOPIC)
    finally:
        store.close()


def test_migration_reindexes_news_without_a_copy(tmp_path: Path, roadmap: Roadmap) -> None:
    """A database whose index kept its own copy of the text is indexed again from the items,
    article text included, and the copy is gone."""
    path = tmp_path / "before.db"
    conn = database_at(path, MIGRATIONS.index(_news_text))
    conn.execute(
        "INSERT INTO items (feed_id, key, title, summary, content, first_seen_at, seen_at, "
        "sort_at) VALUES (1, 'k', 'Café au lait', 'x', '<p>Crème brûlée</p>', 'x', 'x', 'x')"
    )
    assert conn.execute("SELECT count(*) FROM news_fts_content").fetchone()[0] == 1
    conn.close()

    store, _ = Store.open(path)
    try:
        for typed in ("cafe", "creme brulee", "fe"):
            assert titles(search(store.search, roadmap.id, typed), Kind.NEWS) == ["Café au lait"]
        tables = {row[0] for row in store.core.rows("SELECT name FROM sqlite_master")}
        assert "news_fts_content" not in tables
        assert_index_in_step(store)
    finally:
        store.close()


def test_migration_packs_item_text_and_keeps_every_item(tmp_path: Path, roadmap: Roadmap) -> None:
    """A database from before packed text, with items read, starred and holding articles,
    upgrades: every item reads back as it was, long text is stored packed, and the index
    still finds the items and forgets them when they go."""
    path = tmp_path / "before.db"
    conn = database_at(path, MIGRATIONS.index(_packed_text))
    summary = "Schrödinger bridges for équivariant graphs. " * 20
    article = "<p>" + "Crème brûlée <b>attention</b> " * 60 + "</p>"
    conn.executemany(
        "INSERT INTO items (feed_id, key, title, summary, content, first_seen_at, seen_at, "
        "sort_at, read, starred) VALUES (1, ?, ?, ?, ?, 'x', 'x', ?, ?, ?)",
        [
            (
                f"k{n}",
                f"Café {n}",
                summary if n % 2 else "short",
                article if n % 3 else "",
                f"2026-01-{n + 1:02d}",
                n % 2,
                int(n % 4 == 0),
            )
            for n in range(12)
        ],
    )
    stored = "SELECT id, title, summary, content, read, starred FROM items ORDER BY id"
    before = [tuple(row) for row in conn.execute(stored)]
    conn.close()

    store, _ = Store.open(path)
    try:
        feeds = store.feeds
        after = [
            (i.id, i.title, i.summary, feeds.content(i.id), int(i.read), int(i.starred))
            for i in sorted(feeds.items(limit=100), key=lambda i: i.id)
        ]
        assert after == before
        kinds = store.core.rows("SELECT typeof(summary), typeof(content) FROM items")
        assert {tuple(k) for k in kinds} >= {("blob", "blob"), ("text", "text")}
        assert_index_in_step(store)
        assert len(titles(search(store.search, roadmap.id, "creme schrodinger"), Kind.NEWS)) == 4
        feeds.remove(1)
        assert_index_in_step(store)
        assert not search(store.search, roadmap.id, "creme").get(Kind.NEWS)
    finally:
        store.close()


def test_segments_split_marked_text() -> None:
    assert segments("a \x02b\x03 c\x02d\x03") == (
        Segment("a "),
        Segment("b", True),
        Segment(" c"),
        Segment("d", True),
    )
    assert segments("") == ()
