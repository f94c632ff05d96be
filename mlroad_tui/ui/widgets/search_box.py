"""The `/` box of the Resources and News panes (shown on demand, hidden again by Escape), and
the search screen's query: typing in them lays nothing out."""

from __future__ import annotations

from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input

from mlroad_tui.ui.typeahead import focus_now


class QuietInput(Input):
    """An Input whose typing asks for no layout of the screen (its own size is fixed)."""

    # Input gives its text's width as its virtual size on every keystroke, which asks for a
    # layout of the screen (a frame, and the scroll views' scrollbars redrawn a frame later).
    # The box's own size is fixed (app.tcss): its text scrolls within it without one.
    virtual_size = Reactive(Size(0, 0), layout=False)

    def watch_selection(self) -> None:
        """Keep the cursor shown while the text is edited or the cursor moved, as typing does.

        Input restarts its blink in `_on_key`, which keys bound at once never reach
        (typeahead.py: backspace, delete, the arrows): the cursor blinked while text was
        deleted, and each blink was a frame of its own, on the heels of a keystroke's answer."""
        if self.has_focus:
            self._restart_blink()


class SearchBox(QuietInput):
    """Hidden until `open()` (app.tcss); `close()` empties and hides it again."""

    def open(self) -> None:
        self.display = True
        focus_now(self)

    def close(self) -> None:
        """Empty (which posts Input.Changed, so the pane shows everything again) and hide."""
        self.value = ""
        self.display = False
