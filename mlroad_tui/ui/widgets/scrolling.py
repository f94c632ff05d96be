"""Changing what a scroll view holds in the frame of the keystroke, without a second frame."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBarRender
from textual.strip import Strip


def set_virtual_size(view: ScrollView, size: Size) -> None:
    """Give `view` a new virtual size, and its scrollbars their new state, at once.

    Assigning `virtual_size` asks for a layout of the screen, during which the scrollbars
    are checked; one that appears or goes then asks for a second layout, a frame (1/60 s)
    later. A view whose own size does not follow its content needs neither: the scrollbars
    are checked here, and only one that appears or goes asks for the (single) layout.
    """
    view.set_reactive(ScrollView.virtual_size, size)
    if not view.container_size and size.height > view.app.size.height:
        room_for_scrollbar(view)  # taller than the screen: it surely needs one
    view._scroll_update(size)
    if view.scroll_y > view.max_scroll_y:
        view.scroll_to(y=view.max_scroll_y, animate=False, immediate=True)
    view.refresh()


def room_for_scrollbar(view: ScrollView) -> None:
    """Show the vertical scrollbar of a view not laid out yet (in a pane never shown) that
    will need it. Textual finds that out only after the layout that first shows the view,
    and then lays out again, a frame later; this way the first layout makes room for it."""
    view.show_vertical_scrollbar = True
    view.vertical_scrollbar.display = True


BAR = 2  # cells: as wide as Textual's own vertical scrollbar


class DrawnScrollbar:
    """A view's vertical scrollbar, drawn by the view in its last BAR cells, as Textual draws
    its own (the view sets `scrollbar-size-vertical: 0`, so it has none).

    Textual checks a scroll view's scrollbars in every layout of the screen and draws them
    again a frame later, whether or not they changed: a pane switch cost that second frame.
    A bar drawn with the lines is part of the frame that draws them."""

    def __init__(self, view: ScrollView) -> None:
        self.view = view
        self.style = self._under = Style()
        self._drawn: tuple[object, ...] | None = None
        self._cells: list[Segment] = []

    @property
    def shown(self) -> bool:
        """Whether Textual would show its own (by `overflow-y` and the virtual size)."""
        return self.view.show_vertical_scrollbar

    def restyle(self) -> None:
        """The colours of Textual's scrollbar (not hovered, not dragged), for this view."""
        styles = self.view.styles
        background = styles.scrollbar_background
        if background.a < 1:
            background = self.view.background_colors[0] + background
        color = background + styles.scrollbar_color
        self.style = Style.from_color(color.rich_color, background.rich_color)
        self._under = Style(bgcolor=self.view.background_colors[1].rich_color)

    def line(self, y: int) -> Strip:
        """Line `y` of the bar."""
        cells = self.cells()
        if y >= len(cells):  # (a line below the view's height: none is asked for)
            return Strip.blank(BAR, self._under)
        return Strip([cells[y]], BAR)

    def cells(self) -> list[Segment]:
        """The bar's lines, a segment each (drawn once per view height, length and scroll
        position): a view that makes its lines' Strips itself appends them."""
        height = self.view.scrollable_content_region.height
        virtual = self.view.virtual_size.height
        position = self.view.scroll_offset.y
        key = (height, virtual, position, self.style)
        if key != self._drawn:
            self._drawn = key
            bar = ScrollBarRender.render_bar(
                size=height,
                virtual_size=virtual,
                window_size=height if height < virtual else 0,
                position=position,
                thickness=BAR,
                vertical=True,
                back_color=self.style.bgcolor,
                bar_color=self.style.color,
            )
            self._cells = list(Segment.apply_style(bar.segments, self._under))
        return self._cells
