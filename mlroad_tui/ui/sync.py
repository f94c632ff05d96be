"""Windows in sync: what another window or a command commits shows here within a second.

SQLite's `PRAGMA data_version` changes only when another connection commits, so the check
twice a second reads one number; only after a change are the parts read again, and a pane
redraws only if its part differs (a reactive set to an equal value does not fire).

A plain object over one roadmap's part of the store: it says what changed through the
callbacks it is given (the other desks' reloads); the App runs `check` on a timer.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mlroad_tui.store import Store

CHECK_EVERY = 0.5  # seconds: a change shows within a second, with room for the reload

Reload = Callable[[], object]


class SyncDesk:
    """Polls `store` for commits from elsewhere and calls the reloads of what they changed:
    `on_commit` after any commit, `on_study` and `on_news` when that part differs."""

    def __init__(
        self, store: Store, *, on_commit: Sequence[Reload], on_study: Reload, on_news: Reload
    ) -> None:
        self.store = store
        self.on_commit, self.on_study, self.on_news = on_commit, on_study, on_news
        self._version: int | None = None
        self._study: tuple[object, ...] | None = None
        self._news: tuple[object, ...] | None = None

    def remember(self) -> None:
        """The state shown now is current (just loaded, or a roadmap just switched to)."""
        store = self.store
        self._version = store.core.data_version()
        self._study = store.study.signature()
        self._news = store.feeds.signature()

    def check(self) -> None:
        store = self.store
        version = store.core.data_version()
        if version == self._version:
            return
        self._version = version
        for reload in self.on_commit:
            reload()
        study = store.study.signature()
        if study != self._study:
            self._study = study
            self.on_study()
        news = store.feeds.signature()
        if news != self._news:
            self._news = news
            self.on_news()
