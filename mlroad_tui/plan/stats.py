"""Study statistics as plain data for the Stats view to draw: week, streaks, heatmap, series.

A study day is a local day with logged time. A day that is not a study weekday never breaks
a streak (resting on Sunday is part of the plan), and today only counts once studied.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from mlroad_tui.plan.dates import days, week_start

HEATMAP_WEEKS = 26

MinutesByDay = Mapping[date, float]


@dataclass(frozen=True)
class WeekProgress:
    """Hours studied this week (Monday to today) against the weekly target."""

    first_day: date
    hours: float
    target_hours: float

    @property
    def fraction(self) -> float:
        return self.hours / self.target_hours if self.target_hours else 0.0


@dataclass(frozen=True)
class Streaks:
    current: int
    longest: int


@dataclass(frozen=True)
class Heatmap:
    """Minutes per day, one column per week (Monday first); None for days after today."""

    first_day: date
    weeks: tuple[tuple[float | None, ...], ...]

    @property
    def most(self) -> float:
        """The busiest day, for scaling the colours."""
        return max((m for week in self.weeks for m in week if m), default=0.0)


@dataclass(frozen=True)
class WeekHours:
    first_day: date
    hours: float


@dataclass(frozen=True)
class Stats:
    week: WeekProgress
    streaks: Streaks
    heatmap: Heatmap
    weekly: tuple[WeekHours, ...]
    total_hours: float


def week_progress(minutes: MinutesByDay, today: date, target_hours: float) -> WeekProgress:
    monday = week_start(today)
    hours = sum(minutes.get(day, 0.0) for day in days(monday, today)) / 60
    return WeekProgress(monday, hours, target_hours)


def streaks(minutes: MinutesByDay, weekdays: tuple[int, ...], today: date) -> Streaks:
    """The current and the longest run of study days (rest weekdays do not break a run)."""
    studied = sorted(day for day, m in minutes.items() if m > 0 and day <= today)
    if not studied:
        return Streaks(0, 0)
    run = longest = 0
    for day in days(studied[0], today):
        if minutes.get(day, 0) > 0:
            run += 1
            longest = max(longest, run)
        elif day.weekday() in weekdays and day != today:
            run = 0
    return Streaks(run, longest)


def heatmap(minutes: MinutesByDay, today: date, weeks: int = HEATMAP_WEEKS) -> Heatmap:
    """The last `weeks` weeks, ending with the week that holds today."""
    first = week_start(today) - timedelta(weeks=weeks - 1)
    columns = []
    for w in range(weeks):
        monday = first + timedelta(weeks=w)
        column = tuple(
            minutes.get(day, 0.0) if day <= today else None
            for day in days(monday, monday + timedelta(days=6))
        )
        columns.append(column)
    return Heatmap(first, tuple(columns))


def weekly_hours(
    minutes: MinutesByDay, today: date, weeks: int = HEATMAP_WEEKS
) -> tuple[WeekHours, ...]:
    """Hours per week for the last `weeks` weeks, oldest first (for a sparkline or bars)."""
    first = week_start(today) - timedelta(weeks=weeks - 1)
    totals = dict.fromkeys((first + timedelta(weeks=w) for w in range(weeks)), 0.0)
    for day, m in minutes.items():
        monday = week_start(day)
        if monday in totals and day <= today:
            totals[monday] += m / 60
    return tuple(WeekHours(monday, hours) for monday, hours in totals.items())


def study_stats(
    minutes: MinutesByDay, today: date, target_hours: float, weekdays: tuple[int, ...]
) -> Stats:
    """Everything the Stats view shows, computed for `today`."""
    return Stats(
        week=week_progress(minutes, today, target_hours),
        streaks=streaks(minutes, weekdays, today),
        heatmap=heatmap(minutes, today),
        weekly=weekly_hours(minutes, today),
        total_hours=sum(m for day, m in minutes.items() if day <= today) / 60,
    )
