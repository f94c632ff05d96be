"""A status line redrawn on every keystroke, laid out again only when its height changes."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class StatusLine(Static):
    """A Static as tall as its text wraps to (height auto), whose new text asks for a layout
    of the screen only when it wraps to another number of lines: a layout is a frame of its
    own, and at 100,000 news items it cost a filter keystroke 10-30 ms more."""

    def show(self, text: Text) -> None:
        self.update(text, layout=False)
        width, height = self.size
        if not width or self.get_content_height(self.size, self.size, width) != height:
            self.refresh(layout=True)
