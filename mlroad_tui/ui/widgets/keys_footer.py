"""A Footer whose keys are part of the first frame and that recomposes only when they change.

Textual's Footer composes empty, then waits for the screen's first bindings signal and one
more refresh before showing any key (~180 ms after the roadmap at launch), and recomposes on
every signal, even when the keys shown stay the same (5 times during a launch).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer

Shown = tuple[tuple[str, str, str, bool, str], ...]


class KeysFooter(Footer):
    """The Footer, composed with the keys in force when it mounts, then only on a change."""

    def __init__(self) -> None:
        super().__init__()
        self._bindings_ready = True
        self._shown: Shown | None = None

    def compose(self) -> ComposeResult:
        self._shown = self._keys()
        yield from super().compose()

    def bindings_changed(self, screen: Screen) -> None:
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        if self._keys() != self._shown:
            self.call_next(self.recompose)

    def _keys(self) -> Shown:
        """What the Footer would show: its keys, labels and whether each is enabled."""
        return tuple(
            (binding.key, binding.action, binding.description, enabled, tooltip)
            for (_, binding, enabled, tooltip) in self.screen.active_bindings.values()
            if binding.show
        )
