"""The news feed inside the app: loading the News pane, refreshing feeds, item actions.

MlroadApp inherits these handlers so that `app.py` stays short; the pane only posts requests.
Loading runs in a thread (thousands of items read and scored), refreshing in an async worker.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import work
from textual.app import App
from textual.reactive import reactive

from mlroad_tui.curriculum import Roadmap
from mlroad_tui.progress import States, current_phase
from mlroad_tui.store import Store
from mlroad_tui.ui import messages

if TYPE_CHECKING:  # the feed reader loads after the first frame
    from mlroad_tui.feeds.model import FeedOutcome
    from mlroad_tui.feeds.relevance import RelevantItem
    from mlroad_tui.feeds.view import NewsQuery, NewsView

    _AppBase = App[None]
else:
    _AppBase = object

FAILURES_SHOWN = 3  # in the notification; the feeds screen lists them all


class NewsMixin(_AppBase):
    """Handlers of the News pane's requests, mixed into MlroadApp."""

    store: Store | None
    roadmap: Roadmap | None
    states: States
    say: Callable[..., None]
    open_link: Callable[..., None]

    news: reactive[NewsView | None] = reactive(None, init=False)
    today_news: reactive[tuple[RelevantItem, ...]] = reactive(tuple, init=False)
    feed_progress: reactive[tuple[int, int] | None] = reactive(None, init=False)

    def start_news(self) -> None:
        """After the first frame: subscribe to the default feeds the very first time."""
        from mlroad_tui.feeds.defaults import DEFAULT_FEEDS

        assert self.store is not None
        self.store.feeds.seed_defaults((feed.url, feed.title) for feed in DEFAULT_FEEDS)

    def on_load_news(self, message: messages.LoadNews) -> None:
        if self.news is None:  # the pane's first load: Today's list too
            self._load_today_news()
        self._load_news(message.query)

    def reload_news(self) -> None:
        """The stored items changed (refresh, feeds edited): the pane and Today follow."""
        from mlroad_tui.feeds.view import NewsQuery

        self._load_news(self.news.query if self.news else NewsQuery())
        self._load_today_news()

    @work(thread=True, exclusive=True, group="news-load")
    def _load_news(self, query: NewsQuery) -> None:
        from mlroad_tui.feeds.view import load_news

        assert self.store is not None and self.roadmap is not None
        view = load_news(self.store.feeds, current_phase(self.roadmap, self.states), query)
        self.call_from_thread(setattr, self, "news", view)

    @work(thread=True, exclusive=True, group="today-news")
    def _load_today_news(self) -> None:
        """Today's few relevant unread items: independent of the pane's filters, so not
        recomputed on every search keystroke."""
        from mlroad_tui.feeds.relevance import Matcher, most_relevant

        assert self.store is not None and self.roadmap is not None
        matcher = Matcher.for_phase(current_phase(self.roadmap, self.states))
        best = tuple(most_relevant(self.store.feeds, matcher, count=3))
        self.call_from_thread(setattr, self, "today_news", best)

    def on_refresh_feeds(self, _: messages.RefreshFeeds) -> None:
        self._refresh_feeds()

    @work(exclusive=True, group="feeds")
    async def _refresh_feeds(self) -> None:
        from mlroad_tui.feeds.model import is_offline
        from mlroad_tui.feeds.refresh import refresh_all

        assert self.store is not None
        total = len(self.store.feeds.subscriptions(enabled_only=True))
        if not total:
            self.say("No feeds are enabled: press F in News to add or enable some.")
            return
        done: list[FeedOutcome] = []
        self.feed_progress = (0, total)

        def arrived(outcome: FeedOutcome) -> None:
            done.append(outcome)
            self.feed_progress = (len(done), total)

        try:
            outcomes = await refresh_all(self.store.feeds, on_progress=arrived)
        finally:
            self.feed_progress = None
        self.reload_news()
        failed = [o for o in outcomes if o.failed]
        new = sum(o.new_items for o in outcomes)
        if is_offline(outcomes):
            self.say(
                "No feed could be reached: this machine seems to be offline. "
                "The items stored earlier are still here.",
                title="Offline",
            )
        elif failed:
            reasons = "; ".join(
                f"{o.name}: {o.error.message if o.error else 'failed'}"
                for o in failed[:FAILURES_SHOWN]
            )
            if len(failed) > FAILURES_SHOWN:
                reasons += f"; and {len(failed) - FAILURES_SHOWN} more (F shows every feed)"
            self.say(
                f"{new} new items. {len(failed)} of {len(outcomes)} feeds failed: {reasons}",
                title="News refreshed",
                severity="warning",
                timeout=10,
            )
        else:
            self.say(f"{new} new items from {len(outcomes)} feeds.", title="News refreshed")

    def on_news_item_action(self, message: messages.NewsItemAction) -> None:
        assert self.store is not None
        feeds = self.store.feeds
        item = feeds.item(message.item_id)
        if item is None:
            return
        if message.action == "open":
            self.open_link(item.link)
            if item.openable:
                feeds.mark_read(item.id)
        elif message.action == "read":
            feeds.toggle_read(item.id)
        else:
            feeds.toggle_star(item.id)
        updated = feeds.item(item.id)
        if self.news is not None and updated is not None:
            self.news = self.news.with_item(updated)
        self._load_today_news()

    def on_mark_all_read(self, message: messages.MarkAllRead) -> None:
        assert self.store is not None
        count = self.store.feeds.mark_all_read(message.feed_id)
        self.say(f"Marked {count} items read.")
        self.reload_news()

    def on_manage_feeds(self, _: messages.ManageFeeds) -> None:
        from mlroad_tui.ui.screens.feeds import FeedsScreen

        self.push_screen(FeedsScreen().data_bind(news=NewsMixin.news))

    def on_change_feed(self, message: messages.ChangeFeed) -> None:
        from mlroad_tui.feeds.model import BadFeedUrl, check_feed_url
        from mlroad_tui.store.feeds import DuplicateFeed, UnknownFeed

        assert self.store is not None
        feeds = self.store.feeds
        try:
            if message.action == "add":
                feed = feeds.add(check_feed_url(message.value))
                self.say(f"Subscribed to {feed.url}; press r in News to fetch it.")
            elif message.feed_id is None:
                return
            elif message.action == "rename":
                feeds.rename(message.feed_id, message.value)
            elif message.action == "toggle":
                feed = feeds.get(message.feed_id)
                feeds.set_enabled(feed.id, not feed.enabled)
            else:
                self.say(f"Removed {feeds.remove(message.feed_id).name}.")
        except (BadFeedUrl, DuplicateFeed, UnknownFeed) as error:
            self.say(str(error), title="Feed not changed", severity="warning")
        self.reload_news()
