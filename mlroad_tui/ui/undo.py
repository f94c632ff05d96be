"""Undo: ctrl+z takes back the last changes (topic states, skips, bookmarks, logged sessions,
re-plans), several levels; each change's notice says how ("… · ctrl+z undoes").

An undo is itself checked against the store: if the same thing was changed since (here or in
another window), that newer change wins and the undo says so instead of writing over it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

DEPTH = 50
HINT = " · ctrl+z undoes"


@dataclass(frozen=True)
class Change:
    """What was done, in words, and how to take it back (False: it changed since)."""

    text: str
    revert: Callable[[], bool]


class Undo:
    """The changes that ctrl+z can take back, newest last; `say` tells the learner, `reload`
    reads what an undo changed back into the panes."""

    def __init__(self, say: Callable[..., Any], reload: Callable[[], object]) -> None:
        self.say = say
        self.reload = reload
        self._done: list[Change] = []

    def did(self, text: str, revert: Callable[[], bool], **notice: object) -> None:
        """Remember a change and tell the learner about it, with how to undo it."""
        self._done = [*self._done[-(DEPTH - 1) :], Change(text, revert)]
        self.say(text + HINT, **notice)

    def clear(self) -> None:
        """Another roadmap is shown: its changes were not made here."""
        self._done = []

    def undo(self) -> None:
        if not self._done:
            self.say("Nothing to undo.")
            return
        change = self._done.pop()
        if change.revert():
            self.say(f"Undone: {change.text}", title="Undo")
        else:
            self.say(
                f"Not undone: {change.text} was changed again since (that change stays).",
                title="Undo",
                severity="warning",
            )
        self.reload()
