"""The panes, one shown: the others laid out at the same size all along, parked off-screen.

ContentSwitcher hides a pane with `display: none`, so Textual lays it out only when it first
shows: every widget in it grows from size 0, its scrollbars appear, its lists measure their
lines, and the switch paints twice, 50-70 ms in all. Here every pane sits in a layer of its
own over the whole stack (app.tcss), and the ones not shown are moved a screen's width to the
right: they are sized, filled and measured as their data arrives, drawn
nowhere (outside the stack's clip), out of the focus chain, and showing one moves it back,
at the cost of an ordinary repaint. The move is the widget's own style, as ContentSwitcher's
`display` is: a class would have Textual restyle the whole pane on each switch (~30 ms).
"""

from __future__ import annotations

from textual.events import Mount
from textual.widgets import ContentSwitcher

PARKED = ("100vw", 0)  # a screen's width to the right


class PaneStack(ContentSwitcher):
    """A ContentSwitcher whose hidden children keep their layout (see the module)."""

    def _on_mount(self, event: Mount) -> None:
        event.prevent_default()  # ContentSwitcher's would hide them
        self._park_all_but(self._initial)
        self._reactive_current = self._initial

    def watch_current(self, old: str | None, new: str | None) -> None:
        self._park_all_but(new)

    def _park_all_but(self, shown: str | None) -> None:
        with self.app.batch_update():
            for child in self.children:
                parked = child.id != shown
                child.styles.offset = PARKED if parked else None
                child.can_focus_children = not parked
