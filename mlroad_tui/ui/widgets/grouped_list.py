"""Entries under headings, each one line or more; only the lines on screen are ever drawn.

The search screen's hits change on every keystroke. Textual's OptionList measures every option
when its options change and takes its new height through a layout, after which its
scrollbar changes and asks for another frame: three frames (~50 ms) per keystroke at 120×40.
Here new entries are one list of lines and, with `set_virtual_size`, one frame.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from mlroad_tui.ui.widgets.scrolling import BAR, DrawnScrollbar, set_virtual_size
from mlroad_tui.ui.widgets.virtual_table import VirtualTable

Value = TypeVar("Value")
# An entry: its text (one line per "\n"), and what choosing it gives (None: a heading).
Entry = tuple[Text, Value | None]


class GroupedList(ScrollView, Generic[Value], can_focus=True):
    """Choosable entries and headings; the cursor moves over the entries only."""

    # The lists' keys (a keymap that moves them moves these too), and Enter to choose.
    BINDINGS = [
        *VirtualTable.BINDINGS,
        Binding("enter", "choose", "Open", show=False, id="list-choose"),
    ]
    COMPONENT_CLASSES = {"grouped-list--cursor"}

    cursor: reactive[int | None] = reactive(None)  # among the choosable entries

    class Chosen(Message):
        """An entry was chosen (Enter or a click)."""

        def __init__(self, grouped_list: GroupedList, value: Any) -> None:
            super().__init__()
            self.grouped_list = grouped_list
            self.value = value

        @property
        def control(self) -> GroupedList:
            """The list it was chosen in (for `@on(..., selector)`)."""
            return self.grouped_list

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.entries: Sequence[Entry[Value]] = ()
        self._choosable: list[int] = []  # entry numbers of the entries that are not headings
        self._lines: list[tuple[int, int]] = []  # each line: (entry number, line in entry)
        self._split: dict[int, list[Text]] = {}  # the lines of entries drawn so far
        self._styles: tuple[Style, Style] | None = None
        self.scrollbar = DrawnScrollbar(self)
        # Per frame (`render_lines`): the lines' width, the scroll offset, the bar's lines.
        self._frame: tuple[int, int, list[Segment]] = (0, 0, [])

    @property
    def highlighted(self) -> Value | None:
        """The value under the cursor (None when the cursor is on none)."""
        if self.cursor is None:
            return None
        return self.entries[self._choosable[self.cursor]][1]

    @property
    def first(self) -> Value | None:
        """The first choosable entry's value."""
        return self.entries[self._choosable[0]][1] if self._choosable else None

    def show(self, entries: Sequence[Entry[Value]]) -> None:
        """Show these entries from the top, the cursor on none."""
        self.entries = entries
        self._choosable = [n for n, (_, value) in enumerate(entries) if value is not None]
        self._lines = [
            (n, line)
            for n, (text, _) in enumerate(entries)
            for line in range(text.plain.count("\n") + 1)
        ]
        self._split = {}
        self.set_reactive(GroupedList.cursor, None)
        self.scroll_to(y=0, animate=False, immediate=True)
        set_virtual_size(self, Size(self.size.width, len(self._lines)))

    def on_resize(self) -> None:
        set_virtual_size(self, Size(self.size.width, len(self._lines)))

    def watch_cursor(self, cursor: int | None) -> None:
        if cursor is not None:
            entry = self._choosable[cursor]
            top = next(y for y, (n, _) in enumerate(self._lines) if n == entry)
            height = self.entries[entry][0].plain.count("\n") + 1
            self.scroll_to_region(Region(0, top, 1, height), animate=False, force=True)
        self.refresh()

    def action_move(self, step: int) -> None:
        """`step` entries down (up if negative); from none, to the first."""
        if self._choosable:
            last = len(self._choosable) - 1
            self.cursor = 0 if self.cursor is None else max(0, min(last, self.cursor + step))

    def action_page(self, direction: int) -> None:
        """About a screenful of entries (most take two lines)."""
        self.action_move(direction * max(self.scrollable_content_region.height // 2, 1))

    def action_jump(self, where: int) -> None:
        if self._choosable:
            self.cursor = where % len(self._choosable)

    def action_choose(self) -> None:
        if self.cursor is not None:
            self.post_message(self.Chosen(self, self.highlighted))

    def on_click(self, event: events.Click) -> None:
        if self.scrollbar.shown and event.x >= self.scrollable_content_region.width - BAR:
            return  # on the scrollbar: the wheel scrolls, a click there chooses nothing
        line = event.y + self.scroll_offset.y
        if 0 <= line < len(self._lines) and (entry := self._lines[line][0]) in self._choosable:
            self.cursor = self._choosable.index(entry)
            self.action_choose()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles = None  # focus or theme changed: compute the styles again

    def _line_styles(self) -> tuple[Style, Style]:
        """Plain and cursor styles, once per style change (`rich_style` walks the DOM)."""
        if self._styles is None:
            self.scrollbar.restyle()
            base = self.rich_style
            self._styles = (base, base + self.get_component_rich_style("grouped-list--cursor"))
        return self._styles

    def render_lines(self, crop: Region) -> list[Strip]:
        """What every line of the frame needs, worked out once for all of them: Textual's
        geometry properties cost more than the rest of a line."""
        self._line_styles()  # (the bar's colours too)
        bar = self.scrollbar.shown
        width = self.scrollable_content_region.width - (BAR if bar else 0)
        self._frame = (width, self.scroll_offset.y, self.scrollbar.cells() if bar else [])
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        """One line of an entry (a blank below them) and of the drawn scrollbar, in one Strip:
        each costs Textual seven caches, and the frame of a keystroke draws ~30 lines. The
        view scrolls down only (its CSS hides overflow-x and sets Textual's bar to 0 cells)."""
        width, scroll_y, bar = self._frame
        base, cursor = self._line_styles()
        if y + scroll_y >= len(self._lines):
            segments = [Segment(" " * width, base)]
        else:
            entry, line_no = self._lines[y + scroll_y]
            if entry not in self._split:
                self._split[entry] = self.entries[entry][0].split("\n", allow_blank=True)
            line = self._split[entry][line_no]
            if line.cell_len > width - 2:
                line = line.copy()
                line.truncate(max(width - 2, 1), overflow="ellipsis")
            on_cursor = self.cursor is not None and self._choosable[self.cursor] == entry
            style = cursor if on_cursor else base
            padding = Segment(" " * max(width - 1 - line.cell_len, 0))
            text = [Segment(" "), *line.render(self.app.console), padding]
            segments = list(Segment.apply_style(text, style))
        if bar:
            segments.append(bar[y])
        return Strip(segments, width + (BAR if bar else 0))
