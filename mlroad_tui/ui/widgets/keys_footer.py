"""A Footer whose keys are part of the first frame, that shows another pane's keys without
composing them again, and that fits narrow terminals (the pane's keys and `?`, `v`, `q` show at
80 columns).

Textual's Footer composes empty, then waits for the screen's first bindings signal and one
more refresh before showing any key (~180 ms after the roadmap at launch), and recomposes on
every signal. A recompose unmounts and mounts a widget per key and styles each one twice (its
`compact` is data-bound after mounting): ~100 ms of a pane switch. Here the keys of every pane
seen stay composed, and a switch shows and hides them. The keys of the panes not yet shown
are composed ahead (`prepare`), so a pane's first showing mounts nothing either.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.geometry import Size
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

# A key the Footer shows: its key, how it is shown, action, description, whether it is
# enabled, its tooltip.
Entry = tuple[str, str, str, str, bool, str]
NARROW = 110  # columns; below this the Footer's roomy layout cuts keys off
# Cells a narrow Footer leaves free at its right: a key that turns out wider than counted (an
# ambiguous-width glyph, a keymap's longer key) must not push `?` and `q` off the screen.
MARGIN = 6
# Left out of a narrow Footer, in this order, while the keys do not fit (all stay in `?`).
LEFT_OUT_FIRST = ("stats", "bookmark", "toggle_unhealthy", "toggle_read")


def merged(composed: Sequence[Entry], wanted: Sequence[Entry]) -> list[Entry] | None:
    """`composed` with the entries of `wanted` it lacks, each put just before the next entry
    of `wanted` it has, so that `wanted` reads in order within it; None when the entries both
    hold come in another order in `composed`."""
    at = {entry: n for n, entry in enumerate(composed)}
    shared = [at[entry] for entry in wanted if entry in at]
    if shared != sorted(shared):
        return None
    result = list(composed)
    for n, entry in enumerate(wanted):
        if entry not in result:
            later = (result.index(e) for e in wanted[n + 1 :] if e in result)
            result.insert(next(later, len(result)), entry)
    return result


class Key(FooterKey):
    """A FooterKey whose size, when it first shows, asks for no second layout: the layout that
    sized it has placed it already (a key scrolls nothing, so its virtual size moves nothing),
    and the second one would paint the Footer again a frame after the switch that showed it."""

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        return super()._size_updated(size, virtual_size, container_size, layout=False)


class KeysFooter(Footer):
    """The Footer, composed with the keys in force when it mounts, then with every pane's keys
    as each comes into force, showing only those in force. Below NARROW columns it is compact,
    leaves out the palette's entry (ctrl+p still opens it; the help screen names it) and, if
    the keys still do not fit, those of LEFT_OUT_FIRST, then the pane's own from the last (all
    stay in `?`)."""

    def __init__(self) -> None:
        super().__init__()
        self._bindings_ready = True
        self._composed: list[Entry] = []  # the keys composed, in order, shown or not
        self._shown: list[Entry] | None = None  # the keys in force
        self._narrow: bool | None = None

    def compose(self) -> ComposeResult:
        width = self.app.size.width
        self._fit(width)
        self._shown = self._keys()
        composed = merged(self._composed, self._shown)
        self._composed = self._shown if composed is None else composed
        shown = self._in_force()
        for entry in self._composed:
            widget = self._key(entry)
            widget.display = entry in shown
            yield widget
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            yield from self._palette_key()

    def _key(self, entry: Entry) -> FooterKey:
        key, display, action, description, enabled, tooltip = entry
        widget = Key(
            key,
            display,
            description,
            action,
            disabled=not enabled,
            tooltip=tooltip,
            classes="-compact" if self.compact else "",
        )
        # Set, not data-bound: a binding restyles every key once mounted (~8 ms each).
        widget.set_reactive(FooterKey.compact, self.compact)
        return widget

    def _palette_key(self) -> ComposeResult:
        try:
            _, binding, enabled, _ = self.screen.active_bindings[self.app.COMMAND_PALETTE_BINDING]
        except KeyError:
            return
        yield FooterKey(
            binding.key,
            self.app.get_key_display(binding),
            binding.description,
            binding.action,
            classes="-command-palette",
            disabled=not enabled,
            tooltip=binding.tooltip or binding.description,
        )

    def _in_force(self) -> set[Entry]:
        """The keys to show: those in force, less those a narrow Footer leaves out."""
        left_out = self._left_out(self.app.size.width) if self._narrow else set()
        return {entry for entry in self._shown or () if entry[2] not in left_out}

    def _show_keys_in_force(self) -> None:
        shown = self._in_force()
        for widget, entry in zip(self._key_widgets(), self._composed, strict=False):
            widget.display = entry in shown

    def _left_out(self, width: int) -> set[str]:
        """Actions whose keys make room, so that the others fit in `width` compact cells less
        MARGIN: those of LEFT_OUT_FIRST, then the pane's own from the last; never the app's."""
        cells: dict[str, int] = {}
        pane_actions: list[str] = []
        for node, binding, _, _ in self.screen.active_bindings.values():
            if binding.show and binding.action not in cells:  # an action's first key shows
                shown = cell_len(self.app.get_key_display(binding)) + cell_len(binding.description)
                cells[binding.action] = shown + 2  # a space inside, one between
                if node is not self.app:
                    pane_actions.append(binding.action)
        left_out: set[str] = set()
        for action in (*LEFT_OUT_FIRST, *reversed(pane_actions)):
            if sum(cells.values()) <= width - MARGIN:
                break
            if cells.pop(action, None) is not None:
                left_out.add(action)
        return left_out

    def on_resize(self, event: events.Resize) -> None:
        if self._fit(event.size.width):
            self.call_next(self.recompose)

    def _fit(self, width: int) -> bool:
        """Set the layout for `width` columns; True if it changed."""
        narrow = width < NARROW
        if narrow == self._narrow:
            return False
        self._narrow = narrow
        self.compact = narrow
        self.show_command_palette = not narrow
        return True

    def bindings_changed(self, screen: Screen) -> None:
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        keys = self._keys()
        if keys == self._shown:
            return
        self._shown = keys
        composed = merged(self._composed, keys)
        if composed is None:
            self.call_next(self.recompose)
            return
        self._add_keys(composed)
        self._show_keys_in_force()

    def prepare(self, widgets: Iterable[Widget]) -> None:
        """Compose, hidden, the keys the Footer will show when each of `widgets` has focus:
        keys mounted while a pane first shows arrive after its frame, and paint another one
        (25-35 ms later, measured)."""
        composed = self._composed
        for widget in widgets:
            composed = merged(composed, self._keys(widget)) or composed
        self._add_keys(composed)

    def _add_keys(self, composed: list[Entry]) -> None:
        """Mount the keys `composed` adds to those mounted, each just before the key it
        precedes. The mounted keys keep their widgets: a recompose would replace them all, and
        keys never laid out grow from nothing at their first showing, which costs the switch
        that shows them a second layout (about 25 ms)."""
        widgets = dict(zip(self._composed, self._key_widgets(), strict=False))
        palette = next((w for w in self.children if w.has_class("-command-palette")), None)
        for n, entry in enumerate(composed):
            if entry in widgets:
                continue
            following = next((widgets[e] for e in composed[n + 1 :] if e in widgets), palette)
            widgets[entry] = widget = self._key(entry)
            widget.display = False  # until _show_keys_in_force
            self.mount(widget, before=following)
        self._composed = composed

    def _key_widgets(self) -> list[FooterKey]:
        """The keys composed from entries, in order (not the palette's)."""
        return [
            w
            for w in self.children
            if isinstance(w, FooterKey) and not w.has_class("-command-palette")
        ]

    def _keys(self, focused: Widget | None = None) -> list[Entry]:
        """The keys the Footer shows now, or would show with `focused` focused: the first key
        of each action that shows one."""
        screen = self.screen
        if focused is None:
            active = screen.active_bindings
        else:  # the focus swapped, not moved: no event, no repaint
            now = screen.focused
            screen.set_reactive(Screen.focused, focused)
            try:
                active = screen.active_bindings
            finally:
                screen.set_reactive(Screen.focused, now)
        entries: dict[str, Entry] = {}
        for _, binding, enabled, tooltip in active.values():
            if binding.show and binding.action not in entries:
                entries[binding.action] = (
                    binding.key,
                    self.app.get_key_display(binding),
                    binding.action,
                    binding.description,
                    enabled,
                    tooltip,
                )
        return list(entries.values())
