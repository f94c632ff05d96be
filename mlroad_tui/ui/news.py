"""The news desk: what the News pane, the reader and the Feeds screen ask for, done against the
store.

A plain object: it takes the store, the roadmap and a `NewsHost` (the App, or a test's
stand-in) and sets what the panes show (`news`, `today_news`, `feed_progress`). Loading runs in
a thread (thousands of items read and scored), refreshing in an async worker.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any, Protocol

from mlroad_tui.progress import States, current_phase
from mlroad_tui.text import truncate
from mlroad_tui.ui.host import Host

if TYPE_CHECKING:  # the feed reader loads after the first frame
    from mlroad_tui.curriculum import Roadmap
    from mlroad_tui.feeds.article import Article
    from mlroad_tui.feeds.model import FeedOutcome, FeedStatus, Item
    from mlroad_tui.feeds.relevance import RelevantItem
    from mlroad_tui.feeds.view import NewsQuery, NewsView
    from mlroad_tui.store import Store
    from mlroad_tui.store.feeds import Feeds
    from mlroad_tui.ui.screens.reader import ReaderScreen
    from mlroad_tui.user_config import FeedSettings

FAILURES_SHOWN = 3  # in the notification; the feeds screen lists them all


def refresh_summary(outcomes: Sequence[FeedOutcome]) -> tuple[str, dict[str, object]]:
    """What to tell the learner after a refresh, and how (title, severity, timeout)."""
    from mlroad_tui.feeds.model import is_offline

    failed = [o for o in outcomes if o.failed]
    new = sum(o.new_items for o in outcomes)
    if is_offline(outcomes):
        return (
            "No feed could be reached: this machine seems to be offline. "
            "The items stored earlier are still here.",
            {"title": "Offline"},
        )
    if failed:
        # A feed without a title is named by its URL, and an error may quote one: both are cut,
        # so a 5,000-character URL cannot cover the screen.
        reasons = "; ".join(
            f"{truncate(o.name, 80)}: {truncate(o.error.message if o.error else 'failed', 160)}"
            for o in failed[:FAILURES_SHOWN]
        )
        if len(failed) > FAILURES_SHOWN:
            reasons += f"; and {len(failed) - FAILURES_SHOWN} more (F shows every feed)"
        return (
            f"{new} new items. {len(failed)} of {len(outcomes)} feeds failed: {reasons}",
            {"title": "News refreshed", "severity": "warning", "timeout": 10},
        )
    return f"{new} new items from {len(outcomes)} feeds.", {"title": "News refreshed"}


class NewsHost(Host, Protocol):
    """What the news desk shows and reads, besides what every desk asks of its host."""

    news: NewsView | None
    news_reader: Callable[[int], Item | None] | None  # an item in full, for the News detail
    today_news: tuple[RelevantItem, ...]
    feed_progress: tuple[int, int] | None
    states: States  # the News relevance follows the current month

    @property
    def screen(self) -> Any:
        """The screen on top (the reader, while one is open)."""


class NewsDesk:
    """Loads and refreshes the news, changes items and subscriptions."""

    def __init__(
        self,
        host: NewsHost,
        store: Store,
        roadmap: Roadmap,
        *,
        settings: FeedSettings,
        open_link: Callable[[str | None], object],
    ) -> None:
        """`settings`: config.toml's [feeds]; `open_link` opens an item's link (http(s) only)."""
        self.host, self.store, self.roadmap = host, store, roadmap
        self.settings = settings
        self.open_link = open_link
        # The feeds' item and unread counts, kept while no item changes: a search keystroke
        # only changes the query, and counting costs a scan of every item.
        self._statuses: tuple[FeedStatus, ...] | None = None
        self._wanted: NewsQuery | None = None  # the query whose answer the pane should show

    @property
    def feeds(self) -> Feeds:
        """The store's feeds, loaded on first use (after the first frame)."""
        return self.store.feeds

    def follow(self, roadmap: Roadmap) -> None:
        """Another roadmap is shown: Today's news and the relevance follow its current month."""
        self.roadmap = roadmap
        if self.host.news is not None:
            self.reload()

    def start(self) -> None:
        """After the first frame: subscribe to the default feeds the very first time; the
        News detail reads items in full from now on."""
        from mlroad_tui.feeds.defaults import DEFAULT_FEEDS

        self.feeds.seed_defaults((feed.url, feed.title) for feed in DEFAULT_FEEDS)
        self.host.news_reader = self.feeds.item

    # -- loading ---------------------------------------------------------------------------

    def load(self, query: NewsQuery) -> None:
        if self.host.news is None:  # the pane's first load: Today's list too
            self._load_today_news()
        self._load_news(query)

    def reload(self) -> None:
        """The stored items changed (refresh, feeds edited): the pane and Today follow."""
        from mlroad_tui.feeds.view import NewsQuery

        news = self.host.news
        self._statuses = None
        self._load_news(news.query if news else NewsQuery())
        self._load_today_news()

    def _load_news(self, query: NewsQuery) -> None:
        from mlroad_tui.feeds.view import load_news

        roadmap, states, feeds = self.roadmap, self.host.states, self.feeds
        statuses = self._statuses
        self._wanted = query
        self.host.in_thread(
            lambda: load_news(feeds, current_phase(roadmap, states), query, statuses=statuses),
            self._loaded,
            name="loading news",
            group="news-load",
            exclusive=True,
        )

    def _loaded(self, view: NewsView) -> None:
        """Show a load's result only if it answers the latest query: a thread worker cannot be
        stopped, so an older, slower search may finish after a newer one."""
        self._statuses = view.statuses
        if view.query == self._wanted:
            self.host.news = view

    def _load_today_news(self) -> None:
        """Today's few relevant unread items: independent of the pane's filters, so not
        recomputed on every search keystroke."""
        from mlroad_tui.feeds.relevance import Matcher, most_relevant

        roadmap, states, feeds = self.roadmap, self.host.states, self.feeds

        def load() -> tuple[RelevantItem, ...]:
            matcher = Matcher.for_phase(current_phase(roadmap, states))
            return tuple(most_relevant(feeds, matcher, count=3))

        self.host.in_thread(
            load, self._relevant, name="loading today's news", group="today-news", exclusive=True
        )

    def _relevant(self, best: tuple[RelevantItem, ...]) -> None:
        self.host.today_news = best

    # -- refreshing ------------------------------------------------------------------------

    def refresh(self) -> None:
        self.host.in_background(self._refresh(), name="refreshing the feeds", group="feeds")

    async def _refresh(self) -> None:
        from mlroad_tui.feeds.model import FetchOptions, Retention
        from mlroad_tui.feeds.refresh import refresh_all

        host, feeds = self.host, self.feeds
        options, retention = (
            FetchOptions(**self.settings.fetch_options()),
            Retention(**self.settings.retention()),
        )
        total = len(feeds.subscriptions(enabled_only=True))
        if not total:
            host.say("No feeds are enabled: press F in News to add or enable some.")
            return
        done: list[FeedOutcome] = []
        host.feed_progress = (0, total)

        def arrived(outcome: FeedOutcome) -> None:
            done.append(outcome)
            host.feed_progress = (len(done), total)

        try:
            outcomes = await refresh_all(
                feeds, options=options, retention=retention, on_progress=arrived
            )
        finally:
            host.feed_progress = None
        self.reload()
        text, how = refresh_summary(outcomes)
        host.say(text, **how)
        # Last, once the news is shown: the index's merge runs in short steps a read can
        # slip between (seconds at 100k items, once per turnover of the items).
        await asyncio.to_thread(feeds.tidy_index)

    # -- items -----------------------------------------------------------------------------

    def open_item(self, item_id: int) -> None:
        """Open the item's link (http and https only) and mark it read."""
        item = self.feeds.item(item_id)
        if item is not None:
            self.open_link(item.link)
            if item.openable:
                self.feeds.mark_read(item.id)
            self._changed(item)

    def read_item(self, item_id: int) -> None:
        """Open the reader on the item; its article follows from a thread."""
        from mlroad_tui.ui.screens.reader import ReaderScreen

        if (item := self.feeds.item(item_id)) is not None:
            self.host.ask(ReaderScreen(item))
            self._convert(item)

    def step(self, item_id: int, offset: int) -> None:
        """`n`/`p` in the reader: the neighbour in the News pane's list, as it is shown."""
        news = self.host.news
        ids = [item.id for item in news.items] if news else []
        at = ids.index(item_id) + offset if item_id in ids else -1
        item = self.feeds.item(ids[at]) if 0 <= at < len(ids) else None
        if item is None or (reader := self._reader()) is None:
            self.host.say("No more items this way.", timeout=3)
            return
        reader.show(item, None)
        self._convert(item)

    def _reader(self) -> ReaderScreen | None:
        """The reader, if it is open (just pushed counts: it may not be mounted yet)."""
        from mlroad_tui.ui.screens.reader import ReaderScreen

        screen = self.host.screen
        return screen if isinstance(screen, ReaderScreen) else None

    def _convert(self, item: Item) -> None:
        """HTML → Markdown takes up to ~100 ms on a long article: off the event loop."""
        from mlroad_tui.feeds.article import for_item

        feeds = self.feeds
        self.host.in_thread(
            lambda: for_item(item, feeds.content(item.id)),
            partial(self._show_read, item),
            name="opening the item",
            group="reader",
            exclusive=True,
        )

    def _show_read(self, item: Item, article: Article) -> None:
        """The article is ready: show it (if the reader is still on that item); it is read."""
        if not item.read:
            self.feeds.mark_read(item.id)
            self._changed(item)
            item = replace(item, read=True)
        if (reader := self._reader()) is not None and reader.item.id == item.id:
            reader.show(item, article)

    def toggle_read(self, item_id: int) -> None:
        if (item := self.feeds.item(item_id)) is not None:
            self.feeds.toggle_read(item.id)
            self._changed(item)

    def toggle_star(self, item_id: int) -> None:
        if (item := self.feeds.item(item_id)) is not None:
            self.feeds.toggle_star(item.id)
            self._changed(item)

    def _changed(self, item: Item) -> None:
        """Show the item's new state in the pane at once; Today's list follows."""
        self._statuses = None  # its feed's unread count changed
        updated = self.feeds.item(item.id)
        if self.host.news is not None and updated is not None:
            self.host.news = self.host.news.with_item(updated)
        self._load_today_news()

    def mark_all_read(self, feed_id: int | None) -> None:
        count = self.feeds.mark_all_read(feed_id)
        self.host.say(f"Marked {count} items read.")
        self.reload()

    # -- subscriptions ---------------------------------------------------------------------

    def add_feed(self, url: str) -> None:
        from mlroad_tui.feeds.model import check_feed_url

        def add() -> None:
            feed = self.feeds.add(check_feed_url(url))
            self.host.say(f"Subscribed to {feed.url}; press r in News to fetch it.")

        self._change(add)

    def rename_feed(self, feed_id: int, name: str) -> None:
        self._change(lambda: self.feeds.rename(feed_id, name))

    def toggle_feed(self, feed_id: int) -> None:
        def toggle() -> None:
            feed = self.feeds.get(feed_id)
            self.feeds.set_enabled(feed.id, not feed.enabled)

        self._change(toggle)

    def remove_feed(self, feed_id: int) -> None:
        self._change(lambda: self.host.say(f"Removed {self.feeds.remove(feed_id).name}."))

    def _change(self, change) -> None:
        """Apply a change to the subscriptions; a refused one is explained, nothing is lost."""
        from mlroad_tui.feeds.model import BadFeedUrl, DuplicateFeed, UnknownFeed

        try:
            change()
        except (BadFeedUrl, DuplicateFeed, UnknownFeed) as error:
            self.host.say(str(error), title="Feed not changed", severity="warning")
        self.reload()
