"""The Stats view: this week against the target, streaks, a 26-week heatmap and weekly bars."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from mlroad_tui.plan.dates import format_days, format_minutes
from mlroad_tui.plan.stats import Stats, WeekProgress
from mlroad_tui.ui.widgets.heatmap import ActivityHeatmap
from mlroad_tui.ui.widgets.weekly_bars import WeeklyBars

METER_WIDTH = 30


def week_meter(week: WeekProgress) -> Text:
    """E.g. "This week  ▰▰▰▰▱▱▱…  4h30m of 17.5 h (26%)"."""
    fraction = min(week.fraction, 1.0)
    filled = round(fraction * METER_WIDTH)
    text = Text.assemble(("This week   ", "bold"))
    text.append("▰" * filled, style="green")
    text.append("▱" * (METER_WIDTH - filled), style="dim")
    text.append(f"  {format_minutes(week.hours * 60)} of {week.target_hours:g} h")
    text.append(f" ({week.fraction:.0%})", style="dim")
    return text


def streak_line(stats: Stats) -> Text:
    streaks = stats.streaks
    return Text.assemble(
        ("Streak      ", "bold"),
        (format_days(streaks.current), "bold green" if streaks.current else ""),
        (f" now · longest {format_days(streaks.longest)}", ""),
        (f" · {stats.total_hours:.1f} h studied in all", "dim"),
    )


class StatsScreen(ModalScreen[None]):
    """How much the learner studied, drawn as pictures rather than tables."""

    CSS_PATH = "screens.tcss"

    BINDINGS = [Binding("escape,q,S", "dismiss", "Close", id="stats-close")]

    def __init__(self, stats: Stats) -> None:
        super().__init__()
        self.stats = stats

    def compose(self) -> ComposeResult:
        stats = self.stats
        with VerticalScroll(id="stats-dialog"):
            yield Static(Text("Stats", style="bold"), id="stats-title")
            yield Static(week_meter(stats.week), id="stats-week")
            yield Static(streak_line(stats), id="stats-streaks")
            yield Static(Text("Study days, last 26 weeks", style="bold"), classes="stats-caption")
            yield ActivityHeatmap(id="stats-heatmap")
            caption = Text.assemble(
                ("Hours per week", "bold"), (f"   ┈ target {stats.week.target_hours:g} h", "dim")
            )
            yield Static(caption, classes="stats-caption")
            yield WeeklyBars(id="stats-weekly")
            yield Static("Esc closes", id="stats-hint")

    def on_mount(self) -> None:
        self.query_one(ActivityHeatmap).heatmap = self.stats.heatmap
        bars = self.query_one(WeeklyBars)
        bars.target = self.stats.week.target_hours
        bars.weeks = self.stats.weekly
