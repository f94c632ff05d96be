"""Keys typed faster than the screen redraws (a fast typist, a paste, `tmux send-keys`) act in
the order typed, where the key before them sent the keyboard: "3/cou" filters the resources by
"cou"; it never checks links (c), opens a page (o) or shows only the unhealthy ones (u).

Textual routes a key to the widget focused when the key is read, and resolves an ordinary
binding only later, once the key has bubbled back up: by then the keys typed after it have been
routed to the old widget. Here a binding is resolved as soon as its key is read, unless the
focused widget types the key itself (an Input takes printable keys) or has yet to take keys
typed before it (else "16" then ctrl+s in a box would save "1"), and a key's action moves
the focus at once (`focus_now`), so the next key is routed after it has acted."""

from __future__ import annotations

from weakref import WeakKeyDictionary

from textual import events
from textual.app import App
from textual.widget import Widget

# Keys a box types that were forwarded to it and that it has not taken yet.
_untaken: WeakKeyDictionary[Widget, int] = WeakKeyDictionary()


def focus_now(widget: Widget) -> None:
    """Focus `widget` before the next key is read (`Widget.focus()` queues it behind them)."""
    widget.screen.set_focus(widget)


async def bound_at_once(app: App[object], event: events.Event) -> bool:
    """Run the binding of a key just read, if it has one; True if it did."""
    if not isinstance(event, events.Key) or event.is_forwarded:
        return False
    focused = app.focused
    if (
        focused is None  # a screen still opening
        or _untaken.get(focused)  # text typed before this key is still on its way to the box
        or focused.check_consume_key(event.key, event.character)  # text being typed
    ):
        return False  # Textual's own way, in turn
    return await app._check_bindings(event.key, priority=True) or await app._check_bindings(
        event.key
    )


def forwarded(app: App[object], event: events.Event) -> None:
    """After Textual forwarded `event`: a key the focused box types counts as untaken until
    the box has handled it (a callback queued behind the key)."""
    focused = app.focused if isinstance(event, events.Key) else None
    if focused is None or not focused.check_consume_key(event.key, event.character):
        return
    _untaken[focused] = _untaken.get(focused, 0) + 1

    def taken() -> None:
        _untaken[focused] -= 1

    focused.call_later(taken)
