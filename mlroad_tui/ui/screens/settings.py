"""Plan settings: start date, weekly hours, study weekdays and time zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, SelectionList, Static

from mlroad_tui.limits import PLAN_START, OutOfRange
from mlroad_tui.plan.model import WEEKDAY_NAMES, SavedSettings
from mlroad_tui.plan.settings import PlanSettings, check_weekly_hours
from mlroad_tui.ui.widgets.tick_list import TickList

TALL = 32  # rows: enough for the form with bordered fields


@dataclass(frozen=True)
class SettingsForm:
    """What the form shows: the plan's settings and the saved time zone."""

    settings: PlanSettings
    timezone: str | None


def read_form(
    form: SettingsForm, start: str, hours: str, weekdays: list[int], zone: str
) -> SavedSettings:
    """The changes typed into the form, None where a value stayed as it was (what
    `save_settings` takes); raises ValueError, in words for the learner."""
    try:
        new_start = PLAN_START.check(date.fromisoformat(start.strip()))
    except OutOfRange as error:
        raise ValueError(f"start: {error}") from None
    except ValueError:
        raise ValueError(f"start: not a date (YYYY-MM-DD): {start.strip()!r}") from None
    try:
        typed_hours = float(hours)
    except ValueError:
        raise ValueError(f"hours: not a number: {hours.strip()!r}") from None
    try:
        new_hours = check_weekly_hours(typed_hours)
    except OutOfRange as error:
        raise ValueError(f"hours: {error}") from None
    if not weekdays:
        raise ValueError("study days: choose at least one")
    old = form.settings
    days = tuple(sorted(weekdays))
    return SavedSettings(
        start=new_start if new_start != old.start else None,
        weekly_hours=new_hours if new_hours != old.weekly_hours else None,
        weekdays=days if days != old.weekdays else None,
        timezone=zone.strip() if zone.strip() and zone.strip() != form.timezone else None,
    )


class SettingsScreen(ModalScreen[SavedSettings | None]):
    """Edit the plan's settings; Ctrl+S (or Enter in a field) saves, Esc cancels."""

    CSS_PATH = "screens.tcss"
    HEADING = "Plan settings"
    INTRO = ""  # above the fields, when there is something to explain
    HINT = "A new start date lays the plan out again from it.\nCtrl+S or Enter saves · Esc cancels"

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="settings-save"),
        Binding("escape", "dismiss", "Cancel", id="settings-cancel"),
    ]

    def __init__(
        self, form: SettingsForm, typed: SavedSettings | None = None, error: str = ""
    ) -> None:
        """`typed`: the changes of a save the store refused, shown again beside `error`."""
        super().__init__()
        self.form = form
        self.typed = typed or SavedSettings()
        self.error = error

    def compose(self) -> ComposeResult:
        typed, saved = self.typed, self.form.settings
        settings = PlanSettings(
            start=typed.start or saved.start,
            weekly_hours=typed.weekly_hours or saved.weekly_hours,
            weekdays=typed.weekdays or saved.weekdays,
        )
        with Vertical(id="settings-dialog"):
            yield Static(Text(self.HEADING, style="bold"), id="settings-title")
            if self.INTRO:
                yield Static(self.INTRO, id="settings-intro")
            yield Label("Start date (first day of month 1)")
            yield Input(settings.start.isoformat(), placeholder="YYYY-MM-DD", id="settings-start")
            yield Label("Study hours a week")
            yield Input(f"{settings.weekly_hours:g}", type="number", id="settings-hours")
            yield Label("Study days (space toggles)")
            yield TickList(
                *(
                    (name.capitalize(), n, n in settings.weekdays)
                    for n, name in enumerate(WEEKDAY_NAMES)
                ),
                id="settings-days",
            )
            yield Label("Time zone (blank: this computer's)")
            yield Input(
                typed.timezone or self.form.timezone or "",
                placeholder="e.g. Europe/Berlin",
                id="settings-zone",
            )
            yield Static(Text(self.error, style="red"), id="settings-error")
            yield Static(self.HINT, id="settings-hint")

    def on_resize(self, event: events.Resize) -> None:
        """Below TALL rows (e.g. 24) the fields lose their borders, so the form and its hint
        fit on the screen."""
        for field in self.query("Input, SelectionList"):
            field.compact = event.size.height < TALL  # type: ignore[attr-defined]

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        try:
            choice = read_form(
                self.form,
                self.query_one("#settings-start", Input).value,
                self.query_one("#settings-hours", Input).value,
                self.query_one(SelectionList).selected,
                self.query_one("#settings-zone", Input).value,
            )
        except ValueError as error:
            self.query_one("#settings-error", Static).update(Text(str(error), style="red"))
            return
        self.dismiss(choice)
