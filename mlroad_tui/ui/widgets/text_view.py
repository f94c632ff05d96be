"""A scrollable view of one Rich renderable whose content changes on every cursor move.

A Static in a VerticalScroll costs a keystroke three frames: its new height is measured by a
layout of the whole screen, the new size then asks for a second layout, and Textual paces
frames 1/60 s apart. Here the lines are drawn once per change at the view's width, only those
on screen are painted, and the new height is just the virtual size: one frame, one cheap
reflow.
"""

from __future__ import annotations

from typing import Any

from rich.console import RenderableType
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from mlroad_tui.ui.widgets.scrolling import (
    BAR,
    DrawnScrollbar,
    room_for_scrollbar,
    set_virtual_size,
)


class TextView(ScrollView, can_focus=True):
    """Shows `content`, wrapped to the width there is, scrolled like a VerticalScroll."""

    def __init__(self, content: RenderableType = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._content = content
        self._lines: list[Strip] = []
        self._drawn_for: tuple[int, int] | None = None  # the (width, height) drawn for
        self._style = Style()  # the base style the lines were drawn in
        self.scrollbar = DrawnScrollbar(self)

    def update(self, content: RenderableType) -> None:
        """Show `content` instead, drawn now, from the scroll position it is at."""
        self._content = content
        self._drawn_for = None
        self._draw()
        self.refresh()

    def on_mount(self) -> None:
        if self.styles.overflow_y == "scroll":  # always shown: shown from the first layout
            room_for_scrollbar(self)

    def on_resize(self) -> None:
        self._draw()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._drawn_for = None  # colours or padding changed: draw again when painted

    def _draw(self) -> None:
        """Wrap the content to the room inside the padding, less a scrollbar's width when it
        is always shown or the lines overflow the height (as a VerticalScroll lays out its
        content)."""
        width, height = self.size  # inside the padding
        if width <= 0 or self._drawn_for == (width, height):
            return
        self._drawn_for = (width, height)
        # Once per drawing, not per line: `rich_style` walks the DOM (~0.3 ms a call).
        self._style = self.rich_style
        self.scrollbar.restyle()
        overflow = self.styles.overflow_y
        lines = self._wrap(width - BAR if overflow == "scroll" else width)
        if len(lines) > height and overflow == "auto":
            lines = self._wrap(width - BAR)
        self._lines = lines
        set_virtual_size(
            self, Size(max((line.cell_length for line in lines), default=0), len(lines))
        )

    def _wrap(self, width: int) -> list[Strip]:
        console = self.app.console
        options = console.options.update(width=width, height=None, highlight=False)
        return [
            Strip(Segment.apply_style(line, self._style))
            for line in console.render_lines(self._content, options, pad=False)
        ]

    def render_line(self, y: int) -> Strip:
        self._draw()
        scroll_x, scroll_y = self.scroll_offset
        bar = self.scrollbar.shown
        width = self.scrollable_content_region.width - (BAR if bar else 0)
        row = y + scroll_y
        if row >= len(self._lines):
            strip = Strip.blank(width, self._style)
        else:
            strip = self._lines[row].crop_extend(scroll_x, scroll_x + width, self._style)
        return Strip.join([strip, self.scrollbar.line(y)]) if bar else strip
