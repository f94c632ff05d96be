"""The feed store: subscriptions, seeding once, item state that refreshes never reset, retention."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from mlroad_tui.feeds.model import DuplicateFeed, ItemFilter, NewItem, Retention, UnknownFeed
from mlroad_tui.store import Store
from mlroad_tui.store.feeds import Feeds
from mlroad_tui.store.schema import FORGOTTEN_KEY


def item(n: int, *, days_ago: float | None = None, title: str | None = None) -> NewItem:
    published = None
    if days_ago is not None:
        when = datetime.now(UTC) - timedelta(days=days_ago)
        published = when.isoformat(timespec="seconds")
    return NewItem(
        key=f"guid:{n}",
        link=f"https://example.org/{n}",
        title=title or f"Item {n}",
        author="A",
        summary=f"Summary {n}",
        tags=("t",),
        published_at=published,
    )


def test_defaults_are_seeded_once_and_removals_stick(store: Store, tmp_path: Path) -> None:
    defaults = [("https://a.example/feed", "A"), ("https://b.example/feed", "B")]
    assert store.feeds.seed_defaults(defaults) == 2
    removed = store.feeds.subscriptions()[0]
    store.feeds.remove(removed.id)
    assert store.feeds.seed_defaults(defaults) == 0
    store.close()
    reopened, _ = Store.open(tmp_path / "mlroad.db")
    try:
        assert reopened.feeds.seed_defaults(defaults) == 0
        assert [f.url for f in reopened.feeds.subscriptions()] == ["https://b.example/feed"]
    finally:
        reopened.close()


def test_add_rename_disable_remove(store: Store) -> None:
    feeds = store.feeds
    feed = feeds.add("https://x.example/rss")
    assert feed.name == "https://x.example/rss" and feed.enabled
    with pytest.raises(DuplicateFeed) as duplicate:
        feeds.add("https://x.example/rss", "again")
    assert duplicate.value.feed.id == feed.id
    assert feeds.rename(feed.id, "X news").name == "X news"
    assert not feeds.set_enabled(feed.id, False).enabled
    assert feeds.subscriptions(enabled_only=True) == []
    feeds.save_items(feed.id, [item(1)])
    assert feeds.items() == []  # a disabled feed's items leave the default list...
    assert len(feeds.items(ItemFilter(feed_id=feed.id))) == 1  # ...but stay reachable
    feeds.remove(feed.id)
    assert feeds.subscriptions() == []
    assert store.core.rows("SELECT count(*) FROM items")[0][0] == 0  # items went too
    for change in (feeds.remove, lambda i: feeds.rename(i, "x"), feeds.get):
        with pytest.raises(UnknownFeed):
            change(feed.id)


def test_refresh_never_duplicates_loses_or_resets_state(store: Store) -> None:
    feeds = store.feeds
    feed = feeds.add("https://x.example/rss")
    assert feeds.save_items(feed.id, [item(1, days_ago=2), item(2, days_ago=1)]) == 2
    first, second = sorted(feeds.items(), key=lambda i: i.id)
    feeds.mark_read(first.id)
    assert feeds.toggle_star(second.id) is True
    # The feed edits a title and adds an item: one new, nothing lost, state kept.
    again = [item(1, days_ago=2, title="Item 1 (corrected)"), item(2, days_ago=1), item(3)]
    assert feeds.save_items(feed.id, again) == 1
    by_id = {i.id: i for i in feeds.items()}
    assert len(by_id) == 3
    assert by_id[first.id].title == "Item 1 (corrected)" and by_id[first.id].read
    assert by_id[first.id].first_seen_at == first.first_seen_at
    assert by_id[second.id].starred and not by_id[second.id].read


def test_headlines_list_what_items_do_keyed_by_their_text(store: Store) -> None:
    """The News list reads headlines (no summary); their text key changes with the item's
    title, summary or tags (relevance is judged once per key), not with read or starred."""
    feeds = store.feeds
    feed = feeds.add("https://x.example/rss")
    long = replace(item(2, days_ago=2), summary="Packed summary text. " * 20)
    feeds.save_items(feed.id, [item(1, days_ago=1), long, item(3, days_ago=3)])
    listed = feeds.items(ItemFilter(text="item"), limit=2, offset=1)
    headlines = feeds.headlines(ItemFilter(text="item"), limit=2, offset=1)
    assert [h.id for h in headlines] == [i.id for i in listed]
    fields = ("id", "feed_id", "feed_title", "title", "sort_at", "read", "starred", "text_key")
    for headline, full in zip(headlines, listed, strict=True):
        assert all(getattr(headline, name) == getattr(full, name) for name in fields)
    found = feeds.items_by_id([listed[1].id, 999, listed[0].id])
    assert sorted(found, key=lambda i: i.id) == sorted(listed, key=lambda i: i.id)
    keys = {h.id: h.text_key for h in feeds.headlines()}
    first = listed[0].id
    feeds.toggle_star(first)
    feeds.mark_read(first)
    assert {h.id: h.text_key for h in feeds.headlines()} == keys
    for changed in (
        replace(long, title="Another title"),
        replace(long, title="Another title", summary="Packed summary text, edited. " * 20),
        replace(long, title="Another title", tags=("u",)),
    ):
        feeds.save_items(feed.id, [changed])
        now = {h.id: h.text_key for h in feeds.headlines()}
        assert now[first] != keys[first] and now[first] == feeds.item(first).text_key
        assert {k: v for k, v in now.items() if k != first} == {
            k: v for k, v in keys.items() if k != first
        }
        keys = now


def test_the_text_filter_ignores_case_and_accents(store: Store) -> None:
    feeds = store.feeds
    a = feeds.add("https://a.example/rss", "Feed A")
    feeds.save_items(a.id, [item(1, title="Géron on Scikit-Learn"), item(2, title="Other")])
    for query in ("geron", "GÉRON", "Géron", "scikit-LEARN"):
        assert [i.title for i in feeds.items(ItemFilter(text=query))] == [
            "Géron on Scikit-Learn"
        ], query


def test_the_folder_filter_lists_only_that_folders_feeds(store: Store) -> None:
    feeds = store.feeds
    papers = feeds.add("https://a.example/rss", "Papers feed", folder="Papers")
    blog = feeds.add("https://b.example/rss", "Blog", site_url="https://b.example/")
    assert (papers.folder, blog.folder, blog.site_url) == ("Papers", None, "https://b.example/")
    feeds.save_items(papers.id, [item(1)])
    feeds.save_items(blog.id, [item(2)])
    assert [i.title for i in feeds.items(ItemFilter(folder="Papers"))] == ["Item 1"]
    assert feeds.items(ItemFilter(folder="Nope")) == []
    assert len(feeds.items()) == 2


def test_items_newest_first_with_filters(store: Store) -> None:
    feeds = store.feeds
    a = feeds.add("https://a.example/rss", "Feed A")
    b = feeds.add("https://b.example/rss")
    feeds.save_items(a.id, [item(1, days_ago=3), item(2, days_ago=1)])
    feeds.save_items(b.id, [item(3, days_ago=2), item(4)], title="Feed B from the document")
    listed = feeds.items()
    assert [i.title for i in listed] == ["Item 4", "Item 2", "Item 3", "Item 1"]
    assert listed[0].feed_title == "Feed B from the document"
    assert listed[1].feed_title == "Feed A"
    assert [i.title for i in feeds.items(limit=2, offset=1)] == ["Item 2", "Item 3"]
    feeds.mark_read(listed[0].id)
    assert feeds.toggle_read(listed[1].id) is True
    assert feeds.toggle_read(listed[1].id) is False
    assert [i.title for i in feeds.items(ItemFilter(unread=True))] == ["Item 2", "Item 3", "Item 1"]
    feeds.toggle_star(listed[2].id)
    assert [i.title for i in feeds.items(ItemFilter(starred=True))] == ["Item 3"]
    assert [i.title for i in feeds.items(ItemFilter(feed_id=a.id))] == ["Item 2", "Item 1"]
    assert [i.title for i in feeds.items(ItemFilter(text="item 3"))] == ["Item 3"]
    assert feeds.items(ItemFilter(text="100%_")) == []  # wildcards are literal
    assert feeds.mark_all_read(a.id) == 2
    assert [i.title for i in feeds.items(ItemFilter(unread=True))] == ["Item 3"]


def test_future_dates_do_not_float_to_the_top(store: Store) -> None:
    feeds = store.feeds
    feed = feeds.add("https://x.example/rss")
    feeds.save_items(feed.id, [item(1, days_ago=-365), item(2, days_ago=1)])
    top = feeds.items()[0]
    assert top.title == "Item 1" and top.sort_at <= datetime.now(UTC).isoformat()
    assert top.published_at > top.sort_at  # the real date is kept, the sort key capped


def test_statuses_record_success_failure_and_not_modified(store: Store) -> None:
    feeds = store.feeds
    feed = feeds.add("https://x.example/rss")
    assert feeds.feed_statuses()[0].feed.last_outcome is None
    feeds.note_failure(feed.id, "http", "HTTP 500 Internal Server Error", 500)
    status = feeds.feed_statuses()[0]
    assert status.feed.failing and status.feed.last_status == 500 and not status.unreachable
    assert status.feed.last_error_at == status.feed.last_checked_at
    feeds.save_items(feed.id, [item(1)], etag='"v1"', last_modified="Mon", status=200)
    status = feeds.feed_statuses()[0]
    assert (status.items, status.unread) == (1, 1)
    assert status.feed.last_outcome == "updated" and status.feed.last_error is None
    assert (status.feed.etag, status.feed.last_modified) == ('"v1"', "Mon")
    feeds.note_failure(feed.id, "connection", "cannot connect", None)
    assert feeds.feed_statuses()[0].unreachable
    feeds.note_not_modified(feed.id, moved_to="https://x.example/new")
    feed = feeds.get(feed.id)
    assert feed.last_outcome == "not_modified" and feed.url == "https://x.example/new"
    assert feed.etag == '"v1"'  # validators survive failures and 304s


def test_a_permanent_move_onto_an_existing_subscription_keeps_both(store: Store) -> None:
    feeds = store.feeds
    old = feeds.add("https://x.example/old")
    feeds.add("https://x.example/new")
    feeds.note_not_modified(old.id, moved_to="https://x.example/new")
    assert feeds.get(old.id).url == "https://x.example/old"


def test_retention_keeps_newest_starred_and_still_listed(store: Store) -> None:
    feeds: Feeds = store.feeds
    feed = feeds.add("https://x.example/rss")
    feeds.save_items(feed.id, [item(n, days_ago=10 - n) for n in range(10)])
    starred = next(i for i in feeds.items() if i.title == "Item 0")
    feeds.toggle_star(starred.id)
    # Still listed by the feed: nothing is purged even beyond max_items.
    feeds.save_items(feed.id, [item(n, days_ago=10 - n) for n in range(10)], retention=Retention(3))
    assert len(feeds.items(limit=100)) == 10
    # The feed now lists only two new items: the old ones may go, except the newest 3 and stars.
    store.core.conn.execute("UPDATE items SET seen_at = '2000-01-01T00:00:00+00:00'")
    feeds.save_items(feed.id, [item(10), item(11)], retention=Retention(max_items=3))
    titles = {i.title for i in feeds.items(limit=100)}
    assert titles == {"Item 11", "Item 10", "Item 9", "Item 0"}


def test_long_text_is_stored_packed_and_reads_back_as_it_came(store: Store) -> None:
    feed = store.feeds.add("https://x.example/rss")
    summary = "Attention is all you need, again and again. " * 30
    article = "<p>" + "Schrödinger <b>bridges</b> " * 80 + "</p>"
    store.feeds.save_items(feed.id, [replace(item(1), summary=summary, content=article)])
    stored = store.feeds.items()[0]
    assert stored.summary == summary and store.feeds.content(stored.id) == article
    sizes = store.core.rows("SELECT length(summary), length(content), typeof(summary) FROM items")
    assert tuple(sizes[0])[2] == "blob"
    assert sizes[0][0] < len(summary) / 4 and sizes[0][1] < len(article.encode()) / 4


def test_retention_by_age(store: Store) -> None:
    feeds = store.feeds
    feed = feeds.add("https://x.example/rss")
    feeds.save_items(feed.id, [item(1, days_ago=40), item(2, days_ago=5)])
    store.core.conn.execute("UPDATE items SET seen_at = '2000-01-01T00:00:00+00:00'")
    feeds.save_items(feed.id, [item(3)], retention=Retention(max_items=500, max_days=30))
    assert {i.title for i in feeds.items()} == {"Item 2", "Item 3"}


def test_toggle_unknown_item_raises(store: Store) -> None:
    with pytest.raises(LookupError):
        store.feeds.toggle_star(12345)


def test_schema_rejects_items_without_a_feed(store: Store) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        store.feeds.save_items(999, [item(1)])


def _used_pages(store: Store) -> int:
    """Pages the file holds data in: freed pages are reused, so this is what makes it grow."""
    conn = store.core.conn
    return (
        conn.execute("PRAGMA page_count").fetchone()[0]
        - conn.execute("PRAGMA freelist_count").fetchone()[0]
    )


WORDS = [f"word{n}" for n in range(300)]
TURNOVER = 1500  # items each turn replaces


def _batch(cycle: int) -> list[NewItem]:
    return [
        item(
            cycle * TURNOVER + n,
            title=" ".join(WORDS[(cycle * 7 + n * j) % 300] for j in range(1, 9)),
        )
        for n in range(TURNOVER)
    ]


def _stays_bounded(store: Store, turn: Callable[[int], None]) -> None:
    """`turn(cycle)` replaces every item: after the second turn the file grows no more."""
    turn(0)
    turn(1)
    after_first = _used_pages(store)
    for cycle in range(2, 8):
        turn(cycle)
    assert len(store.feeds.items(limit=2 * TURNOVER)) == TURNOVER
    assert _used_pages(store) <= 1.3 * after_first
    assert [i.title for i in store.feeds.items(ItemFilter(text=WORDS[0]), limit=1)]


def test_refreshes_that_replace_every_item_leave_the_file_bounded(store: Store) -> None:
    """Retention deletes items, and the search index keeps a note of every deleted row until
    it merges them away: refresh after refresh, without that the file grew by a fifth each."""
    feeds = store.feeds
    feed = feeds.add("https://x.example/rss")

    def refresh(cycle: int) -> None:
        store.core.conn.execute("UPDATE items SET seen_at = '2000-01-01T00:00:00+00:00'")
        feeds.save_items(feed.id, _batch(cycle), retention=Retention(max_items=TURNOVER))
        feeds.tidy_index()  # as a refresh does last

    _stays_bounded(store, refresh)


def _forgotten(store: Store) -> int:
    rows = store.core.rows("SELECT value FROM feed_meta WHERE key = ?", [FORGOTTEN_KEY])
    return int(rows[0][0]) if rows else 0


def test_every_row_the_index_forgets_counts_toward_tidying_it(store: Store) -> None:
    """Items of a removed feed and items indexed again (new text, a renamed feed) leave
    words behind in the index as retention's deletions do: each counts, and once they are
    as many as the items left, tidying merges them away."""
    feeds = store.feeds
    kept, gone = feeds.add("https://kept.example/rss"), feeds.add("https://gone.example/rss")
    feeds.save_items(kept.id, [item(n) for n in range(4)])
    feeds.save_items(gone.id, [item(n) for n in range(3)])
    feeds.save_items(kept.id, [item(n) for n in range(4)])  # the same text: nothing to forget
    assert _forgotten(store) == 0
    feeds.save_items(kept.id, [item(0, title="Retitled")])
    feeds.rename(gone.id, "Gone")
    assert _forgotten(store) == 1 + 3
    assert feeds.tidy_index() is False  # 4 forgotten, 7 items left: not yet worth it
    feeds.remove(gone.id)
    assert _forgotten(store) == 4 + 3
    assert feeds.tidy_index() is True  # 7 forgotten, 4 left
    assert _forgotten(store) == 0
    store.core.conn.execute("INSERT INTO news_fts (news_fts, rank) VALUES ('integrity-check', 1)")
    assert [i.title for i in feeds.items(ItemFilter(text="retitled"))] == ["Retitled"]


def test_feeds_that_come_and_go_leave_the_file_bounded(store: Store) -> None:
    """A feed's items indexed, then the feed removed, again and again: without counting
    those rows the index kept every one of them."""
    feeds = store.feeds

    def turn(cycle: int) -> None:
        feed = feeds.add(f"https://x{cycle}.example/rss")
        feeds.save_items(feed.id, _batch(cycle))
        if cycle:
            feeds.remove(feed.id - 1)
        feeds.tidy_index()  # as a refresh does last

    _stays_bounded(store, turn)
