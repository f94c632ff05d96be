"""The Resources pane: every course, book and doc, filterable, opened in the web browser."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.reactive import reactive
from textual.widgets import Input

from mlroad_tui.catalog import CatalogEntry, catalog, search
from mlroad_tui.curriculum import Roadmap
from mlroad_tui.store import ResourceState
from mlroad_tui.ui.messages import OpenResource, ToggleBookmark
from mlroad_tui.ui.widgets.virtual_table import Cell, TableHeader, VirtualTable

# (label, width): widths fit 120 columns; long titles and topic lists end in an ellipsis.
COLUMNS = (("Title", 40), ("Kind", 10), ("Month", 7), ("Topics", 26), ("Visited", 7), ("Link", 11))
UNSEEN = ResourceState()


class ResourceTable(VirtualTable):
    """The catalogue as a table; Enter or `o` opens the highlighted resource."""

    BINDINGS = [
        Binding("enter,o", "open", "Open"),
        Binding("b", "bookmark", "Bookmark"),
    ]

    def action_open(self) -> None:
        if key := self.highlighted_key:
            self.post_message(OpenResource(key))

    def action_bookmark(self) -> None:
        if key := self.highlighted_key:
            self.post_message(ToggleBookmark(key))


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
        self._by_id = {entry.resource.id: entry for entry in self.entries}

    def compose(self) -> ComposeResult:
        yield Input(placeholder="filter: words in title, kind, topic, url…", id="resource-filter")
        yield TableHeader(COLUMNS, id="resource-header")
        yield ResourceTable(COLUMNS, self._cells, id="resource-table")

    def on_mount(self) -> None:
        self.query_one("#resource-filter", Input).display = False
        self._show(self.entries)

    def watch_resource_states(self) -> None:
        self.query_one(ResourceTable).redraw()

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
            "unchecked" if entry.resource.url else "no link",
        )

    def _show(self, entries: list[CatalogEntry]) -> None:
        table = self.query_one(ResourceTable)
        table.set_keys([e.resource.id for e in entries], keep=table.highlighted_key)

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
        self._show(search(self.entries, event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one(ResourceTable).focus()
