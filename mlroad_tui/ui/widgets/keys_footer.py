"""A Footer whose keys are part of the first frame, that recomposes only when they change, and
that fits narrow terminals (the pane's keys and `?`, `v`, `q` show at 80 columns).

Textual's Footer composes empty, then waits for the screen's first bindings signal and one
more refresh before showing any key (~180 ms after the roadmap at launch), and recomposes on
every signal, even when the keys shown stay the same (5 times during a launch).
"""

from __future__ import annotations

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

Shown = tuple[tuple[str, str, str, bool, str], ...]
NARROW = 110  # columns; below this the Footer's roomy layout cuts keys off
# Left out of a narrow Footer, in this order, while the keys do not fit (all stay in `?`).
LEFT_OUT_FIRST = ("stats", "toggle_unhealthy", "bookmark", "toggle_read")


class KeysFooter(Footer):
    """The Footer, composed with the keys in force when it mounts, then only on a change.
    Below NARROW columns it is compact, leaves out the palette's entry (ctrl+p still opens
    it; the help screen names it) and, if the keys still do not fit, those of LEFT_OUT_FIRST,
    then the pane's own from the last (all stay in `?`)."""

    def __init__(self) -> None:
        super().__init__()
        self._bindings_ready = True
        self._shown: Shown | None = None
        self._narrow: bool | None = None

    def compose(self) -> ComposeResult:
        width = self.app.size.width
        self._fit(width)
        self._shown = self._keys()
        left_out = self._left_out(width) if self._narrow else set()
        for widget in super().compose():
            if not (isinstance(widget, FooterKey) and widget.action in left_out):
                yield widget

    def _left_out(self, width: int) -> set[str]:
        """Actions whose keys make room, so that the others fit in `width` compact cells:
        those of LEFT_OUT_FIRST, then the pane's own from the last; never the app's."""
        cells: dict[str, int] = {}
        pane_actions: list[str] = []
        for node, binding, _, _ in self.screen.active_bindings.values():
            if binding.show and binding.action not in cells:  # an action's first key shows
                shown = cell_len(self.app.get_key_display(binding)) + cell_len(binding.description)
                cells[binding.action] = shown + 2  # a space inside, one between
                if node is not self.app:
                    pane_actions.append(binding.action)
        left_out: set[str] = set()
        for action in (*LEFT_OUT_FIRST, *reversed(pane_actions)):
            if sum(cells.values()) <= width:
                break
            if cells.pop(action, None) is not None:
                left_out.add(action)
        return left_out

    def on_resize(self, event: events.Resize) -> None:
        if self._fit(event.size.width):
            self.call_next(self.recompose)

    def _fit(self, width: int) -> bool:
        """Set the layout for `width` columns; True if it changed."""
        narrow = width < NARROW
        if narrow == self._narrow:
            return False
        self._narrow = narrow
        self.compact = narrow
        self.show_command_palette = not narrow
        return True

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
