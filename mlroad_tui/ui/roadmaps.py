"""Switching roadmaps in the TUI: the roadmaps seen (read in a thread: it loads their files),
a choice, then the app shows the other roadmap with its own progress, plan and log."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding

from mlroad_tui import config

if TYPE_CHECKING:
    from mlroad_tui.shelf import ShelfEntry
    from mlroad_tui.ui.app import MlroadApp

ROADMAP_BINDINGS = [
    Binding("R", "roadmaps", "Roadmaps", show=False, id="roadmaps"),
    Binding("ctrl+z", "undo", "Undo", show=False, id="undo"),
]


class RoadmapsDesk:
    """Lists the roadmaps at hand and switches the app to the one chosen."""

    def __init__(self, app: MlroadApp) -> None:
        self.app = app

    def choose(self) -> None:
        from mlroad_tui.shelf import shelf

        app, store = self.app, self.app.store
        assert store is not None

        def load() -> None:
            entries = shelf(store.roadmaps.seen(), store.roadmaps.states_of, config.cache_dir())
            app.call_from_thread(self._ask, entries)

        app.run_worker(
            load,
            name="reading the roadmaps",
            thread=True,
            group="roadmaps",
            exclusive=True,
            exit_on_error=False,
        )

    def _ask(self, entries: list[ShelfEntry]) -> None:
        from mlroad_tui.ui.screens.roadmaps import RoadmapsScreen

        assert self.app.roadmap is not None
        self.app.push_screen(RoadmapsScreen(entries, self.app.roadmap.id), self._chosen)

    def _chosen(self, entry: ShelfEntry | None) -> None:
        app = self.app
        if entry is None or app.roadmap is None or entry.seen.id == app.roadmap.id:
            return
        if entry.roadmap is None:
            app.say(f"{entry.problem}; its progress is kept.", title="Roadmap not opened")
            return
        app.call_after_refresh(app.switch_roadmap, entry.roadmap)
