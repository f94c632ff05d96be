"""Asks before rewriting the roadmap file for a moved link, showing exactly what changes."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from mlroad_tui.links.fix import Fix

_LINE_STYLES = {"+": "green", "-": "red", "@": "cyan"}


def diff_text(fix: Fix) -> Text:
    """The diff as literal text (URLs and roadmap lines are untrusted), coloured by line."""
    lines = []
    for line in fix.diff(context=1).splitlines():
        style = "bold" if line.startswith(("+++", "---")) else _LINE_STYLES.get(line[:1], "")
        lines.append(Text(line, style=style))
    return Text("\n").join(lines)


class FixLinkScreen(ModalScreen[bool]):
    """Returns True to write the file, False to leave it as it is."""

    CSS_PATH = "fix_link.tcss"

    BINDINGS = [
        Binding("y", "dismiss(True)", "Write the file", id="fix-link-write"),
        Binding("n,escape", "dismiss(False)", "Cancel", id="fix-link-cancel"),
    ]

    def __init__(self, fix: Fix) -> None:
        super().__init__()
        self.fix = fix

    def compose(self) -> ComposeResult:
        move = self.fix.moves[0]
        with Vertical(id="fix-dialog"):
            yield Static(
                Text.assemble(
                    ("This link moved for good.", "bold"),
                    "\n",
                    (move.old, "red"),
                    "\n→ ",
                    (move.new, "green"),
                    f"\nRewrite {self.fix.path} so that it points there?",
                ),
                id="fix-title",
            )
            with VerticalScroll(id="fix-diff"):
                yield Static(diff_text(self.fix))
            yield Static("y writes the file · n or Esc leaves it", id="fix-hint")
