"""The study plan's values: what the learner chose, logged, timed and reviewed.

The store maps its rows to these; the planner and the screens work on them. Plain values
with no database behind them, so the planner loads neither sqlite3 nor Textual.
Instants are aware datetimes kept in UTC; plan dates are calendar dates.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

RATINGS = {1: "again", 2: "hard", 3: "good", 4: "easy"}
# A finished topic is first reviewed the day after it was finished, not at once.
FIRST_REVIEW_AFTER = timedelta(days=1)


class StudyError(ValueError):
    """A study-log, timer or review request that cannot be honoured, in words for the learner."""


class TimerRunning(StudyError):
    """A timer is already running: only one at a time."""

    def __init__(self, timer: RunningTimer) -> None:
        super().__init__(f"a timer for {timer.topic_id} is already running")
        self.timer = timer


class NoTimer(StudyError):
    """There is no running timer to stop."""

    def __init__(self) -> None:
        super().__init__("no timer is running")


@dataclass(frozen=True)
class SavedSettings:
    """What the learner chose; None where they kept the default."""

    start: date | None = None
    weekly_hours: float | None = None
    weekdays: tuple[int, ...] | None = None
    timezone: str | None = None

    def zone(self) -> tzinfo | None:
        """The chosen time zone, or None for the system's local zone."""
        return ZoneInfo(self.timezone) if self.timezone else None


@dataclass(frozen=True)
class Replan:
    """A re-plan from `day` on: what was done then, and the daily budget chosen (None: same)."""

    day: date
    daily_minutes: int | None
    finished: frozenset[str]
    logged: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class LoggedSession:
    """Study time spent on a topic, on a local calendar day."""

    id: int
    topic_id: str
    day: date
    minutes: float
    started_at: datetime | None
    source: str


@dataclass(frozen=True)
class RunningTimer:
    topic_id: str
    started_at: datetime

    def elapsed_minutes(self, now: datetime) -> float:
        return (now - self.started_at).total_seconds() / 60


@dataclass(frozen=True)
class DueReview:
    topic_id: str
    due_at: datetime
    reviews: int


@dataclass(frozen=True)
class ReviewOutcome:
    topic_id: str
    rating: int
    reviewed_at: datetime
    next_due_at: datetime


def utc(instant: datetime) -> datetime:
    """The same instant expressed in UTC, as the store and FSRS want it."""
    if instant.tzinfo is None:
        raise ValueError("instants must be timezone-aware")
    return instant.astimezone(UTC)


def local_day(instant: datetime, zone: tzinfo | None = None) -> date:
    """The calendar date an aware instant falls on in `zone` (None: the system's local zone)."""
    if instant.tzinfo is None:
        raise ValueError("instants must be timezone-aware")
    return instant.astimezone(zone).date()


def parse_weekdays(text: str) -> tuple[int, ...]:
    """`"mon,wed,fri"` → (0, 2, 4); ranges like `mon-fri` work too. Raises ValueError."""
    chosen: set[int] = set()
    for part in (p.strip().lower() for p in text.split(",")):
        first, _, last = part.partition("-")
        if first not in WEEKDAY_NAMES or (last and last not in WEEKDAY_NAMES):
            raise ValueError(f"unknown weekday {part!r}: use {', '.join(WEEKDAY_NAMES)}")
        lo = WEEKDAY_NAMES.index(first)
        hi = WEEKDAY_NAMES.index(last) if last else lo
        if hi < lo:
            raise ValueError(f"weekday range {part!r} runs backwards")
        chosen.update(range(lo, hi + 1))
    return tuple(sorted(chosen))


def format_weekdays(weekdays: tuple[int, ...]) -> str:
    return ",".join(WEEKDAY_NAMES[d] for d in weekdays)
