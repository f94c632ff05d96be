"""The yardstick for startup: a minimal Textual app (Header, Footer, a Static)."""

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static


class Baseline(App[None]):
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("baseline ready")
        yield Footer()


if __name__ == "__main__":
    Baseline().run()
