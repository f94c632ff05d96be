"""The `?` screen: every key binding, generated from the widgets that declare them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from rich.console import Group
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
        parts: list[Text | Table] = []
        for title, declared in self.sections:
            table = Table(box=None, show_header=False, padding=(0, 1), pad_edge=False)
            table.add_column("key", style="bold cyan", no_wrap=True, width=12)
            table.add_column("action")
            table.add_column("id", style="dim")  # what config.toml's [keymap] calls it
            for binding in _bindings(declared):
                chosen = self.keymap.get(binding.id or "", binding.key)
                keys = " ".join(
                    self.app.get_key_display(Binding(key.strip(), "")) for key in chosen.split(",")
                )
                table.add_row(keys, binding.description or binding.action, binding.id or "")
            parts += [Text(title, style="bold underline"), table, Text()]
        with VerticalScroll(id="help-dialog"):
            yield Static(Text("Keys", style="bold"), id="help-title")
            yield Static(Group(*parts))
            yield Static("Esc closes · Ctrl+P opens the command palette", id="help-hint")
