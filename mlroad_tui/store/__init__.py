"""The store: the only package that speaks SQL.

`schema` owns the tables and migrations; `core` opens the file safely; each other module
holds the queries of one part of the app and is reached as an attribute of `Store`.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from mlroad_tui.store.core import StoreCore, check_in_full, open_core
from mlroad_tui.store.errors import CannotWrite, StoreError
from mlroad_tui.store.progress import Progress
from mlroad_tui.store.schema import SchemaTooNew, Upgrading

if TYPE_CHECKING:
    from mlroad_tui.store.feeds import Feeds
    from mlroad_tui.store.links import LinkResults
    from mlroad_tui.store.roadmaps import Roadmaps
    from mlroad_tui.store.search import SearchIndex
    from mlroad_tui.store.study import Study

__all__ = ["BUNDLED_ROADMAP_ID", "CannotWrite", "SchemaTooNew", "Store", "StoreError", "Upgrading"]


# The roadmap a store serves when none is named (tests, benchmarks): the bundled one's id.
BUNDLED_ROADMAP_ID = "ml-roadmap"


class Store:
    """The learner's state in one SQLite file, as seen from one roadmap: `progress` and
    `study` are that roadmap's; links, feeds, search and `roadmaps` are shared.

    Parts other than progress are imported on first use: the first screen needs only progress.
    """

    def __init__(self, core: StoreCore, roadmap_id: str = BUNDLED_ROADMAP_ID) -> None:
        self.core = core
        self.path = core.path
        self.read_only = core.read_only
        self.roadmap_id = roadmap_id
        self.progress = Progress(core, roadmap_id)

    def for_roadmap(self, roadmap_id: str) -> Store:
        """The same file and connection, seen from another roadmap."""
        return Store(self.core, roadmap_id)

    @cached_property
    def feeds(self) -> Feeds:
        from mlroad_tui.store.feeds import Feeds

        return Feeds(self.core)

    @cached_property
    def links(self) -> LinkResults:
        from mlroad_tui.store.links import LinkResults

        return LinkResults(self.core)

    @cached_property
    def roadmaps(self) -> Roadmaps:
        from mlroad_tui.store.roadmaps import Roadmaps

        return Roadmaps(self.core)

    @cached_property
    def search(self) -> SearchIndex:
        from mlroad_tui.store.search import SearchIndex

        return SearchIndex(self.core)

    @cached_property
    def study(self) -> Study:
        from mlroad_tui.store.study import Study

        return Study(self.core, self.roadmap_id)

    @classmethod
    def open(
        cls,
        path: Path,
        roadmap_id: str = BUNDLED_ROADMAP_ID,
        on_upgrade: Upgrading | None = None,
    ) -> tuple[Store, Path | None]:
        """Open the store for a roadmap; the second value is where a corrupt file was moved,
        if one was. `on_upgrade` hears of a schema upgrade before it starts."""
        core, moved = open_core(path, on_upgrade)
        return cls(core, roadmap_id), moved

    def check_in_full(self) -> bool:
        """The integrity check of the whole file, on a connection of its own; False (and a
        full check at the next open) when it is damaged."""
        return check_in_full(self.core.path)

    def close(self) -> None:
        self.core.close()
