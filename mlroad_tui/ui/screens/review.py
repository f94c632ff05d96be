"""The review screen: one due topic at a time, its summary and key points, rated 1–4."""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Static

from mlroad_tui.plan.review import ReviewPrompt, rating_label


def prompt_body(prompt: ReviewPrompt) -> Group:
    """The topic's title, summary and key points: what to recall before rating."""
    topic = prompt.topic
    parts = [Text(topic.title, style="bold"), Text(), Text(topic.summary)]
    if topic.key_points:
        parts += [Text(), Text("Key points", style="bold underline")]
        parts += [Text(f"• {point}") for point in topic.key_points]
    return Group(*parts)


def rating_hint() -> Text:
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
        *(Binding(str(n), f"rate({n})", rating_label(n)) for n in range(1, 5)),
        Binding("escape,q", "dismiss", "Close"),
    ]

    @dataclass
    class Rated(Message):
        """A review answered: 1 again, 2 hard, 3 good, 4 easy."""

        topic_id: str
        rating: int

    def __init__(self, prompts: tuple[ReviewPrompt, ...]) -> None:
        super().__init__()
        self.prompts = prompts
        self.index = 0

    def compose(self) -> ComposeResult:
        with Vertical(id="review-dialog"):
            yield Static(id="review-count")
            with VerticalScroll(id="review-scroll"):
                yield Static(id="review-prompt")
            yield Static(rating_hint(), id="review-hint")

    def on_mount(self) -> None:
        self._show()

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
        body.update(prompt_body(prompt))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return bool(self.prompts) if action == "rate" else True

    def action_rate(self, rating: int) -> None:
        # To the app itself: this screen may be gone before its own queue is read.
        self.app.post_message(self.Rated(self.prompts[self.index].topic.id, rating))
        if self.index + 1 < len(self.prompts):
            self.index += 1
            self._show()
        else:
            self.dismiss()
