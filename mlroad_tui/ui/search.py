"""The search desk: the search screen's finder, jumping to a hit, the Resources filter.

The App routes those requests here. Resources and topics are indexed from the roadmap once
after the first frame (only when its text changed since the last launch); news items and
notes are indexed by the store as they are written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mlroad_tui.search.model import Hit, Kind
    from mlroad_tui.store.search import SearchIndex
    from mlroad_tui.ui.app import MlroadApp


class SearchDesk:
    """Finds words anywhere for `app`, and shows each hit where it lives."""

    def __init__(self, app: MlroadApp) -> None:
        self.app = app

    @property
    def index(self) -> SearchIndex:
        assert self.app.store is not None
        return self.app.store.search

    def start(self) -> None:
        """After the first frame: index the roadmap's text if it changed (in a thread); then
        the Resources filter goes through the index."""
        from mlroad_tui.search.find import index_roadmap

        app, index = self.app, self.index
        assert app.roadmap is not None
        roadmap = app.roadmap
        app.resource_finder = None  # until this roadmap is indexed

        def build() -> None:
            index_roadmap(index, roadmap)
            app.call_from_thread(setattr, app, "resource_finder", self.matching_resources)

        app.run_worker(
            build,
            name="indexing the roadmap for search",
            thread=True,
            group="search-index",
            exit_on_error=False,
        )

    def matching_resources(self, typed: str) -> set[str] | None:
        """The Resources filter: ids of the resources matching `typed` (None: all of them)."""
        from mlroad_tui.search.find import matching_resources

        assert self.app.roadmap is not None
        return matching_resources(self.index, self.app.roadmap, typed)

    def find(self, typed: str) -> Mapping[Kind, Sequence[Hit]]:
        """What the search screen shows for `typed` (run in its worker thread)."""
        from mlroad_tui.search.find import search

        assert self.app.roadmap is not None
        return search(self.index, self.app.roadmap, typed)

    def open(self) -> None:
        from mlroad_tui.ui.screens.search import SearchScreen

        self.app.push_screen(SearchScreen(self.find), self.jump)

    def jump(self, hit: Hit | None) -> None:
        """Show the hit in its pane: a topic or a note in the Roadmap, a resource in
        Resources, a news item in News and in the reader."""
        from mlroad_tui.search.model import Kind
        from mlroad_tui.ui.panes.news import NewsPane
        from mlroad_tui.ui.panes.resources import ResourcesPane
        from mlroad_tui.ui.panes.roadmap import RoadmapPane

        if hit is None:
            return
        app = self.app
        if hit.kind is Kind.RESOURCE:
            app.action_show_pane("resources")
            for resources in app.query(ResourcesPane):
                resources.show_resource(hit.ref)
        elif hit.kind is Kind.NEWS:
            app.action_show_pane("news")
            for news in app.query(NewsPane):
                news.show_item(hit.ref)
            app.newsdesk.read_item(int(hit.ref))
        else:
            app.action_show_pane("roadmap")
            app.query_one(RoadmapPane).show_topic(hit.ref)
