"""A readable screen for a curriculum that could not be loaded: every problem, no traceback."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from mlroad_tui.curriculum import Problem


class CurriculumErrorScreen(Screen[None]):
    """Lists what is wrong with the curriculum file so the learner can fix it."""

    CSS_PATH = "screens.tcss"

    BINDINGS = [Binding("q,escape", "app.quit", "Quit", id="error-quit")]

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__()
        self.problems = problems

    def compose(self) -> ComposeResult:
        count = len(self.problems)
        heading = Text(
            f"The curriculum could not be loaded: {count} problem{'s' * (count != 1)}",
            style="bold red",
        )
        with VerticalScroll(id="error-body"):
            yield Static(heading, id="error-heading")
            for problem in self.problems:
                where = f"{problem.file}:{problem.line}" if problem.line else str(problem.file)
                line = Text.assemble((where, "bold"), "\n  ")
                if problem.field:
                    line.append(problem.field, style="cyan")
                    line.append(": ")
                line.append(problem.message)
                yield Static(line, classes="problem")
            yield Static(
                "Fix the file and start mlroad again; `mlroad curriculum validate PATH` "
                "checks it without opening the app.",
                id="error-hint",
            )
        yield Footer()
