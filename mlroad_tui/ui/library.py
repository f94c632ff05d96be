"""The library desk: opening resources and links in the web browser, bookmarks, link checks,
moved links fixed in the roadmap file.

The App routes those requests here and holds what the panes show (`resource_states`,
`link_results`, `check_progress`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from mlroad_tui.links import run as link_check
from mlroad_tui.text import truncate
from mlroad_tui.urls import CannotOpen, is_openable, open_in_browser

if TYPE_CHECKING:
    from mlroad_tui.links.fix import Fix
    from mlroad_tui.store import Store
    from mlroad_tui.ui.app import MlroadApp


# A notification shows at most this much of a URL: a 5,000-character one would cover the screen.
SHOWN_URL = 120

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
            self.app.run_worker(
                launch,
                name="opening the browser",
                thread=True,
                group="browser",
                exit_on_error=False,
            )
        else:
            self.app.say(
                f"Refused to open {truncate(repr(url), SHOWN_URL)}: only http and https links "
                "are opened.",
                title="Link not opened",
                severity="error",
            )

    def _launch(self, url: str, resource_id: str | None) -> None:
        try:
            open_in_browser(url, self.app.preferences.settings.browser)
        except CannotOpen as reason:
            self.app.call_from_thread(
                self.app.say,
                f"{reason}. The link: {truncate(url, SHOWN_URL)}",
                title="Link not opened",
                severity="warning",
                timeout=10,
            )
        else:
            self.app.call_from_thread(self._opened, url, resource_id)

    def _opened(self, url: str, resource_id: str | None) -> None:
        self.app.say(truncate(url, SHOWN_URL), title="Opened in your browser")
        if resource_id is not None and self.app.store is not None:
            self.store.progress.mark_visited(resource_id)
            self.app.resource_states = self.store.progress.resource_states()

    def toggle_bookmark(self, resource_id: str) -> None:
        progress = self.store.progress
        marked = progress.toggle_bookmark(resource_id)
        self.app.resource_states = progress.resource_states()
        resource = self.app.roadmap.resources.get(resource_id) if self.app.roadmap else None
        title = resource.title if resource else resource_id
        self.app.undo.did(
            f"{'Bookmarked' if marked else 'Unbookmarked'} {title}",
            partial(progress.revert_bookmark, resource_id, marked),
        )

    def check_links(self) -> None:
        """Check every resource link in the background; badges update as verdicts arrive."""
        assert self.app.roadmap is not None
        urls = list(dict.fromkeys(r.url for r in self.app.roadmap.resources.values() if r.url))
        save, options = self.store.links.save, self.app.link_options
        self.app.run_worker(
            link_check.check_links(save, urls, self._checked, options),
            name="checking links",
            group="links",
            exclusive=True,
            exit_on_error=False,
        )

    def _checked(self, run: link_check.LinkRun) -> None:
        app = self.app
        app.link_results = run.merged(app.link_results)
        app.check_progress = None if run.finished else (run.done, run.total)
        if run.finished:
            app.say(run.summary(), title="Links checked", severity=run.severity)

    def fix_link(self, resource_id: str) -> None:
        """Offer to rewrite the roadmap file with the URL this resource moved to."""
        from mlroad_tui.links import fix

        app = self.app
        assert app.roadmap is not None
        found = fix.moves(app.roadmap, app.link_results, only=resource_id)
        if not found:
            app.say("Only a link that moved for good (301 or 308) can be fixed.", title="Not moved")
        elif fix.is_bundled(app.curriculum_path):
            app.say(
                "The bundled roadmap is part of mlroad and is not rewritten. Copy it, study "
                "the copy (mlroad --curriculum COPY) and fix its links there.",
                title="Not fixed",
                severity="warning",
                timeout=10,
            )
        else:
            plan = partial(self._in_thread, fix.plan, app.curriculum_path, found, then=self._ask)
            app.run_worker(
                plan, name="fixing the link", thread=True, group="fix-link", exit_on_error=False
            )

    def _in_thread(self, work: Callable[..., Any], *args: Any, then: Callable[[Any], None]) -> None:
        """Run disk work off the UI thread; its result, or why it failed, comes back to it."""
        from mlroad_tui.links.fix import CannotFix

        try:
            result = work(*args)
        except CannotFix as reason:
            self.app.call_from_thread(
                self.app.say, str(reason), title="Link not fixed", severity="error", timeout=10
            )
        else:
            self.app.call_from_thread(then, result)

    def _ask(self, planned: Fix) -> None:
        from mlroad_tui.links.fix import write
        from mlroad_tui.ui.screens.fix_link import FixLinkScreen

        def decided(agreed: bool | None) -> None:
            if agreed:
                save = partial(self._in_thread, write, planned, then=lambda _: self._fixed(planned))
                self.app.run_worker(
                    save,
                    name="fixing the link",
                    thread=True,
                    group="fix-link",
                    exit_on_error=False,
                )

        self.app.push_screen(FixLinkScreen(planned), decided)

    def _fixed(self, planned: Fix) -> None:
        self.app.say(
            f"{planned.path} now has {planned.moves[0].new}. mlroad reads it at the next launch.",
            title="Link fixed",
        )
