"""The question asked at launch when a timer was left running (by a quit, a crash or a kill)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Literal

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from mlroad_tui.plan.dates import duration_minutes
from mlroad_tui.plan.model import RunningTimer
from mlroad_tui.ui.views import duration

_CLOCK_TIME = re.compile(r"(\d{1,2}):(\d{2})")
MINUTE = timedelta(minutes=1)


@dataclass(frozen=True)
class Recovery:
    """The learner's answer: record the session up to `until`, discard it, or keep it running."""

    action: Literal["record", "discard", "keep"]
    until: datetime | None = None


def _at(day: date, wall: time, zone: tzinfo | None) -> datetime:
    """`wall` o'clock on `day` in `zone` (None: the system's), as an aware instant."""
    naive = datetime.combine(day, wall)
    return naive.replace(tzinfo=zone) if zone else naive.astimezone()


def session_end(text: str, started_at: datetime, now: datetime, zone: tzinfo | None) -> datetime:
    """When the session ended: a clock time after the start (`18:30`) or a length (`1h30m`).
    Raises ValueError, in words for the learner, for anything else or a time not yet reached."""
    text = text.strip()
    if match := _CLOCK_TIME.fullmatch(text):
        hour, minute = int(match[1]), int(match[2])
        if hour > 23 or minute > 59:
            raise ValueError(f"{text} is not a time of day")
        first_day = started_at.astimezone(zone).date()
        end = _at(first_day, time(hour, minute), zone)
        if end <= started_at:  # 01:30 after a start at 23:00 is the next night
            end = _at(first_day + timedelta(days=1), time(hour, minute), zone)
    else:
        try:
            end = started_at + timedelta(minutes=duration_minutes(text))
        except ValueError:
            raise ValueError(
                f"cannot read {text!r}: write a time like 18:30 or a length like 1h30m"
            ) from None
    if end > now:
        raise ValueError(f"the timer has only run {duration((now - started_at) / MINUTE)}")
    return end.astimezone(UTC)


class TimerRecoveryScreen(ModalScreen[Recovery]):
    """Stop the found timer now, record it up to a time, discard it, or leave it running."""

    CSS_PATH = "screens.tcss"

    BINDINGS = [Binding("escape", "keep", "Keep it running", id="timer-keep")]

    def __init__(self, timer: RunningTimer, title: str, now: datetime, zone: tzinfo | None) -> None:
        super().__init__()
        self.timer = timer
        self.topic_title = title
        self.now = now
        self.zone = zone

    def compose(self) -> ComposeResult:
        started = self.timer.started_at.astimezone(self.zone)
        so_far = duration(self.timer.elapsed_minutes(self.now))
        question = Text.assemble(
            ("A study timer is still running", "bold"),
            "\n\n",
            ("⏱ ", ""),
            (self.topic_title, "bold"),
            f" since {started:%a} {started.day} {started:%b %H:%M} ({so_far}).",
            "\nWere you studying all that time?",
        )
        with Vertical(id="recovery-dialog"):
            yield Static(question, id="recovery-question")
            yield OptionList(
                Option(f"Stop it now and record {so_far}", id="now"),
                Option("Record it up to a time…", id="until"),
                Option("Discard it", id="discard"),
                Option("Keep it running", id="keep"),
                id="recovery-choices",
            )
            yield Input(placeholder="18:30 or 1h30m", id="recovery-until")
            yield Static(id="recovery-error")

    def on_mount(self) -> None:
        self.query_one("#recovery-until").display = False
        self.query_one("#recovery-error").display = False
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        match event.option.id:
            case "now":
                self.dismiss(Recovery("record", self.now))
            case "until":
                field = self.query_one("#recovery-until", Input)
                field.display = True
                field.focus()
            case "discard":
                self.dismiss(Recovery("discard"))
            case _:
                self.action_keep()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            until = session_end(event.value, self.timer.started_at, self.now, self.zone)
        except ValueError as error:
            reason = self.query_one("#recovery-error", Static)
            reason.update(Text(str(error), style="red"))
            reason.display = True
            return
        self.dismiss(Recovery("record", until))

    def action_keep(self) -> None:
        self.dismiss(Recovery("keep"))
