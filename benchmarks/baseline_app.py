"""The yardstick for startup and keystrokes: a minimal Textual app (Header, Footer, a Static);
`j` rewrites the Static, the least a keystroke can cost in a Textual app."""

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static


class Baseline(App[None]):
    BINDINGS = [("q", "quit", "Quit"), ("j", "next", "Next")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("baseline ready", id="line")
        yield Footer()

    presses = 0

    def action_next(self) -> None:
        self.presses += 1
        self.query_one("#line", Static).update(f"baseline ready · key {self.presses}")


if __name__ == "__main__":
    Baseline().run()
