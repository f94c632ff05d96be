"""What the News pane shows for a query: items, their relevance to this month, feed health.

One plain function a thread worker can run: it reads the store and scores relevance, both
too slow for the event loop on a full database (thousands of items).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from mlroad_tui.curriculum import Phase
from mlroad_tui.feeds.model import FeedStatus, FeedStore, Item, ItemFilter, is_offline
from mlroad_tui.feeds.relevance import Matcher, relevant_items

View = Literal["all", "unread", "starred", "relevant"]
VIEWS: tuple[View, ...] = ("all", "unread", "starred", "relevant")
LIMIT = 2000


@dataclass(frozen=True)
class NewsQuery:
    """The pane's filters: one feed, one folder or all, a view, words to search for."""

    feed_id: int | None = None
    view: View = "all"
    text: str = ""
    folder: str | None = None

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
    """Items newest first; `matches` maps the relevant ones to the keywords they mention."""

    query: NewsQuery
    items: tuple[Item, ...] = ()
    matches: Mapping[int, tuple[str, ...]] = field(default_factory=dict)
    statuses: tuple[FeedStatus, ...] = ()

    @property
    def offline(self) -> bool:
        return is_offline(self.statuses)

    def with_item(self, item: Item) -> NewsView:
        """The same view with one item replaced (after marking it read or starring it)."""
        items = tuple(item if old.id == item.id else old for old in self.items)
        return NewsView(self.query, items, self.matches, self.statuses)


def load_news(
    feeds: FeedStore,
    phase: Phase,
    query: NewsQuery,
    limit: int = LIMIT,
    statuses: tuple[FeedStatus, ...] | None = None,
) -> NewsView:
    """The items `query` selects (at most `limit`), each judged against `phase`'s topics;
    `statuses` are the feeds' counts when the caller knows them unchanged (they cost a scan
    of every item: 73 ms at 100k)."""
    matcher = Matcher.for_phase(phase)
    if query.view == "relevant":
        found = relevant_items(feeds, matcher, query.item_filter(), limit=limit)
        items = tuple(r.item for r in found)
        matches = {r.item.id: r.matches for r in found}
    else:
        items = tuple(feeds.items(query.item_filter(), limit=limit))
        judged = ((item.id, matcher.judge(item)) for item in items)
        matches = {item_id: r.matches for item_id, r in judged if r is not None}
    if statuses is None:
        statuses = tuple(feeds.feed_statuses())
    return NewsView(query, items, matches, statuses)
