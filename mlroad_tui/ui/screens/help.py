"""The `?` screen: every key binding, generated from the widgets that declare them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import lru_cache

from rich.console import Console, ConsoleOptions, Group, RenderableType
from rich.measure import Measurement
from rich.segment import Segment
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

HelpSection = tuple[str, Sequence[BindingType]]


def _bindings(declared: Iterable[BindingType]) -> Iterable[Binding]:
    for binding in declared:
        if isinstance(binding, Binding):
            yield binding
        else:
            yield Binding(*binding)


Row = tuple[str, str, str]  # keys, what they do, the binding's id


class DrawnOnce:
    """A renderable drawn once per width. Textual draws a Static's content to learn its
    height, then again to paint it, and again on each opening of the screen: for the help's
    tables (~80 rows, every cell measured by Rich) that was most of a 130-210 ms keystroke."""

    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable
        self._lines: dict[int, list[list[Segment]]] = {}

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        lines = self._lines.get(options.max_width)
        if lines is None:
            lines = console.render_lines(self.renderable, options.update(height=None), pad=False)
            self._lines[options.max_width] = lines
        for line in lines:
            yield from line
            yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.renderable)


@lru_cache(maxsize=4)
def _tables(sections: tuple[tuple[str, tuple[Row, ...]], ...]) -> DrawnOnce:
    """The sections as titled tables, kept for the next opening while the keys are the same."""
    parts: list[Text | Table] = []
    for title, rows in sections:
        table = Table(box=None, show_header=False, padding=(0, 1), pad_edge=False)
        table.add_column("key", style="bold cyan", no_wrap=True, width=12)
        table.add_column("action")
        table.add_column("id", style="dim")  # what config.toml's [keymap] calls it
        for row in rows:
            table.add_row(*row)
        parts += [Text(title, style="bold underline"), table, Text()]
    return DrawnOnce(Group(*parts))


class HelpScreen(ModalScreen[None]):
    """Shows the sections the app passes in: one table row per binding."""

    CSS_PATH = "screens.tcss"

    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close", id="help-close")]

    def __init__(
        self, sections: Sequence[HelpSection], keymap: Mapping[str, str] | None = None
    ) -> None:
        """`keymap` (config.toml's) replaces the keys of the bindings whose ids it names."""
        super().__init__()
        self.sections = sections
        self.keymap = keymap or {}

    def compose(self) -> ComposeResult:
        sections = tuple(
            (title, tuple(self._row(binding) for binding in _bindings(declared)))
            for title, declared in self.sections
        )
        with VerticalScroll(id="help-dialog"):
            yield Static(Text("Keys", style="bold"), id="help-title")
            yield Static(_tables(sections))
            yield Static("Esc closes · Ctrl+P opens the command palette", id="help-hint")

    def _row(self, binding: Binding) -> Row:
        chosen = self.keymap.get(binding.id or "", binding.key)
        keys = " ".join(
            self.app.get_key_display(Binding(key.strip(), "")) for key in chosen.split(",")
        )
        return keys, binding.description or binding.action, binding.id or ""
