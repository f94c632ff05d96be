"""Showing a pane again redraws only what changed: a widget back at its old size keeps its lines.

Textual sends a Resize to every widget a layout shows, even at the size it had when hidden.
Tree and OptionList answer any Resize by dropping every line they cached and drawing again,
and Tree also asks for a second layout: frames after the one that showed the pane.
"""

from __future__ import annotations

from textual import events
from textual.geometry import Size


class SteadySize:
    """Mixin (before the Textual widget it is mixed into): a Resize that keeps the widget's
    size stops before the widget's own handler (`prevent_default`)."""

    _resized_to: Size | None = None

    def on_resize(self, event: events.Resize) -> None:
        if event.size == self._resized_to:
            event.prevent_default()
        self._resized_to = event.size
