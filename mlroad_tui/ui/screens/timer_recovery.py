"""The question asked at launch when a timer was left running (by a quit, a crash or a kill)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from mlroad_tui.plan.dates import duration_minutes
from mlroad_tui.plan.model import RunningTimer
from mlroad_tui.ui.recovery import Discard, Keep, Record, Recovery
from mlroad_tui.ui.views import duration

_CLOCK_TIME = re.compile(r"(\d{1,2}):(\d{2})")
MINUTE = timedelta(minutes=1)


class Choice(StrEnum):
    """The dialog's options, in the order shown; an option's id is its member's value."""

    NOW = "now"
    UNTIL = "until"
    DISCARD = "discard"
    KEEP = "keep"


# What each option says (`{so_far}`: how long the timer has run).
LABELS = {
    Choice.NOW: "Stop it now and record {so_far}",
    Choice.UNTIL: "Record it up to a time…",
    Choice.DISCARD: "Discard it",
    Choice.KEEP: "Keep it running",
}


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
                *(Option(LABELS[c].format(so_far=so_far), id=c.value) for c in Choice),
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
        CHOSEN[Choice(event.option.id)](self)

    def record_now(self) -> None:
        self.dismiss(Record(self.now))

    def ask_until(self) -> None:
        field = self.query_one("#recovery-until", Input)
        field.display = True
        field.focus()

    def discard(self) -> None:
        self.dismiss(Discard())

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            until = session_end(event.value, self.timer.started_at, self.now, self.zone)
        except ValueError as error:
            reason = self.query_one("#recovery-error", Static)
            reason.update(Text(str(error), style="red"))
            reason.display = True
            return
        self.dismiss(Record(until))

    def action_keep(self) -> None:
        self.dismiss(Keep())


# What choosing each option does.
CHOSEN: dict[Choice, Callable[[TimerRecoveryScreen], None]] = {
    Choice.NOW: TimerRecoveryScreen.record_now,
    Choice.UNTIL: TimerRecoveryScreen.ask_until,
    Choice.DISCARD: TimerRecoveryScreen.discard,
    Choice.KEEP: TimerRecoveryScreen.action_keep,
}
