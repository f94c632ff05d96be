"""Which roadmap the TUI shows: the one opened at launch (or why none can be), and switching:
the roadmaps seen (read in a thread: it loads their files), a choice, then the app shows the
other roadmap with its own progress, plan and log."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from mlroad_tui import config
from mlroad_tui.curriculum import CurriculumInvalid, Problem, Roadmap
from mlroad_tui.roadmap_cache import load_roadmap_cached
from mlroad_tui.store import Store, StoreError

if TYPE_CHECKING:
    from mlroad_tui.shelf import ShelfEntry
    from mlroad_tui.ui.app import MlroadApp


@dataclass(frozen=True)
class Opened:
    """What a launch found: the store and the roadmap to show, or why they cannot be shown."""

    store: Store | None = None
    moved: Path | None = None  # where a damaged database was set aside
    roadmap: Roadmap | None = None
    problems: list[Problem] = field(default_factory=list)  # what is wrong with the roadmap
    db_error: str | None = None  # why the database could not be opened


def open_at_launch(db_path: Path, curriculum: Path | None) -> Opened:
    """The store at `db_path` and the roadmap at `curriculum` (None: the one opened last)."""
    try:
        store, moved = Store.open(db_path)
    except (StoreError, OSError, sqlite3.Error) as error:
        return Opened(db_error=str(error))
    try:
        roadmap = load_roadmap_cached(curriculum or last_opened(store), config.cache_dir())
    except CurriculumInvalid as invalid:
        return Opened(store, moved, problems=invalid.problems)
    return Opened(store, moved, roadmap)


def last_opened(store: Store) -> Path:
    """The roadmap file the TUI showed last, if it is still there; else the bundled one."""
    seen = store.roadmaps.last_opened()
    return seen.path if seen is not None and seen.path.is_file() else config.bundled_curriculum()


class RoadmapsDesk:
    """Lists the roadmaps at hand and switches the app to the one chosen."""

    def __init__(self, app: MlroadApp) -> None:
        self.app = app

    def remember(self) -> None:
        """The roadmap shown: the roadmaps list shows it, and the next launch opens it again."""
        store, roadmap = self.app.store, self.app.roadmap
        assert store is not None and roadmap is not None
        if roadmap.source is not None:
            store.roadmaps.record(roadmap.id, roadmap.title, roadmap.source, opened=True)

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
            app.say(
                f"{entry.seen.title}: {entry.problem}; its progress is kept.",
                title="Roadmap not opened",
            )
            return
        app.call_after_refresh(app.switch_roadmap, entry.roadmap)
