"""The news desk: what the News pane and the Feeds screen ask for, done against the store.

The App routes those requests here and holds what the panes show (`news`, `today_news`,
`feed_progress`). Loading runs in a thread (thousands of items read and scored), refreshing in
an async worker.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from mlroad_tui.progress import current_phase
from mlroad_tui.text import truncate

if TYPE_CHECKING:  # the feed reader loads after the first frame
    from mlroad_tui.feeds.article import Article
    from mlroad_tui.feeds.model import FeedOutcome, FeedStatus, Item
    from mlroad_tui.feeds.view import NewsQuery, NewsView
    from mlroad_tui.ui.app import MlroadApp
    from mlroad_tui.ui.screens.reader import ReaderScreen

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


class NewsDesk:
    """Loads and refreshes the news, changes items and subscriptions, for `app`."""

    def __init__(self, app: MlroadApp) -> None:
        self.app = app
        # The feeds' item and unread counts, kept while no item changes: a search keystroke
        # only changes the query, and counting costs a scan of every item.
        self._statuses: tuple[FeedStatus, ...] | None = None
        self._wanted: NewsQuery | None = None  # the query whose answer the pane should show

    @property
    def feeds(self):
        assert self.app.store is not None
        return self.app.store.feeds

    def start(self) -> None:
        """After the first frame: subscribe to the default feeds the very first time."""
        from mlroad_tui.feeds.defaults import DEFAULT_FEEDS

        self.feeds.seed_defaults((feed.url, feed.title) for feed in DEFAULT_FEEDS)

    # -- loading ---------------------------------------------------------------------------

    def load(self, query: NewsQuery) -> None:
        if self.app.news is None:  # the pane's first load: Today's list too
            self._load_today_news()
        self._load_news(query)

    def reload(self) -> None:
        """The stored items changed (refresh, feeds edited): the pane and Today follow."""
        from mlroad_tui.feeds.view import NewsQuery

        news = self.app.news
        self._statuses = None
        self._load_news(news.query if news else NewsQuery())
        self._load_today_news()

    def _load_news(self, query: NewsQuery) -> None:
        from mlroad_tui.feeds.view import load_news

        app = self.app
        assert app.roadmap is not None
        roadmap, states, feeds, statuses = app.roadmap, app.states, self.feeds, self._statuses

        self._wanted = query

        def load() -> None:
            view = load_news(feeds, current_phase(roadmap, states), query, statuses=statuses)
            app.call_from_thread(self._loaded, view)

        app.run_worker(
            load,
            name="loading news",
            thread=True,
            exclusive=True,
            group="news-load",
            exit_on_error=False,
        )

    def _loaded(self, view: NewsView) -> None:
        """Show a load's result only if it answers the latest query: a thread worker cannot be
        stopped, so an older, slower search may finish after a newer one."""
        self._statuses = view.statuses
        if view.query == self._wanted:
            self.app.news = view

    def _load_today_news(self) -> None:
        """Today's few relevant unread items: independent of the pane's filters, so not
        recomputed on every search keystroke."""
        from mlroad_tui.feeds.relevance import Matcher, most_relevant

        app = self.app
        assert app.roadmap is not None
        roadmap, states, feeds = app.roadmap, app.states, self.feeds

        def load() -> None:
            matcher = Matcher.for_phase(current_phase(roadmap, states))
            best = tuple(most_relevant(feeds, matcher, count=3))
            app.call_from_thread(setattr, app, "today_news", best)

        app.run_worker(
            load,
            name="loading today's news",
            thread=True,
            exclusive=True,
            group="today-news",
            exit_on_error=False,
        )

    # -- refreshing ------------------------------------------------------------------------

    def refresh(self) -> None:
        self.app.run_worker(
            self._refresh(),
            name="refreshing the feeds",
            exclusive=True,
            group="feeds",
            exit_on_error=False,
        )

    async def _refresh(self) -> None:
        from mlroad_tui.feeds.model import FetchOptions, Retention
        from mlroad_tui.feeds.refresh import refresh_all

        app, feeds = self.app, self.feeds
        settings = app.preferences.settings.feeds  # config.toml's [feeds]
        options, retention = (
            FetchOptions(**settings.fetch_options()),
            Retention(**settings.retention()),
        )
        total = len(feeds.subscriptions(enabled_only=True))
        if not total:
            app.say("No feeds are enabled: press F in News to add or enable some.")
            return
        done: list[FeedOutcome] = []
        app.feed_progress = (0, total)

        def arrived(outcome: FeedOutcome) -> None:
            done.append(outcome)
            app.feed_progress = (len(done), total)

        try:
            outcomes = await refresh_all(
                feeds, options=options, retention=retention, on_progress=arrived
            )
        finally:
            app.feed_progress = None
        self.reload()
        text, how = refresh_summary(outcomes)
        app.say(text, **how)

    # -- items -----------------------------------------------------------------------------

    def open_item(self, item_id: int) -> None:
        """Open the item's link (http and https only) and mark it read."""
        item = self.feeds.item(item_id)
        if item is not None:
            self.app.library.open_link(item.link)
            if item.openable:
                self.feeds.mark_read(item.id)
            self._changed(item)

    def read_item(self, item_id: int) -> None:
        """Open the reader on the item; its article follows from a thread."""
        from mlroad_tui.ui.screens.reader import ReaderScreen

        if (item := self.feeds.item(item_id)) is not None:
            self.app.push_screen(ReaderScreen(item))
            self._convert(item)

    def step(self, item_id: int, offset: int) -> None:
        """`n`/`p` in the reader: the neighbour in the News pane's list, as it is shown."""
        news = self.app.news
        ids = [item.id for item in news.items] if news else []
        at = ids.index(item_id) + offset if item_id in ids else -1
        item = self.feeds.item(ids[at]) if 0 <= at < len(ids) else None
        if item is None or (reader := self._reader()) is None:
            self.app.say("No more items this way.", timeout=3)
            return
        reader.show(item, None)
        self._convert(item)

    def _reader(self) -> ReaderScreen | None:
        """The reader, if it is open (just pushed counts: it may not be mounted yet)."""
        from mlroad_tui.ui.screens.reader import ReaderScreen

        screen = self.app.screen_stack[-1]
        return screen if isinstance(screen, ReaderScreen) else None

    def _convert(self, item: Item) -> None:
        """HTML → Markdown takes up to ~100 ms on a long article: off the event loop."""
        from mlroad_tui.feeds.article import for_item

        app, feeds = self.app, self.feeds

        def convert() -> None:
            article = for_item(item, feeds.content(item.id))
            app.call_from_thread(self._show_read, item, article)

        app.run_worker(
            convert,
            name="opening the item",
            thread=True,
            exclusive=True,
            group="reader",
            exit_on_error=False,
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
        if self.app.news is not None and updated is not None:
            self.app.news = self.app.news.with_item(updated)
        self._load_today_news()

    def mark_all_read(self, feed_id: int | None) -> None:
        count = self.feeds.mark_all_read(feed_id)
        self.app.say(f"Marked {count} items read.")
        self.reload()

    # -- subscriptions ---------------------------------------------------------------------

    def manage_feeds(self) -> None:
        from mlroad_tui.ui.screens.feeds import FeedsScreen

        app = self.app
        app.push_screen(FeedsScreen().data_bind(news=type(app).news))

    def add_feed(self, url: str) -> None:
        from mlroad_tui.feeds.model import check_feed_url

        def add() -> None:
            feed = self.feeds.add(check_feed_url(url))
            self.app.say(f"Subscribed to {feed.url}; press r in News to fetch it.")

        self._change(add)

    def rename_feed(self, feed_id: int, name: str) -> None:
        self._change(lambda: self.feeds.rename(feed_id, name))

    def toggle_feed(self, feed_id: int) -> None:
        def toggle() -> None:
            feed = self.feeds.get(feed_id)
            self.feeds.set_enabled(feed.id, not feed.enabled)

        self._change(toggle)

    def remove_feed(self, feed_id: int) -> None:
        self._change(lambda: self.app.say(f"Removed {self.feeds.remove(feed_id).name}."))

    def _change(self, change) -> None:
        """Apply a change to the subscriptions; a refused one is explained, nothing is lost."""
        from mlroad_tui.feeds.model import BadFeedUrl, DuplicateFeed, UnknownFeed

        try:
            change()
        except (BadFeedUrl, DuplicateFeed, UnknownFeed) as error:
            self.app.say(str(error), title="Feed not changed", severity="warning")
        self.reload()
