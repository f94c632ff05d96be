"""The `/` box of the Resources and News panes: shown on demand, hidden again by Escape."""

from __future__ import annotations

from textual.widgets import Input

from mlroad_tui.ui.typeahead import focus_now


class SearchBox(Input):
    """Hidden until `open()` (app.tcss); `close()` empties and hides it again."""

    def open(self) -> None:
        self.display = True
        focus_now(self)

    def close(self) -> None:
        """Empty (which posts Input.Changed, so the pane shows everything again) and hide."""
        self.value = ""
        self.display = False
