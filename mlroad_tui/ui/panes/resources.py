"""The Resources pane: every course, book and doc, filterable, opened in the web browser."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.reactive import reactive
from textual.widgets import Input

from mlroad_tui.catalog import LinkResults, catalog, link_result, search, unhealthy
from mlroad_tui.curriculum import Roadmap
from mlroad_tui.progress import UNSEEN, ResourceState
from mlroad_tui.ui.messages import LibraryRequest
from mlroad_tui.ui.widgets.badges import link_badge, link_detail
from mlroad_tui.ui.widgets.run_progress import RunProgress
from mlroad_tui.ui.widgets.search_box import SearchBox
from mlroad_tui.ui.widgets.text_view import TextView
from mlroad_tui.ui.widgets.virtual_table import Cell, Column, TableHeader, VirtualTable

if TYPE_CHECKING:
    from mlroad_tui.ui.library import LibraryDesk
    from mlroad_tui.ui.screens.help import HelpSection

# Widths fit 120 columns; long titles and topic lists end in an ellipsis. At 80 the topics
# (also in the detail below) make room, and the titles shrink; the link health always shows.
COLUMNS = (
    Column("Title", 40, least=24),
    Column("Kind", 10),
    Column("Month", 7),
    Column("Topics", 20, least=12, drop=1),
    Column("Visited", 7),
    Column("Link", 17),
)


class ResourceTable(VirtualTable):
    """The catalogue as a table; Enter or `o` opens the highlighted resource."""

    BINDINGS = [
        Binding("enter,o", "open", "Open", id="resource-open"),
        Binding("b", "bookmark", "Bookmark", id="resource-bookmark"),
    ]

    @dataclass
    class Open(LibraryRequest):
        """Open the resource in the web browser and mark it visited."""

        resource_id: str

        def answer(self, library: LibraryDesk) -> None:
            library.open_resource(self.resource_id)

    @dataclass
    class ToggleBookmark(LibraryRequest):
        """Bookmark the resource, or remove its bookmark."""

        resource_id: str

        def answer(self, library: LibraryDesk) -> None:
            library.toggle_bookmark(self.resource_id)

    def action_open(self) -> None:
        if key := self.highlighted_key:
            self.post_message(self.Open(key))

    def action_bookmark(self) -> None:
        if key := self.highlighted_key:
            self.post_message(self.ToggleBookmark(key))


class ResourcesPane(Vertical):
    """Browse and filter the roadmap's resources; `/` filters as you type."""

    BINDINGS = [
        Binding("slash", "filter", "Filter", id="resources-filter"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="resources-clear"),
        Binding("u", "toggle_unhealthy", "Unhealthy", id="resources-unhealthy"),
        Binding("c", "check_links", "Check links", id="check-links"),
        # Not in the Footer (it is full): the detail of a moved link names the key.
        Binding("f", "fix_link", "Fix moved link", show=False, id="fix-moved-link"),
    ]

    class CheckLinks(LibraryRequest):
        """Check every resource link now, in the background."""

        def answer(self, library: LibraryDesk) -> None:
            library.check_links()

    @dataclass
    class FixLink(LibraryRequest):
        """Rewrite the roadmap file with the URL this resource's link moved to."""

        resource_id: str

        def answer(self, library: LibraryDesk) -> None:
            library.fix_link(self.resource_id)

    resource_states: reactive[dict[str, ResourceState]] = reactive(dict, init=False)
    link_results: reactive[LinkResults] = reactive(dict, init=False)
    check_progress: reactive[tuple[int, int] | None] = reactive(None, init=False)
    unhealthy_only: reactive[bool] = reactive(False, init=False)
    # Set by the app once the search index holds this roadmap: typed words → matching ids.
    resource_finder: reactive[Callable[[str], set[str] | None] | None] = reactive(None, init=False)

    def __init__(self, roadmap: Roadmap, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.entries = catalog(roadmap)
        self._by_id = {entry.resource.id: entry for entry in self.entries}
        self._now = datetime.now(UTC)
        self._detail_key: str | None = None  # the resource the detail shows

    def compose(self) -> ComposeResult:
        yield SearchBox(placeholder="words in title, kind, topic, url…", id="resource-filter")
        header = TableHeader(COLUMNS, id="resource-header")
        yield header
        yield ResourceTable(header, self._cells, self._highlighted, id="resource-table")
        yield RunProgress(id="link-progress").data_bind(run=ResourcesPane.check_progress)
        yield TextView(id="resource-detail")

    @staticmethod
    def help_sections() -> list[HelpSection]:
        return [("Resources", [*ResourcesPane.BINDINGS, *ResourceTable.BINDINGS])]

    def on_mount(self) -> None:
        # Watched, not messaged: the rows change in the very frame that shows the keystroke.
        self.watch(self.query_one(SearchBox), "value", self._refilter, init=False)
        self._refilter()

    def watch_resource_states(self) -> None:
        self._redraw()

    def watch_link_results(self) -> None:
        if self.unhealthy_only:
            self._refilter()
        self._redraw()

    def watch_unhealthy_only(self) -> None:
        self._refilter()

    def watch_resource_finder(self) -> None:
        self._refilter()

    def _redraw(self) -> None:
        self._now = datetime.now(UTC)
        self.query_one(ResourceTable).redraw()
        self._show_detail(self.query_one(ResourceTable).highlighted_key)

    def _highlighted(self, resource_id: str | None) -> None:
        if resource_id != self._detail_key:
            self._show_detail(resource_id)

    def _show_detail(self, resource_id: str | None) -> None:
        self._detail_key = resource_id
        detail = self.query_one("#resource-detail", TextView)
        if resource_id is None:
            detail.update(Text("No resource matches.", style="dim"))
            return
        entry = self._by_id[resource_id]
        resource = entry.resource
        text = Text.assemble((resource.title, "bold"), (f"  {resource.kind}", "dim"))
        if resource.authors:
            text.append(f"  by {resource.authors}", style="italic")
        text.append("\n")
        text.append(
            resource.url or "A book without a link.", style="underline" if resource.url else "dim"
        )
        if entry.topics:
            text.append("\nFor: " + ", ".join(entry.topics), style="dim")
        if resource.note:
            text.append("\n" + resource.note, style="italic")
        if resource.url:
            text.append("\n")
            text.append_text(link_detail(link_result(resource, self.link_results), self._now))
        detail.update(text)

    def _cells(self, resource_id: str) -> Sequence[Cell]:
        entry = self._by_id[resource_id]
        state = self.resource_states.get(resource_id, UNSEEN)
        marks = ("✓" if state.visited_at else "") + (" ★" if state.bookmarked else "")
        return (
            Text(entry.resource.title),
            entry.resource.kind,
            ", ".join(f"M{m}" for m in entry.months) or "all",
            ", ".join(entry.topics),
            marks,
            link_badge(link_result(entry.resource, self.link_results), self._now)
            if entry.resource.url
            else Text("no link", style="dim"),
        )

    def _refilter(self) -> None:
        """Apply the text filter and the unhealthy-only switch to the whole catalogue."""
        query = self.query_one(SearchBox).value
        shown = unhealthy(self.entries, self.link_results) if self.unhealthy_only else self.entries
        if self.resource_finder is None:  # the index is being built, just after launch
            entries = search(shown, query)
        elif (found := self.resource_finder(query)) is None:
            entries = shown
        else:
            entries = [e for e in shown if e.resource.id in found]
        table = self.query_one(ResourceTable)
        keys = [e.resource.id for e in entries]
        if keys == table.keys and table.highlighted_key == self._detail_key:
            return  # typing on often finds the same rows (cou, cour, course): nothing to draw
        table.set_keys(keys, keep=table.highlighted_key)

    def show_resource(self, resource_id: str) -> None:
        """Put the cursor on a resource (a search hit), clearing what would hide it."""
        self.query_one(SearchBox).close()
        self.unhealthy_only = False
        self._refilter()
        table = self.query_one(ResourceTable)
        if resource_id in table.keys:
            table.cursor = table.keys.index(resource_id)
            table.focus()

    def action_toggle_unhealthy(self) -> None:
        self.unhealthy_only = not self.unhealthy_only
        state = "only unhealthy links" if self.unhealthy_only else "every resource"
        self.notify(f"Showing {state}.", timeout=2)

    def action_check_links(self) -> None:
        self.post_message(self.CheckLinks())

    def action_fix_link(self) -> None:
        if key := self.query_one(ResourceTable).highlighted_key:
            self.post_message(self.FixLink(key))

    def action_filter(self) -> None:
        self.query_one(SearchBox).open()

    def action_clear_filter(self) -> None:
        self.query_one(SearchBox).close()
        self.query_one(ResourceTable).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one(ResourceTable).focus()
