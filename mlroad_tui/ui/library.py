"""The library desk: opening resources and links in the web browser, bookmarks, link checks,
moved links fixed in the roadmap file.

A plain object: it takes the store, the roadmap and a `LibraryHost` (the App, or a test's
stand-in) and sets what the panes show (`resource_states`, `link_results`, `check_progress`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Protocol, TypeVar

from mlroad_tui.catalog import LinkResults
from mlroad_tui.links import run as link_check
from mlroad_tui.progress import ResourceState
from mlroad_tui.text import truncate
from mlroad_tui.ui.host import Host
from mlroad_tui.urls import CannotOpen, is_openable, open_in_browser

if TYPE_CHECKING:
    from mlroad_tui.curriculum import Roadmap
    from mlroad_tui.links import CheckOptions
    from mlroad_tui.links.fix import CannotFix, Fix
    from mlroad_tui.store import Store
    from mlroad_tui.ui.undo import Undo

R = TypeVar("R")

# A notification shows at most this much of a URL: a 5,000-character one would cover the screen.
SHOWN_URL = 120


class LibraryHost(Host, Protocol):
    """What the library desk shows, besides what every desk asks of its host."""

    resource_states: dict[str, ResourceState]
    link_results: LinkResults
    check_progress: tuple[int, int] | None


class LibraryDesk:
    """Opens, bookmarks and checks the roadmap's resources."""

    def __init__(
        self,
        host: LibraryHost,
        store: Store,
        roadmap: Roadmap,
        *,
        undo: Undo,
        browser: str | None,
        link_options: CheckOptions,
    ) -> None:
        """`browser`: config.toml's command that opens links (None: the system's)."""
        self.host, self.store, self.roadmap = host, store, roadmap
        self.undo = undo
        self.browser = browser
        self.link_options = link_options

    def reload(self) -> None:
        """Read the resources' states again (bookmarks, visits): redrawn only if they differ."""
        self.host.resource_states = self.store.progress.resource_states()

    def load_link_results(self) -> None:
        """The stored verdicts; not needed for the first frame, they arrive right after it."""
        self.host.link_results = self.store.links.results()

    def open_resource(self, resource_id: str) -> None:
        resource = self.roadmap.resources[resource_id]
        if resource.url is None:
            self.host.say(f"{resource.title} is a book without a link.", title="Nothing to open")
            return
        self.open_link(resource.url, resource.id)

    def open_link(self, url: str | None, resource_id: str | None = None) -> None:
        """Open an http(s) URL from a thread (browsers can be slow to start); refuse the rest."""
        if url is not None and is_openable(url):
            self.host.in_thread(
                partial(self._launch, url),
                partial(self._opened, url, resource_id),
                name="opening the browser",
                group="browser",
            )
        else:
            self.host.say(
                f"Refused to open {truncate(repr(url), SHOWN_URL)}: only http and https links "
                "are opened.",
                title="Link not opened",
                severity="error",
            )

    def _launch(self, url: str) -> CannotOpen | None:
        """Start the browser on `url`; why it could not (None: it started)."""
        try:
            open_in_browser(url, self.browser)
        except CannotOpen as reason:
            return reason
        return None

    def _opened(self, url: str, resource_id: str | None, failed: CannotOpen | None) -> None:
        if failed is not None:
            self.host.say(
                f"{failed}. The link: {truncate(url, SHOWN_URL)}",
                title="Link not opened",
                severity="warning",
                timeout=10,
            )
            return
        self.host.say(truncate(url, SHOWN_URL), title="Opened in your browser")
        if resource_id is not None:
            self.store.progress.mark_visited(resource_id)
            self.host.resource_states = self.store.progress.resource_states()

    def toggle_bookmark(self, resource_id: str) -> None:
        progress = self.store.progress
        marked = progress.toggle_bookmark(resource_id)
        self.host.resource_states = progress.resource_states()
        resource = self.roadmap.resources.get(resource_id)
        title = resource.title if resource else resource_id
        self.undo.did(
            f"{'Bookmarked' if marked else 'Unbookmarked'} {title}",
            partial(progress.revert_bookmark, resource_id, marked),
        )

    def check_links(self) -> None:
        """Check every resource link in the background; badges update as verdicts arrive."""
        urls = list(dict.fromkeys(r.url for r in self.roadmap.resources.values() if r.url))
        self.host.in_background(
            link_check.check_links(self.store.links.save, urls, self._checked, self.link_options),
            name="checking links",
            group="links",
        )

    def _checked(self, run: link_check.LinkRun) -> None:
        host = self.host
        host.link_results = run.merged(host.link_results)
        host.check_progress = None if run.finished else (run.done, run.total)
        if run.finished:
            host.say(run.summary(), title="Links checked", severity=run.severity)

    def fix_link(self, resource_id: str) -> None:
        """Offer to rewrite the roadmap file with the URL this resource moved to."""
        from mlroad_tui.links import fix

        found = fix.moves(self.roadmap, self.host.link_results, only=resource_id)
        source = self.roadmap.source
        if not found:
            self.host.say(
                "Only a link that moved for good (301 or 308) can be fixed.", title="Not moved"
            )
        elif source is None or fix.is_bundled(source):
            self.host.say(
                "The bundled roadmap is part of mlroad and is not rewritten. Copy it, study "
                "the copy (mlroad --curriculum COPY) and fix its links there.",
                title="Not fixed",
                severity="warning",
                timeout=10,
            )
        else:
            self._on_disk(partial(fix.plan, source, found), self._ask)

    def _on_disk(self, work: Callable[[], R], then: Callable[[R], object]) -> None:
        """Disk work off the UI thread; its result, or why it failed, comes back to it."""
        from mlroad_tui.links.fix import CannotFix

        def attempt() -> R | CannotFix:
            try:
                return work()
            except CannotFix as reason:
                return reason

        self.host.in_thread(
            attempt, partial(self._done, then), name="fixing the link", group="fix-link"
        )

    def _done(self, then: Callable[[R], object], result: R | CannotFix) -> None:
        from mlroad_tui.links.fix import CannotFix

        if isinstance(result, CannotFix):
            self.host.say(str(result), title="Link not fixed", severity="error", timeout=10)
        else:
            then(result)

    def _ask(self, planned: Fix) -> None:
        from mlroad_tui.ui.screens.fix_link import FixLinkScreen

        self.host.ask(FixLinkScreen(planned), partial(self.decided, planned))

    def decided(self, planned: Fix, agreed: bool | None) -> None:
        """The fix dialog's answer: write the file (y) or leave it (n, Esc)."""
        from mlroad_tui.links.fix import write

        if agreed:
            self._on_disk(partial(write, planned), lambda _: self._fixed(planned))

    def _fixed(self, planned: Fix) -> None:
        self.host.say(
            f"{planned.path} now has {planned.moves[0].new}. mlroad reads it at the next launch.",
            title="Link fixed",
        )
