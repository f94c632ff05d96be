"""The News pane: feed items stored on this machine, newest first, the relevant ones flagged."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Input, Static

from mlroad_tui.timefmt import age
from mlroad_tui.ui.messages import NewsRequest
from mlroad_tui.ui.widgets.run_progress import RunProgress
from mlroad_tui.ui.widgets.search_box import SearchBox
from mlroad_tui.ui.widgets.status_line import StatusLine
from mlroad_tui.ui.widgets.text_view import TextView
from mlroad_tui.ui.widgets.virtual_table import Cell, Column, TableHeader, VirtualTable

if TYPE_CHECKING:  # the feed reader loads after the first frame, with this pane
    from mlroad_tui.curriculum import Roadmap
    from mlroad_tui.feeds.model import Headline, Item
    from mlroad_tui.feeds.view import NewsQuery, NewsView
    from mlroad_tui.ui.news import NewsDesk
    from mlroad_tui.ui.screens.help import HelpSection

COLUMNS = (
    Column("", 3),
    Column("Title", 70, least=24),
    Column("Feed", 22, least=10),
    Column("Age", 5),
)
EMPTY_NEWS = (
    "No news yet.\n\n"
    "mlroad follows arXiv listings and ML blogs for you here, so you can stay updated (the "
    "roadmap's fifth tip); items that match what you study this month are flagged ◆.\n"
    "Press r to fetch them. They are stored on this machine and can be read offline."
)


class NewsTable(VirtualTable):
    """Items; Enter reads one here, `o` opens it in the browser (both mark it read)."""

    BINDINGS = [
        Binding("enter", "read", "Read", id="news-reader"),
        Binding("o", "open", "Open", id="news-open"),
        Binding("m", "toggle_read", "Read/unread", id="news-read"),
        Binding("s", "toggle_star", "Star", id="news-star"),
    ]

    @dataclass
    class ItemRequest(NewsRequest):
        """A request about one news item."""

        item_id: int

    class Read(ItemRequest):
        """Read the item in the terminal (the reader), and mark it read."""

        def answer(self, news: NewsDesk) -> None:
            news.read_item(self.item_id)

    class Open(ItemRequest):
        """Open the item in the web browser, and mark it read."""

        def answer(self, news: NewsDesk) -> None:
            news.open_item(self.item_id)

    class ToggleRead(ItemRequest):
        """Mark the item read, or unread again."""

        def answer(self, news: NewsDesk) -> None:
            news.toggle_read(self.item_id)

    class ToggleStar(ItemRequest):
        """Star the item, or take its star away."""

        def answer(self, news: NewsDesk) -> None:
            news.toggle_star(self.item_id)

    class NearEnd(Message):
        """The rows shown reach the last screenful loaded: loading more may show more."""

    def watch_cursor(self, old: int, new: int) -> None:
        super().watch_cursor(old, new)
        self._near_end()

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self._near_end()

    def _near_end(self) -> None:
        screen = self.scrollable_content_region.height
        if max(self.cursor, round(self.scroll_y) + screen) >= self.row_count - screen:
            self.post_message(self.NearEnd())

    def _post(self, request: type[ItemRequest]) -> None:
        if key := self.highlighted_key:
            self.post_message(request(int(key)))

    def action_read(self) -> None:
        self._post(self.Read)

    def action_open(self) -> None:
        self._post(self.Open)

    def action_toggle_read(self) -> None:
        self._post(self.ToggleRead)

    def action_toggle_star(self) -> None:
        self._post(self.ToggleStar)


class NewsPane(Vertical):
    """Browse the news; `r` refreshes every feed in the background, offline shows the cache."""

    BINDINGS = [
        Binding("r", "refresh", "Refresh", id="news-refresh"),
        Binding("u", "next_view", "Show", id="news-view"),
        Binding("f", "next_feed", "Feed", show=False, id="news-next-feed"),
        Binding("g", "next_folder", "Folder", show=False, id="news-next-folder"),
        Binding("slash", "search", "Search", show=False, id="news-search"),
        Binding("escape", "clear_search", "Clear search", show=False, id="news-clear"),
        Binding("A", "mark_all_read", "All read", show=False, id="news-all-read"),
        Binding("F", "manage", "Feeds…", id="feeds"),
    ]

    @dataclass
    class Load(NewsRequest):
        """Load the items for this query (in a thread: it reads and scores thousands)."""

        query: NewsQuery

        def answer(self, news: NewsDesk) -> None:
            news.load(self.query)

    class Refresh(NewsRequest):
        """Fetch every enabled feed now, in the background."""

        def answer(self, news: NewsDesk) -> None:
            news.refresh()

    @dataclass
    class MarkAllRead(NewsRequest):
        """Mark every item of one feed (None: of all feeds) read."""

        feed_id: int | None

        def answer(self, news: NewsDesk) -> None:
            news.mark_all_read(self.feed_id)

    class ManageFeeds(Message):
        """Open the subscriptions screen (add, remove, rename, switch feeds on and off)."""

    # No repaint of the whole pane when they change: the watchers redraw the parts that show them.
    news: reactive[NewsView | None] = reactive(None, init=False, repaint=False)
    # Reads an item in full for the detail (the list holds headlines): one row by its key,
    # ~0.3 ms, read as the cursor lands, so the detail is in the frame that shows the cursor.
    news_reader: reactive[Callable[[int], Item | None] | None] = reactive(
        None, init=False, repaint=False
    )
    feed_progress: reactive[tuple[int, int] | None] = reactive(None, init=False, repaint=False)

    def __init__(self, roadmap: Roadmap, **kwargs: Any) -> None:
        """`roadmap`: every pane is built from it; the relevance of items comes from the app."""
        super().__init__(**kwargs)
        self.query_state: NewsQuery
        self._items: dict[str, Headline] = {}
        # What the detail shows, and why (the item's keywords relevant to this month).
        self._detail: tuple[Item | None, tuple[str, ...] | None] | None = None
        self._now = datetime.now(UTC)

    def compose(self) -> ComposeResult:
        yield StatusLine(id="news-status")
        yield Static(EMPTY_NEWS, id="news-empty")
        yield SearchBox(placeholder="search titles and summaries…", id="news-search")
        header = TableHeader(COLUMNS, id="news-header")
        yield header
        yield NewsTable(header, self._cells, self._show_detail, id="news-table")
        yield RunProgress(id="feed-progress").data_bind(run=NewsPane.feed_progress)
        yield TextView(id="news-detail")

    @staticmethod
    def help_sections() -> list[HelpSection]:
        from mlroad_tui.ui.screens.feeds import FeedsScreen
        from mlroad_tui.ui.screens.reader import ReaderScreen

        return [
            ("News", [*NewsPane.BINDINGS, *NewsTable.BINDINGS]),
            ("Reader (Enter in News)", ReaderScreen.BINDINGS),
            ("Feeds screen (F in News)", FeedsScreen.BINDINGS),
        ]

    def on_mount(self) -> None:
        from mlroad_tui.feeds.view import NewsQuery

        self.query_state = NewsQuery()
        self.post_message(self.Load(self.query_state))

    # -- data down ----------------------------------------------------------------------

    def watch_news(self, news: NewsView | None) -> None:
        if news is None:
            return
        self._now = datetime.now(UTC)
        self._items = {str(item.id): item for item in news.items}
        table = self.query_one(NewsTable)
        table.set_keys(list(self._items), keep=table.highlighted_key)
        never_fetched = not any(s.feed.last_success_at for s in news.statuses)
        self.query_one("#news-empty").display = not news.items and never_fetched
        self._show_status()

    def _show_status(self) -> None:
        news = self.news
        if news is None:
            return
        feeds = {s.feed.id: s.feed.name for s in news.statuses}
        where = feeds.get(self.query_state.feed_id or -1, "all feeds")
        if self.query_state.folder is not None:
            where = f"folder {self.query_state.folder}"
        line = Text.assemble((f"{where} · {self.query_state.view}", "bold"))
        if self.query_state.text:
            line.append(f" · “{self.query_state.text}”")
        count = f"{len(news.items)}{'+' if news.more else ''}"
        line.append(f" · {count} items · ◆ {len(news.matches)} relevant to this month")
        failing = [s.feed.name for s in news.statuses if s.feed.failing]
        if news.offline:
            line.append("  · offline: showing the items stored here", style="yellow")
        elif failing:
            line.append(f"  · {len(failing)} feed(s) failing: ", style="red")
            line.append(", ".join(failing[:3]) + ("…" if len(failing) > 3 else ""), style="red")
        self.query_one("#news-status", StatusLine).show(line)

    def _cells(self, key: str) -> Sequence[Cell]:
        item = self._items[key]
        marks = Text.assemble(
            ("●" if not item.read else " ", "cyan"),
            ("★" if item.starred else " ", "yellow"),
            ("◆" if self.news and item.id in self.news.matches else " ", "magenta"),
        )
        return (
            marks,
            Text(item.title or "(untitled)", style="" if item.read else "bold"),
            Text(item.feed_title, style="dim"),
            age(item.sort_at, self._now),
        )

    def _show_detail(self, key: str | None) -> None:
        """The highlighted item's detail: drawn from the item in full where the pane has it
        (a filter keystroke often keeps the item drawn highlighted, or puts the cursor on the
        new list's first item, which comes in full), else read."""
        headline = self._items.get(key or "")
        if headline is None:
            self._draw_detail(None)
            return
        drawn = self._detail[0] if self._detail else None
        first = self.news.first if self.news else None
        for item in (drawn, first):
            if item is not None and (item.id, item.text_key) == (headline.id, headline.text_key):
                self._draw_detail(item)
                return
        if self.news_reader is not None:  # (it comes just after the first frame)
            self._draw_detail(self.news_reader(headline.id))

    def watch_news_reader(self) -> None:
        self._show_detail(self.query_one(NewsTable).highlighted_key)

    def _draw_detail(self, item: Item | None) -> None:
        matches = self.news.matches.get(item.id) if self.news and item else None
        shown = (item, matches)
        if shown == self._detail:
            return
        self._detail = shown
        detail = self.query_one("#news-detail", TextView)
        if item is None:
            detail.update("")
            return
        # Every string here came from a feed: plain Text, so no markup or escape takes effect.
        text = Text(item.title or "(untitled)", style="bold")
        byline = " · ".join(p for p in (item.feed_title, item.author, item.published_at) if p)
        text.append("\n" + byline, style="dim")
        if item.link:
            text.append("\n" + item.link, style="underline" if item.openable else "strike dim")
            if not item.openable:
                text.append("  (not an http(s) link: it will not be opened)", style="red")
        if matches:
            text.append("\n◆ relevant to this month: ", style="magenta")
            text.append(", ".join(matches))
        if item.tags:
            text.append("\nTags: " + ", ".join(item.tags), style="dim")
        text.append("\n\n" + (item.summary or "(no summary)"))
        detail.update(text)

    # -- actions ----------------------------------------------------------------------------

    def _reload(self, **changes) -> None:
        """Other filters: their first page of items (PAGE), more as the list is scrolled."""
        from mlroad_tui.feeds.view import PAGE

        self.query_state = replace(self.query_state, **changes, limit=PAGE)
        self.post_message(self.Load(self.query_state))

    def on_news_table_near_end(self, event: NewsTable.NearEnd) -> None:
        """The list is scrolled near the end of the items loaded: all of them (LIMIT)."""
        from mlroad_tui.feeds.view import LIMIT

        event.stop()
        if self.news and self.news.more and self.news.query == self.query_state:
            self.query_state = replace(self.query_state, limit=LIMIT)
            self.post_message(self.Load(self.query_state))

    def show_item(self, item_id: str) -> None:
        """Put the cursor on an item (a search hit), if the list shows it."""
        table = self.query_one(NewsTable)
        if item_id in table.keys:
            table.cursor = table.keys.index(item_id)

    def action_refresh(self) -> None:
        self.post_message(self.Refresh())

    def action_next_view(self) -> None:
        from mlroad_tui.feeds.view import VIEWS

        current = VIEWS.index(self.query_state.view)
        self._reload(view=VIEWS[(current + 1) % len(VIEWS)])

    def action_next_feed(self) -> None:
        ids: list[int | None] = [None]
        if self.news:
            ids += [s.feed.id for s in self.news.statuses if s.feed.enabled]
        current = ids.index(self.query_state.feed_id) if self.query_state.feed_id in ids else 0
        self._reload(feed_id=ids[(current + 1) % len(ids)], folder=None)

    def action_next_folder(self) -> None:
        """All feeds → each folder (an OPML category) in turn → all feeds."""
        folders: list[str | None] = [None]
        if self.news:
            found = (s.feed.folder for s in self.news.statuses if s.feed.enabled)
            folders += sorted({folder for folder in found if folder})
        if len(folders) == 1:
            self.notify("No feed is in a folder: folders come from an OPML import.", markup=False)
        folder = self.query_state.folder
        current = folders.index(folder) if folder in folders else 0
        self._reload(folder=folders[(current + 1) % len(folders)], feed_id=None)

    def action_search(self) -> None:
        self.query_one(SearchBox).open()

    def action_clear_search(self) -> None:
        self.query_one(SearchBox).close()
        self.query_one(NewsTable).focus()

    def action_mark_all_read(self) -> None:
        """Like newsboat's `A`: every item of the feed shown (or of all feeds) is read."""
        self.post_message(self.MarkAllRead(self.query_state.feed_id))

    def action_manage(self) -> None:
        self.post_message(self.ManageFeeds())

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._reload(text=event.value.strip())

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one(NewsTable).focus()
