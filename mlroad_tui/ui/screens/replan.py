"""When behind: push the rest of the plan later, or keep the end date with more hours a week."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from mlroad_tui.plan.dates import long_day, short_day

if TYPE_CHECKING:  # `mlroad config show` reads this screen's keys without planning anything
    from mlroad_tui.plan.pace import Pace, ReplanOptions

PUSH, KEEP = "push", "keep"


def push_text(options: ReplanOptions) -> Text:
    if options.push_keeps_end:
        text = Text.assemble(
            ("p  Catch up", "bold"),
            "\n   the late work moves into the coming days\n   the plan still ends on ",
        )
        text.append(long_day(options.end) if options.end else "-", style="bold")
        return text
    text = Text.assemble(("p  Push the rest later", "bold"), "\n   the plan then ends on ")
    text.append(long_day(options.push_end) if options.push_end else "-", style="bold")
    if options.end:
        text.append(f" (now {short_day(options.end, year=True)})", style="dim")
    return text


def keep_text(options: ReplanOptions, weekly_hours: float) -> Text:
    end = long_day(options.end) if options.end else "-"
    text = Text.assemble(("k  Keep the end date", "bold"), f" {end}\n   ")
    if options.keep_end_weekly_hours is None:
        text.append("not possible: no day has enough hours left for it", style="yellow")
        return text
    text.append(f"{options.keep_end_weekly_hours:.1f} h a week", style="bold")
    text.append(f" from today (now {weekly_hours:.1f} h)", style="dim")
    return text


class ReplanScreen(ModalScreen[bool | None]):
    """Returns True to keep the end date, False to push the plan later, None to decide later."""

    CSS_PATH = "screens.tcss"

    BINDINGS = [
        Binding("p", "choose('push')", "Push later", id="replan-push"),
        Binding("k", "choose('keep')", "Keep end date", id="replan-keep"),
        Binding("escape", "dismiss", "Decide later", id="replan-later"),
    ]

    def __init__(self, pace: Pace, options: ReplanOptions, weekly_hours: float) -> None:
        super().__init__()
        self.pace = pace
        self.options = options
        self.weekly_hours = weekly_hours

    def compose(self) -> ComposeResult:
        choices = OptionList(Option(push_text(self.options), id=PUSH), id="replan-choices")
        if not self.options.push_keeps_end:
            keep = Option(
                keep_text(self.options, self.weekly_hours),
                id=KEEP,
                disabled=self.options.keep_end_weekly_hours is None,
            )
            choices.add_options([None, keep])
        with Vertical(id="replan-dialog"):
            yield Static(
                Text.assemble(
                    (f"You are {self.pace.message}.", "bold"),
                    " Re-planning never changes finished work or your study log.",
                ),
                id="replan-title",
            )
            yield choices
            yield Static("Enter chooses · Esc decides later", id="replan-hint")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_choose(event.option.id or "")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`k` is not offered when pushing keeps the end date anyway."""
        return not (action == "choose" and parameters == (KEEP,) and self.options.push_keeps_end)

    def action_choose(self, choice: str) -> None:
        if choice == KEEP and self.options.keep_end_weekly_hours is None:
            self.notify("The end date cannot be kept.", severity="warning")
            return
        self.dismiss(choice == KEEP)
