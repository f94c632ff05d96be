"""What the app tells the learner about the state of things: the database as it was opened,
its integrity, a background task that failed. Plain (text, how) pairs, as the desks' summaries
are, so that they read without Textual; the App shows them with `say(text, **how)`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mlroad_tui.store import Store

Notice = tuple[str, dict[str, Any]]

DAMAGED: Notice = (
    "The database failed its integrity check. Quit and start mlroad again: it will be set "
    "aside (not deleted) and a new one created.",
    {"title": "Database damaged", "severity": "error", "timeout": 30},
)


def opened(store: Store, moved: Path | None) -> Iterator[Notice]:
    """At launch: a database that can only be read, or one that was damaged and set aside."""
    if store.read_only:
        yield (
            f"The database at {store.path} can only be read: what you change now is not saved.",
            {"title": "Read-only", "severity": "warning", "timeout": 20},
        )
    if moved is not None:
        yield (
            f"The database was damaged. It was set aside as {moved} and a new one was created.",
            {"title": "Database set aside", "severity": "warning", "timeout": 20},
        )


def not_saved(error: Exception) -> Notice:
    """A change the store refused (read-only, full disk), with its reason."""
    return str(error), {"title": "Not saved", "severity": "error", "timeout": 15}


def failed(task: str | None, error: BaseException | None) -> Notice:
    """A background task that raised: what it was doing, and the error."""
    what = (task or "a background task").replace("_", " ")
    return (
        f"{what} failed: {type(error).__name__}: {error}",
        {"title": "Something went wrong", "severity": "error", "timeout": 15},
    )
