"""A SelectionList whose boxes say whether they are ticked without colour."""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import SelectionList
from textual.widgets.option_list import OptionDoesNotExist


class TickList(SelectionList[int]):
    """Textual draws every box as `▐X▌` and tells ticked from not by colour alone, so in a
    colourless terminal, a capture or a dim theme all seven weekdays looked ticked. Here a box
    that is not ticked is drawn empty: `▐ ▌`."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        try:
            option = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return strip
        if option.value in self.selected:
            return strip
        left, inner, *rest = strip  # the box's left edge, its X, right edge, then the prompt
        return Strip([left, Segment(" " * len(inner.text), inner.style), *rest], strip.cell_length)
