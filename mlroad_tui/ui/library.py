"""The library desk: opening resources and links in the web browser, bookmarks, link checks.

The App routes those requests here and holds what the panes show (`resource_states`,
`link_results`, `check_progress`).
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from mlroad_tui.links import run as link_check
from mlroad_tui.urls import CannotOpen, is_openable, open_in_browser

if TYPE_CHECKING:
    from mlroad_tui.store import Store
    from mlroad_tui.ui.app import MlroadApp


class LibraryDesk:
    """Opens, bookmarks and checks the roadmap's resources for `app`."""

    def __init__(self, app: MlroadApp) -> None:
        self.app = app

    @property
    def store(self) -> Store:
        assert self.app.store is not None
        return self.app.store

    def open_resource(self, resource_id: str) -> None:
        assert self.app.roadmap is not None
        resource = self.app.roadmap.resources[resource_id]
        if resource.url is None:
            self.app.say(f"{resource.title} is a book without a link.", title="Nothing to open")
            return
        self.open_link(resource.url, resource.id)

    def open_link(self, url: str | None, resource_id: str | None = None) -> None:
        """Open an http(s) URL from a thread (browsers can be slow to start); refuse the rest."""
        if url is not None and is_openable(url):
            launch = partial(self._launch, url, resource_id)
            self.app.run_worker(launch, thread=True, group="browser")
        else:
            self.app.say(
                f"Refused to open {url!r}: only http and https links are opened.",
                title="Link not opened",
                severity="error",
            )

    def _launch(self, url: str, resource_id: str | None) -> None:
        try:
            open_in_browser(url, self.app.preferences.settings.browser)
        except CannotOpen as reason:
            self.app.call_from_thread(
                self.app.say,
                f"{reason}. The link: {url}",
                title="Link not opened",
                severity="warning",
                timeout=10,
            )
        else:
            self.app.call_from_thread(self._opened, url, resource_id)

    def _opened(self, url: str, resource_id: str | None) -> None:
        self.app.say(url, title="Opened in your browser")
        if resource_id is not None and self.app.store is not None:
            self.store.progress.mark_visited(resource_id)
            self.app.resource_states = self.store.progress.resource_states()

    def toggle_bookmark(self, resource_id: str) -> None:
        self.store.progress.toggle_bookmark(resource_id)
        self.app.resource_states = self.store.progress.resource_states()

    def check_links(self) -> None:
        """Check every resource link in the background; badges update as verdicts arrive."""
        assert self.app.roadmap is not None
        urls = list(dict.fromkeys(r.url for r in self.app.roadmap.resources.values() if r.url))
        self.app.run_worker(
            link_check.check_links(self.store, urls, self._checked, self.app.link_options),
            name="links",
            group="links",
            exclusive=True,
        )

    def _checked(self, run: link_check.LinkRun) -> None:
        app = self.app
        app.link_results = run.merged(app.link_results)
        app.check_progress = None if run.finished else (run.done, run.total)
        if run.finished:
            app.say(run.summary(), title="Links checked", severity=run.severity)
