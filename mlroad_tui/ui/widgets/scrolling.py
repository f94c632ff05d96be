"""Changing what a scroll view holds in the frame of the keystroke, without a second frame."""

from __future__ import annotations

from textual.geometry import Size
from textual.scroll_view import ScrollView


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
