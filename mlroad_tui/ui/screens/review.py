"""The review screen: one due topic at a time. Only its title shows until you reveal the
answer (space), so you recall before you see; then you rate your recall 1–4."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.widgets import Static

from mlroad_tui.plan.review import ReviewPrompt, rating_label
from mlroad_tui.ui.messages import StudyRequest
from mlroad_tui.ui.widgets.labels import Bullet

if TYPE_CHECKING:
    from mlroad_tui.ui.study import StudyDesk


def prompt_body(prompt: ReviewPrompt, revealed: bool) -> Group:
    """The topic's title; once revealed, its summary and key points (the answer)."""
    topic = prompt.topic
    parts: list[Text | Bullet] = [Text(topic.title, style="bold"), Text()]
    if not revealed:
        parts.append(Text("What is this topic about? Recall it, then press space.", style="dim"))
        return Group(*parts)
    parts.append(Text(topic.summary))
    if topic.key_points:
        parts += [Text(), Text("Key points", style="bold underline")]
        parts += map(Bullet, topic.key_points)
    return Group(*parts)


def rating_hint(revealed: bool) -> Text:
    if not revealed:
        return Text.assemble(
            ("space", "bold cyan"), " shows the answer   ", ("Esc", "bold cyan"), " later"
        )
    hint = Text("How well did you remember it?\n", style="bold")
    for rating in range(1, 5):
        hint.append(f"{rating}", style="bold cyan")
        hint.append(f" {rating_label(rating)}   ")
    hint.append("Esc", style="bold cyan")
    hint.append(" later")
    return hint


class ReviewScreen(ModalScreen[None]):
    """Walks through the due reviews; each rating goes up to the app, which stores it."""

    CSS_PATH = "screens.tcss"

    BINDINGS = [
        Binding("space", "reveal", "Show answer", id="review-reveal"),
        *(
            Binding(str(n), f"rate({n})", rating_label(n), id=f"review-rate-{n}")
            for n in range(1, 5)
        ),
        Binding("escape,q", "dismiss", "Close", id="review-close"),
    ]

    @dataclass
    class Rated(StudyRequest):
        """A review answered: 1 again, 2 hard, 3 good, 4 easy."""

        topic_id: str
        rating: int

        def answer(self, study: StudyDesk) -> None:
            study.rate(self.topic_id, self.rating)

    revealed: reactive[bool] = reactive(False, init=False)

    def __init__(self, prompts: tuple[ReviewPrompt, ...]) -> None:
        super().__init__()
        self.prompts = prompts
        self.index = 0

    def compose(self) -> ComposeResult:
        with Vertical(id="review-dialog"):
            yield Static(id="review-count")
            with VerticalScroll(id="review-scroll"):
                yield Static(id="review-prompt")
            yield Static(id="review-hint")

    def on_mount(self) -> None:
        self._show()

    def watch_revealed(self) -> None:
        self._show()
        self.refresh_bindings()

    def _show(self) -> None:
        count = self.query_one("#review-count", Static)
        body = self.query_one("#review-prompt", Static)
        if not self.prompts:
            count.update(Text("Review", style="bold"))
            body.update("No reviews due. A topic you finish comes back here the day after.")
            self.query_one("#review-hint").display = False
            return
        prompt = self.prompts[self.index]
        seen = "first review" if not prompt.reviews else f"reviewed {prompt.reviews}×"
        count.update(
            Text.assemble(
                (f"Review {self.index + 1} of {len(self.prompts)}", "bold"), (f" · {seen}", "dim")
            )
        )
        body.update(prompt_body(prompt, self.revealed))
        self.query_one("#review-hint", Static).update(rating_hint(self.revealed))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Space only while the answer is hidden; a rating only once it has been seen."""
        if action == "reveal":
            return bool(self.prompts) and not self.revealed
        if action == "rate":
            return bool(self.prompts) and self.revealed
        return True

    def action_reveal(self) -> None:
        self.revealed = True

    def action_rate(self, rating: int) -> None:
        # To the app itself: this screen may be gone before its own queue is read.
        self.app.post_message(self.Rated(self.prompts[self.index].topic.id, rating))
        if self.index + 1 < len(self.prompts):
            self.index += 1
            self.revealed = False
        else:
            self.dismiss()
