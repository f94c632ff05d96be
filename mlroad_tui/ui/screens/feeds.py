"""The subscriptions screen: every feed with its health; add, remove, rename, disable."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from mlroad_tui.timefmt import age
from mlroad_tui.ui.messages import NewsRequest
from mlroad_tui.ui.widgets.virtual_table import Cell, Column, TableHeader, VirtualTable

if TYPE_CHECKING:
    from mlroad_tui.feeds.model import FeedStatus
    from mlroad_tui.feeds.view import NewsView
    from mlroad_tui.ui.news import NewsDesk

COLUMNS = (
    Column("On", 3),
    Column("Feed", 30, least=24),
    Column("Items", 11, least=7),
    Column("Last refresh", 40, least=16),
)


class FeedTable(VirtualTable):
    """Subscriptions, in the order they were added."""


class FeedsScreen(ModalScreen[None]):
    """Manage subscriptions; changes go to the app, which stores them and reloads the news."""

    CSS_PATH = "screens.tcss"

    BINDINGS = [
        Binding("a", "add", "Add", id="feeds-add"),
        Binding("e", "rename", "Rename", id="feeds-rename"),
        Binding("space", "toggle", "On/off", id="feeds-toggle"),
        Binding("d", "remove", "Remove", id="feeds-remove"),
        Binding("escape", "close", "Close", id="feeds-close"),
    ]

    @dataclass
    class Add(NewsRequest):
        """Subscribe to the feed at `url`."""

        url: str

        def answer(self, news: NewsDesk) -> None:
            news.add_feed(self.url)

    @dataclass
    class Rename(NewsRequest):
        """Give a feed another name."""

        feed_id: int
        name: str

        def answer(self, news: NewsDesk) -> None:
            news.rename_feed(self.feed_id, self.name)

    @dataclass
    class FeedRequest(NewsRequest):
        """A request about one subscription."""

        feed_id: int

    class Toggle(FeedRequest):
        """Switch the feed off, or on again."""

        def answer(self, news: NewsDesk) -> None:
            news.toggle_feed(self.feed_id)

    class Remove(FeedRequest):
        """Unsubscribe from the feed and drop its items."""

        def answer(self, news: NewsDesk) -> None:
            news.remove_feed(self.feed_id)

    news: reactive[NewsView | None] = reactive(None, init=False)

    def __init__(self) -> None:
        super().__init__()
        self._statuses: dict[str, FeedStatus] = {}
        self._asking: Callable[[str], Message] | None = None
        self._armed: str | None = None  # a feed id after one press of `d`

    def compose(self) -> ComposeResult:
        with Vertical(id="feeds-dialog"):
            yield Static(Text("Feeds", style="bold"), id="feeds-title")
            header = TableHeader(COLUMNS, id="feeds-header")
            yield header
            yield FeedTable(header, self._cells, self._highlighted, id="feeds-table")
            yield Static(id="feeds-detail")
            yield Input(id="feeds-input")
            yield Static(
                "a add · e rename · space on/off · d remove (twice) · esc close", id="feeds-hint"
            )

    def on_mount(self) -> None:
        self.query_one(Input).display = False
        self.watch_news()

    def watch_news(self) -> None:
        if self.news is None:
            return
        self._statuses = {str(s.feed.id): s for s in self.news.statuses}
        table = self.query_one(FeedTable)
        table.set_keys(list(self._statuses), keep=table.highlighted_key)

    def _cells(self, key: str) -> Sequence[Cell]:
        status = self._statuses[key]
        feed = status.feed
        if not feed.enabled:
            health = Text("switched off", style="dim")
        elif feed.failing:
            health = Text(f"✗ {feed.last_error or 'failed'}", style="red")
        elif feed.last_success_at:
            when = age(feed.last_success_at, datetime.now(UTC))
            health = Text("✓ now" if when == "now" else f"✓ {when} ago", style="green")
        else:
            health = Text("never refreshed", style="dim")
        return (
            "●" if feed.enabled else "○",
            Text(feed.name, style="" if feed.enabled else "dim"),
            f"{status.unread}/{status.items}",
            health,
        )

    def _highlighted(self, key: str | None) -> None:
        status = self._statuses.get(key or "")
        detail = Text(status.feed.url) if status else Text()
        if status and status.feed.last_error:
            detail.append("\n" + status.feed.last_error, style="red")
        self.query_one("#feeds-detail", Static).update(detail)

    def _selected(self) -> str | None:
        return self.query_one(FeedTable).highlighted_key

    def action_add(self) -> None:
        self._ask(self.Add, "https://… feed URL to add", "")

    def action_rename(self) -> None:
        if key := self._selected():
            self._ask(partial(self.Rename, int(key)), "new name", self._statuses[key].feed.title)

    def _ask(self, request: Callable[[str], Message], placeholder: str, value: str) -> None:
        """Show the input line; on Enter, what is typed there goes up as `request(text)`."""
        box = self.query_one(Input)
        self._asking = request
        box.placeholder, box.value, box.display = placeholder, value, True
        self.call_after_refresh(box.focus)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        value, request = event.value.strip(), self._asking
        event.input.display = False
        self._asking = None
        self.query_one(FeedTable).focus()
        if value and request is not None:
            self.post_message(request(value))

    def action_toggle(self) -> None:
        if key := self._selected():
            self.post_message(self.Toggle(int(key)))

    def action_remove(self) -> None:
        key = self._selected()
        if key is None:
            return
        if self._armed != key:
            self._armed = key
            self.notify(f"Press d again to remove {self._statuses[key].feed.name}.", markup=False)
            return
        self._armed = None
        self.post_message(self.Remove(int(key)))

    def action_close(self) -> None:
        box = self.query_one(Input)
        if box.display:
            box.display = False
            self._asking = None
            self.query_one(FeedTable).focus()
        else:
            self.dismiss()
