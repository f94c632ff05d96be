"""Which roadmap the TUI shows: the one opened at launch (or why none can be), and switching:
the roadmaps seen (read in a thread: it loads their files), a choice, then the app shows the
other roadmap with its own progress, plan and log."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from mlroad_tui import config
from mlroad_tui.curriculum import CurriculumInvalid, Problem, Roadmap
from mlroad_tui.roadmap_cache import load_roadmap_cached
from mlroad_tui.store import Store, StoreError, Upgrading
from mlroad_tui.ui.host import Host

if TYPE_CHECKING:
    from mlroad_tui.shelf import ShelfEntry


@dataclass(frozen=True)
class Opened:
    """What a launch found: the store and the roadmap to show, or why they cannot be shown."""

    store: Store | None = None
    moved: Path | None = None  # where a damaged database was set aside
    roadmap: Roadmap | None = None
    problems: list[Problem] = field(default_factory=list)  # what is wrong with the roadmap
    db_error: str | None = None  # why the database could not be opened


def open_at_launch(
    db_path: Path, curriculum: Path | None, on_upgrade: Upgrading | None = None
) -> Opened:
    """The store at `db_path` and the roadmap at `curriculum` (None: the one opened last)."""
    try:
        store, moved = Store.open(db_path, on_upgrade=on_upgrade)
    except (StoreError, OSError, sqlite3.Error) as error:
        return Opened(db_error=str(error))
    try:
        path = curriculum or last_opened(store)
        roadmap = load_roadmap_cached(path, config.cache_dir())
    except CurriculumInvalid as invalid:
        return Opened(store, moved, problems=invalid.problems)
    return Opened(store, moved, roadmap)


def last_opened(store: Store) -> Path:
    """The roadmap file the TUI showed last, if it is still there; else the bundled one."""
    seen = store.roadmaps.last_opened()
    return seen.path if seen is not None and seen.path.is_file() else config.bundled_curriculum()


class RoadmapsDesk:
    """Lists the roadmaps at hand and hands the one chosen to `switch` (the App shows it)."""

    def __init__(
        self, host: Host, store: Store, roadmap: Roadmap, *, switch: Callable[[Roadmap], object]
    ) -> None:
        self.host, self.store, self.roadmap = host, store, roadmap
        self.switch = switch

    def remember(self) -> None:
        """The roadmap shown: the roadmaps list shows it, and the next launch opens it again."""
        roadmap = self.roadmap
        if roadmap.source is not None:
            self.store.roadmaps.record(roadmap.id, roadmap.title, roadmap.source, opened=True)

    def choose(self) -> None:
        """The roadmaps seen, read in a thread (it loads their files), then the choice."""
        from mlroad_tui.shelf import shelf

        roadmaps = self.store.roadmaps
        self.host.in_thread(
            lambda: shelf(roadmaps.seen(), roadmaps.states_of, config.cache_dir()),
            self._ask,
            name="reading the roadmaps",
            group="roadmaps",
            exclusive=True,
        )

    def _ask(self, entries: list[ShelfEntry]) -> None:
        from mlroad_tui.ui.screens.roadmaps import RoadmapsScreen

        self.host.ask(RoadmapsScreen(entries, self.roadmap.id), self.chosen)

    def chosen(self, entry: ShelfEntry | None) -> None:
        """The learner's choice: another roadmap is shown, one that cannot load is explained."""
        if entry is None or entry.seen.id == self.roadmap.id:
            return
        if entry.roadmap is None:
            self.host.say(
                f"{entry.seen.title}: {entry.problem}; its progress is kept.",
                title="Roadmap not opened",
            )
            return
        self.switch(entry.roadmap)
