"""The roadmaps at hand: pick one to switch to; a file that moved or vanished says so."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from mlroad_tui.shelf import ShelfEntry
from mlroad_tui.ui.widgets.labels import shown_path


def entry_text(entry: ShelfEntry, current: str) -> Text:
    """Title and progress, or why the file cannot be opened (roadmap text: shown literally)."""
    text = Text(entry.seen.title, style="bold")
    if entry.seen.id == current:
        text.append("  ◀ open now", style="cyan")
    text.append(f"\n  {entry.seen.id}", style="dim")
    if entry.progress is not None:
        text.append(f" · {entry.progress.done}/{entry.progress.total} topics finished")
        text.append(f" · {entry.progress.percent}%")
    else:
        text.append(f"\n  {entry.problem}; its progress is kept", style="yellow")
    text.append(f"\n  {shown_path(entry.seen.path)}", style="dim")
    return text


class RoadmapsScreen(ModalScreen[ShelfEntry | None]):
    """Returns the entry chosen (None: stay on this roadmap)."""

    CSS_PATH = "screens.tcss"
    BINDINGS = [Binding("escape,q", "dismiss", "Close", id="roadmaps-close")]

    def __init__(self, entries: list[ShelfEntry], current: str) -> None:
        super().__init__()
        self.entries = {entry.seen.id: entry for entry in entries}
        self.current = current

    def compose(self) -> ComposeResult:
        options = [
            Option(entry_text(entry, self.current), id=entry.seen.id, disabled=not entry.roadmap)
            for entry in self.entries.values()
        ]
        with Vertical(id="roadmaps-dialog"):
            yield Static(Text("Roadmaps", style="bold"), id="roadmaps-title")
            yield OptionList(*options, id="roadmaps-choices")
            yield Static("Enter opens · Esc stays", id="roadmaps-hint")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.entries[event.option.id or ""])
