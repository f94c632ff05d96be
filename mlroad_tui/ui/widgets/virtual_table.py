"""A virtual table: only the rows on screen are ever built, so 5,000 rows filter instantly.

Textual's DataTable builds every row up front (~50 µs a row); a filter keystroke over a large
catalogue would cost hundreds of milliseconds. Here a keystroke costs one list comprehension.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Static

from mlroad_tui.ui.widgets.scrolling import BAR, DrawnScrollbar, set_virtual_size

Cell = Text | str
Widths = tuple[int | None, ...]  # per column; None: not shown at this width


@dataclass(frozen=True)
class Column:
    """A column's title and width; on a narrow screen it may shrink to `least` cells, and
    columns with a `drop` rank are left out (the highest rank first) when even that is too
    wide. The column that matters never has a drop rank."""

    title: str
    width: int
    least: int | None = None  # None: keeps its width
    drop: int = 0  # 0: always shown


def fit(columns: Sequence[Column], room: int) -> Widths:
    """Column widths for `room` cells: every column at its width if they fit; else drop
    columns by rank until their narrowest forms fit, then shrink them from the left (where
    the titles are, which an ellipsis cuts best)."""
    shown = list(columns)
    for rank in sorted({c.drop for c in columns if c.drop}, reverse=True):
        if _span(c.least or c.width for c in shown) <= room:
            break
        shown = [c for c in shown if c.drop != rank]
    widths = {c: c.width for c in shown}
    for column in shown:
        excess = _span(widths.values()) - room
        if excess <= 0:
            break
        widths[column] = max(column.least or column.width, column.width - excess)
    return tuple(widths.get(c) for c in columns)


def _span(widths: Iterable[int]) -> int:
    """Cells taken by columns of these widths, one space apart."""
    widths = list(widths)
    return sum(widths) + len(widths) - 1


def layout(cells: Sequence[Cell], widths: Widths, style: str = "") -> Text:
    """Cells cut or padded to their column widths, one space apart, as one line; cells of
    columns not shown are left out."""
    line = Text(style=style, no_wrap=True, end="")
    shown = ((cell, width) for cell, width in zip(cells, widths, strict=True) if width)
    for n, (cell, width) in enumerate(shown):
        text = cell.copy() if isinstance(cell, Text) else Text(cell)
        text.truncate(width, overflow="ellipsis", pad=True)
        if n:
            line.append(" ")
        line.append_text(text)
    return line


class TableHeader(Static):
    """The column titles, laid out exactly like the rows beneath (the table sets them)."""

    def __init__(self, columns: Sequence[Column], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.columns = columns
        self._shown: Widths | None = None  # the widths the titles are laid out for

    def show(self, widths: Widths) -> None:
        # Only on a change, not on every showing of the pane (each brings a Resize). One
        # line high (app.tcss) whatever it holds, so no layout: that would cost a frame
        # more when a pane is first shown.
        if widths != self._shown:
            self._shown = widths
            self.update(layout([c.title for c in self.columns], widths), layout=False)


class VirtualTable(ScrollView, can_focus=True):
    """Rows are keys; `render_row(key)` draws one when (and only when) it is on screen."""

    BINDINGS = [
        Binding("up,k", "move(-1)", "Up", show=False, id="row-up"),
        Binding("down,j", "move(1)", "Down", show=False, id="row-down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="page-up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="page-down"),
        Binding("home", "jump(0)", "First", show=False, id="row-first"),
        Binding("end", "jump(-1)", "Last", show=False, id="row-last"),
    ]
    COMPONENT_CLASSES = {"virtual-table--cursor", "virtual-table--odd"}

    cursor: reactive[int] = reactive(0)

    def __init__(
        self,
        header: TableHeader,
        render_row: Callable[[str], Sequence[Cell]],
        on_highlight: Callable[[str | None], None],
        **kwargs: Any,
    ) -> None:
        """`header` shows the titles of the columns, fitted as the rows are. `on_highlight`
        is told of the row under the cursor whenever it may be another (a move, new rows),
        at once: what it draws is in the frame that shows the cursor there. (A message was
        handled after that frame, so a j/k drew twice, 33 ms.)"""
        super().__init__(**kwargs)
        self.header = header
        self.render_row = render_row
        self.on_highlight = on_highlight
        self.keys: list[str] = []
        self._row_styles: tuple[Style, Style, Style] | None = None
        self.widths: Widths = tuple(c.width for c in header.columns)
        self.scrollbar = DrawnScrollbar(self)

    def on_resize(self) -> None:
        """Fit the columns to the room there is, a scrollbar's width kept free."""
        room = self.size.width - BAR
        self.widths = fit(self.header.columns, room)
        self.header.show(self.widths)
        self._fit_virtual_size()

    @property
    def row_width(self) -> int:
        return _span(w for w in self.widths if w)

    @property
    def row_count(self) -> int:
        return len(self.keys)

    @property
    def highlighted_key(self) -> str | None:
        return self.keys[self.cursor] if self.keys else None

    def set_keys(self, keys: list[str], keep: str | None = None) -> None:
        """Show these rows; the cursor stays on `keep` if it is still shown."""
        self.keys = keys
        self._fit_virtual_size()
        index = {key: n for n, key in enumerate(keys)}.get(keep, 0) if keep is not None else 0
        cursor = min(index, max(len(keys) - 1, 0))
        moved = cursor != self.cursor
        self.cursor = cursor  # (its watcher tells of a move)
        if not moved:  # the same row number, maybe another row under it
            self.on_highlight(self.highlighted_key)
        self.refresh()

    def _fit_virtual_size(self) -> None:
        """A row a line, as wide as the columns; the scrollbar is drawn again only if the
        size changed."""
        size = Size(self.row_width, len(self.keys))
        if size != self.virtual_size:
            set_virtual_size(self, size)

    def redraw(self) -> None:
        """Rows changed in place (e.g. a badge): draw what is on screen again."""
        self.refresh()

    def watch_cursor(self, old: int, new: int) -> None:
        self.scroll_to_region(Region(0, new, 1, 1), animate=False, force=True)
        self.refresh()
        if old != new:
            self.on_highlight(self.highlighted_key)

    def action_move(self, step: int) -> None:
        if self.keys:
            self.cursor = max(0, min(len(self.keys) - 1, self.cursor + step))

    def action_page(self, direction: int) -> None:
        self.action_move(direction * max(self.scrollable_content_region.height - 1, 1))

    def action_jump(self, where: int) -> None:
        if self.keys:
            self.cursor = where % len(self.keys)

    def on_click(self, event: events.Click) -> None:
        if self.scrollbar.shown and event.x >= self.scrollable_content_region.width - BAR:
            return  # on the scrollbar: the wheel scrolls, a click there picks no row
        row = event.y + self.scroll_offset.y
        if 0 <= row < len(self.keys):
            self.cursor = row

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._row_styles = None  # focus or theme changed: compute the styles again

    def _styles(self) -> tuple[Style, Style, Style]:
        """Plain, cursor and odd-row styles, computed once per style change (not per line:
        `rich_style` walks the DOM and cost ~0.3 ms a call, most of a redraw)."""
        if self._row_styles is None:
            base = self.rich_style
            cursor = base + self.get_component_rich_style("virtual-table--cursor")
            odd = base + self.get_component_rich_style("virtual-table--odd")
            self._row_styles = (base, cursor, odd)
            self.scrollbar.restyle()
        return self._row_styles

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        row = y + scroll_y
        bar = self.scrollbar.shown
        width = self.scrollable_content_region.width - (BAR if bar else 0)
        base, cursor, odd = self._styles()
        if row >= len(self.keys):
            strip = Strip.blank(width, base)
        else:
            style = cursor if row == self.cursor else odd if row % 2 else base
            line = layout(self.render_row(self.keys[row]), self.widths)
            segments = list(Segment.apply_style(line.render(self.app.console), style))
            strip = Strip(segments, line.cell_len).crop_extend(scroll_x, scroll_x + width, style)
        if bar:
            strip = Strip.join([strip, self.scrollbar.line(y)])
        return strip.simplify()
