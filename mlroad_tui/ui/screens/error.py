"""Readable screens for what stops the app from starting: a broken curriculum (every problem)
or a database that cannot be opened (its reason). No traceback; only Quit works there."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from mlroad_tui.curriculum import Problem
from mlroad_tui.ui.widgets.labels import shown_path


class _ErrorScreen(Screen[None]):
    """What stopped the app: Quit is the only key, and mlroad then exits 1 (it failed)."""

    CSS_PATH = "screens.tcss"

    BINDINGS = [Binding("q,escape", "screen.give_up", "Quit", id="error-quit")]

    def action_give_up(self) -> None:
        self.app.exit(return_code=1)


class CurriculumErrorScreen(_ErrorScreen):
    """Lists what is wrong with the curriculum file so the learner can fix it."""

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


class DatabaseErrorScreen(_ErrorScreen):
    """Says why the learner's database cannot be opened, and where it is."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__()
        self.path = path
        self.reason = reason

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="error-body"):
            yield Static(
                Text("The database could not be opened", style="bold red"), id="error-heading"
            )
            short = shown_path(self.path)  # the reason names the file in full: say it once, short
            yield Static(
                Text.assemble((short, "bold"), "\n  ", self.reason.replace(str(self.path), short))
            )
            yield Static(
                "Nothing was changed. Fix the cause (a read-only folder, a full disk, a newer "
                "mlroad) and start mlroad again; `mlroad status` tells the same from a shell.",
                id="error-hint",
            )
        yield Footer()
