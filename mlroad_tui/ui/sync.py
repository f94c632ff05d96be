"""Windows in sync: what another window or a command commits shows here within a second.

SQLite's `PRAGMA data_version` changes only when another connection commits, so the check
twice a second reads one number; only after a change are the parts read again, and a pane
redraws only if its part differs (a reactive set to an equal value does not fire).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mlroad_tui.ui.app import MlroadApp

CHECK_EVERY = 0.5  # seconds: a change shows within a second, with room for the reload


class SyncDesk:
    """Polls the store for commits from elsewhere and reloads what they changed."""

    def __init__(self, app: MlroadApp) -> None:
        self.app = app
        self._version: int | None = None
        self._study: tuple[object, ...] | None = None
        self._news: tuple[object, ...] | None = None

    def start(self) -> None:
        """After the first frame: remember where the data stands, then watch it."""
        self.remember()
        self.app.set_interval(CHECK_EVERY, self.check, name="sync")

    def remember(self) -> None:
        """The state shown now is current (just loaded, or a roadmap just switched to)."""
        store = self.app.store
        assert store is not None
        self._version = store.core.data_version()
        self._study = store.study.signature()
        self._news = store.feeds.signature()

    def check(self) -> None:
        store = self.app.store
        if store is None or store.core.data_version() == self._version:
            return
        self._version = store.core.data_version()
        app = self.app
        app.reload_progress()  # Today follows a change of states by itself
        app.library.load_link_results()
        study = store.study.signature()
        if study != self._study:
            self._study = study
            app.study.refresh()
        news = store.feeds.signature()
        if news != self._news:
            self._news = news
            app.newsdesk.reload()
