"""The search desk: the search screen's finder and the Resources filter, for one roadmap.

A plain object over the store and the roadmap, served by a `SearchHost` (the App, or a test's
stand-in). Resources and topics are indexed from the roadmap once after the first frame (only
when its text changed since the last launch); news items and notes are indexed by the store as
they are written. Showing a hit in its pane is the App's (`show_hit`): it knows the panes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Protocol

from mlroad_tui.ui.host import Host

if TYPE_CHECKING:
    from mlroad_tui.curriculum import Roadmap
    from mlroad_tui.search.model import Hit, Kind
    from mlroad_tui.store import Store

Finder = Callable[[str], set[str] | None]


class SearchHost(Host, Protocol):
    """What the search desk sets, besides what every desk asks of its host."""

    resource_finder: Finder | None  # the Resources filter; None while the index is built


class SearchDesk:
    """Finds words anywhere in `roadmap`'s part of `store`; `show_hit` shows a chosen hit."""

    def __init__(
        self,
        host: SearchHost,
        store: Store,
        roadmap: Roadmap,
        *,
        show_hit: Callable[[Hit | None], object],
    ) -> None:
        self.host, self.index, self.roadmap = host, store.search, roadmap
        self.show_hit = show_hit

    def start(self) -> None:
        """After the first frame: index the roadmap's text if it changed (in a thread); then
        the Resources filter goes through the index."""
        from mlroad_tui.search.find import index_roadmap

        self.host.resource_finder = None  # until this roadmap is indexed
        self.host.in_thread(
            lambda: index_roadmap(self.index, self.roadmap),
            lambda _: setattr(self.host, "resource_finder", self.matching_resources),
            name="indexing the roadmap for search",
            group="search-index",
        )

    def matching_resources(self, typed: str) -> set[str] | None:
        """The Resources filter: ids of the resources matching `typed` (None: all of them)."""
        from mlroad_tui.search.find import matching_resources

        return matching_resources(self.index, self.roadmap, typed)

    def find(self, typed: str) -> Mapping[Kind, Sequence[Hit]]:
        """What the search screen shows for `typed` (run in its worker thread), and one hit
        more of a kind when more match."""
        from mlroad_tui.search.find import PER_KIND, search

        return search(self.index, self.roadmap.id, typed, per_kind=PER_KIND + 1)

    def open(self) -> None:
        from mlroad_tui.ui.screens.search import SearchScreen

        self.host.ask(SearchScreen(self.find), self.show_hit)
