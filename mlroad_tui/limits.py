"""Every number and date mlroad takes in, with its range: one table, checked where values enter.

The CLI's argument types, the roadmap validator and the settings screen all call `check`, so
a value out of range is refused at the boundary with a message that states the range, and
nothing downstream (date arithmetic, SQLite integers, percentages) ever sees inf, nan, year
9999 or a 25-hour day.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date


class OutOfRange(ValueError):
    """A value outside its documented range; the message names the range."""


@dataclass(frozen=True)
class Range:
    """A closed range of finite numbers (`low` excluded when `above` is set)."""

    what: str
    low: float
    high: float
    unit: str = ""
    above: bool = False  # True: the value must be more than `low`, not equal to it

    def describe(self) -> str:
        unit = f" {self.unit}" if self.unit else ""
        if self.above:
            return f"more than {self.low:g} and at most {self.high:g}{unit}"
        return f"from {self.low:g} to {self.high:g}{unit}"

    def check(self, value: float) -> float:
        """`value` itself when it is in range; `OutOfRange` otherwise (nan and inf included)."""
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise OutOfRange(f"{self.what} must be a number {self.describe()}")
        too_low = value <= self.low if self.above else value < self.low
        if not math.isfinite(value) or too_low or value > self.high:
            raise OutOfRange(f"{self.what} must be {self.describe()}, got {value:g}")
        return value


@dataclass(frozen=True)
class DateRange:
    """A range of calendar dates, both ends included."""

    what: str
    low: date
    high: date

    def describe(self) -> str:
        return f"from {self.low.isoformat()} to {self.high.isoformat()}"

    def contains(self, value: date) -> bool:
        return self.low <= value <= self.high

    def check(self, value: date) -> date:
        if not self.contains(value):
            raise OutOfRange(f"{self.what} must be {self.describe()}, got {value.isoformat()}")
        return value


# Dates: a plan is six months of study, so a century either side of now is ample room, and
# date arithmetic (months added, weeks counted) never nears the year 9999 that breaks it.
DAY = DateRange("the date", date(2000, 1, 1), date(2100, 12, 31))
PLAN_START = DateRange("the plan's start", date(2000, 1, 1), date(2099, 12, 31))

# Hours: a topic takes minutes to months; a week has 168 hours, of which 100 is the most
# anyone studies; a logged session is within one day.
TOPIC_HOURS = Range("a topic's hours", 0, 1000, "h", above=True)
WEEKLY_HOURS = Range("weekly hours", 1, 100, "h")
SESSION_MINUTES = Range("a logged session", 1, 24 * 60, "minutes (24 h)")

# Network: seconds per URL or step, and how old a stored link result may be.
TIMEOUT_SECONDS = Range("the timeout", 0.5, 600, "s")
MAX_AGE_DAYS = Range("the maximum age", 0, 3650, "days")
DURATION_DAYS = Range("a duration", 0, 36_500, "days")  # any duration typed: 100 years
MAX_AGE_HOURS = Range("the maximum age", 0, 3650 * 24, "hours")  # config.toml's unit
CONCURRENCY = Range("the concurrency", 1, 1000)
PER_HOST = Range("the per-host limit", 1, 100)

# Counts and ids.
ITEM_LIMIT = Range("the number of items", 0, 100_000)
KEEP_ITEMS = Range("the items kept per feed", 1, 100_000)
KEEP_DAYS = Range("the days kept", 0, 36_500, "days", above=True)
ROW_ID = Range("the id", 1, 2**63 - 1)  # SQLite's INTEGER PRIMARY KEY
