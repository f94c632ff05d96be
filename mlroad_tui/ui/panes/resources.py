"""The Resources pane: every course, book and doc, filterable, opened in the web browser."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.reactive import reactive
from textual.widgets import DataTable, Input

from mlroad_tui.catalog import CatalogEntry, catalog, search
from mlroad_tui.curriculum import Roadmap
from mlroad_tui.store import ResourceState
from mlroad_tui.ui.messages import OpenResource, ToggleBookmark

# (label, width): widths fit 120 columns; long titles and topic lists end in an ellipsis.
COLUMNS = (("Title", 40), ("Kind", 10), ("Month", 7), ("Topics", 26), ("Visited", 7), ("Link", 11))


class ResourceTable(DataTable[Text | str]):
    """The catalogue as a table; Enter or `o` opens the highlighted resource."""

    BINDINGS = [
        Binding("enter,o", "open", "Open"),
        Binding("b", "bookmark", "Bookmark"),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    def highlighted_id(self) -> str | None:
        if not self.row_count:
            return None
        return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value

    def action_open(self) -> None:
        if resource_id := self.highlighted_id():
            self.post_message(OpenResource(resource_id))

    def action_bookmark(self) -> None:
        if resource_id := self.highlighted_id():
            self.post_message(ToggleBookmark(resource_id))


class ResourcesPane(Vertical):
    """Browse and filter the roadmap's resources; `/` filters as you type."""

    BINDINGS = [
        Binding("slash", "filter", "Filter"),
        Binding("escape", "clear_filter", "Clear filter", show=False),
    ]

    resource_states: reactive[dict[str, ResourceState]] = reactive(dict, init=False)

    def __init__(self, roadmap: Roadmap, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.entries = catalog(roadmap)
        self._shown: list[CatalogEntry] = self.entries

    def compose(self) -> ComposeResult:
        yield Input(placeholder="filter: words in title, kind, topic, url…", id="resource-filter")
        table: ResourceTable = ResourceTable(
            id="resource-table", cursor_type="row", zebra_stripes=True
        )
        for label, width in COLUMNS:
            table.add_column(label, width=width)
        yield table

    def on_mount(self) -> None:
        self.query_one("#resource-filter", Input).display = False
        self._fill()

    def watch_resource_states(self) -> None:
        self._fill()

    def _row(self, entry: CatalogEntry) -> tuple[Text | str, ...]:
        state = self.resource_states.get(entry.resource.id, ResourceState())
        marks = ("✓" if state.visited_at else "") + (" ★" if state.bookmarked else "")
        return (
            Text(entry.resource.title, overflow="ellipsis", no_wrap=True),
            entry.resource.kind,
            ", ".join(f"M{m}" for m in entry.months) or "all",
            Text(", ".join(entry.topics), overflow="ellipsis", no_wrap=True),
            marks,
            "unchecked" if entry.resource.url else "no link",
        )

    def _fill(self) -> None:
        table = self.query_one(ResourceTable)
        keep = table.highlighted_id()
        table.clear()
        for entry in self._shown:
            table.add_row(*self._row(entry), key=entry.resource.id)
        if keep is not None and keep in table.rows:
            table.move_cursor(row=table.get_row_index(keep))

    def action_filter(self) -> None:
        box = self.query_one("#resource-filter", Input)
        box.display = True
        self.call_after_refresh(box.focus)  # a widget can take focus only once it is shown

    def action_clear_filter(self) -> None:
        box = self.query_one("#resource-filter", Input)
        box.value = ""
        box.display = False
        self.query_one(ResourceTable).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._shown = search(self.entries, event.value)
        self._fill()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one(ResourceTable).focus()
