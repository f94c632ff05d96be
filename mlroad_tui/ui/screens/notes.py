"""The notes editor: a TextArea per topic, saved to the store when it closes."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from mlroad_tui.curriculum import Topic


class NotesScreen(ModalScreen[str]):
    """Edit a topic's notes; closing (Esc or Ctrl+S) always keeps what was typed."""

    CSS_PATH = "screens.tcss"

    BINDINGS = [
        Binding("escape,ctrl+s", "save", "Save and close", id="notes-save"),
    ]

    def __init__(self, topic: Topic, text: str) -> None:
        super().__init__()
        self.topic = topic
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(id="notes-dialog"):
            yield Static(Text.assemble(("Notes · ", "bold"), self.topic.title), id="notes-title")
            yield TextArea(self.text, id="notes-editor", soft_wrap=True, show_line_numbers=False)
            yield Static("Esc or Ctrl+S saves and closes", id="notes-hint")

    def on_mount(self) -> None:
        editor = self.query_one(TextArea)
        editor.focus()
        editor.move_cursor(editor.document.end)

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)
