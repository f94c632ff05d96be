"""What a desk asks of the app it works for: to say something, to run work off the UI thread,
to ask the learner on a screen. A Protocol, so that a desk is a plain object over one roadmap
and its store, testable without Textual (a test gives it a host that runs work at once)."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any, Protocol, TypeVar

R = TypeVar("R")


class Host(Protocol):
    """The App, as the desks see it."""

    def say(self, message: str, **how: Any) -> None:
        """A notification, shown literally (`how`: title, severity, timeout)."""

    def in_thread(
        self,
        work: Callable[[], R],
        then: Callable[[R], object] | None = None,
        *,
        name: str,
        group: str,
        exclusive: bool = False,
    ) -> None:
        """Run `work` in a thread, then `then(result)` on the UI thread; a failure is said."""

    def in_background(self, work: Coroutine[Any, Any, object], *, name: str, group: str) -> None:
        """Run `work` on the event loop, one per `group` (a new one cancels the old)."""

    def ask(self, screen: Any, then: Callable[[Any], object] | None = None) -> None:
        """Show `screen`; `then` gets what it is dismissed with."""
