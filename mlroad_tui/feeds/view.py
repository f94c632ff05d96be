"""What the News pane shows for a query: items, their relevance to this month, feed health.

One plain function a thread worker can run: it reads the store and scores relevance, both
too slow for the event loop on a full database (thousands of items).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from mlroad_tui.curriculum import Phase
from mlroad_tui.feeds.model import FeedStatus, FeedStore, Headline, Item, ItemFilter, is_offline
from mlroad_tui.feeds.relevance import Matcher

View = Literal["all", "unread", "starred", "relevant"]
VIEWS: tuple[View, ...] = ("all", "unread", "starred", "relevant")
LIMIT = 2000  # items a list holds at most
# Items a query loads first, more once the list is scrolled near its end: a filter keystroke
# at 100k stored items loaded 2,000 rows in ~45 ms (CPU), the first 400 in ~25 ms.
PAGE = 400
BATCH = 500  # headlines read at a time while looking for relevant ones


@dataclass(frozen=True)
class NewsQuery:
    """The pane's filters: one feed, one folder or all, a view, words to search for; and how
    many of the items they select to load."""

    feed_id: int | None = None
    view: View = "all"
    text: str = ""
    folder: str | None = None
    limit: int = PAGE

    def item_filter(self) -> ItemFilter:
        return ItemFilter(
            feed_id=self.feed_id,
            unread=self.view == "unread",
            starred=self.view == "starred",
            text=self.text or None,
            folder=self.folder,
        )


@dataclass(frozen=True)
class NewsView:
    """Items newest first (their headlines: the detail reads an item's text when it is
    shown); `matches` maps the relevant ones to the keywords they mention. `first` is the
    first item in full: a new query's list is shown with the cursor on it, and its detail
    drawn in the same frame rather than read a frame later."""

    query: NewsQuery
    items: tuple[Headline, ...] = ()
    matches: Mapping[int, tuple[str, ...]] = field(default_factory=dict)
    statuses: tuple[FeedStatus, ...] = ()
    first: Item | None = None

    @property
    def more(self) -> bool:
        """Loading more would show more: as many items as asked for, fewer than LIMIT."""
        return len(self.items) >= self.query.limit and self.query.limit < LIMIT

    @property
    def offline(self) -> bool:
        return is_offline(self.statuses)

    def with_item(self, item: Item) -> NewsView:
        """The same view with one item replaced (after marking it read or starring it)."""
        items = tuple(item if old.id == item.id else old for old in self.items)
        first = item if self.first and self.first.id == item.id else self.first
        return NewsView(self.query, items, self.matches, self.statuses, first)


def load_news(
    feeds: FeedStore,
    phase: Phase,
    query: NewsQuery,
    statuses: tuple[FeedStatus, ...] | None = None,
) -> NewsView:
    """The items `query` selects (at most its `limit`), each judged against `phase`'s topics;
    `statuses` are the feeds' counts when the caller knows them unchanged (they cost a scan
    of every item: 73 ms at 100k)."""
    matcher = Matcher.for_phase(phase)
    if query.view == "relevant":
        items, matches = _relevant(feeds, matcher, query.item_filter(), query.limit)
    else:
        items = tuple(feeds.headlines(query.item_filter(), limit=query.limit))
        matches = matcher.matches(feeds, items)
    if statuses is None:
        statuses = tuple(feeds.feed_statuses())
    first = feeds.item(items[0].id) if items else None  # one row: ~0.3 ms
    return NewsView(query, items, matches, statuses, first)


def _relevant(
    feeds: FeedStore, matcher: Matcher, filter: ItemFilter, limit: int
) -> tuple[tuple[Headline, ...], dict[int, tuple[str, ...]]]:
    """The newest `limit` relevant headlines, read in batches until that many are found."""
    found: list[Headline] = []
    matches: dict[int, tuple[str, ...]] = {}
    offset = 0
    while len(found) < limit:
        page = feeds.headlines(filter, limit=BATCH, offset=offset)
        judged = matcher.matches(feeds, page)
        found.extend(h for h in page if h.id in judged)
        matches.update(judged)
        if len(page) < BATCH:
            break
        offset += BATCH
    found = found[:limit]
    return tuple(found), {h.id: matches[h.id] for h in found}
