"""Calendar arithmetic for the plan: months, weeks, day ends, durations and their display.

Plan dates are calendar dates (no time of day); instants are aware UTC datetimes (the rules
for instants and local days live with the plan's values in `plan.model`).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta, tzinfo

_DURATION = re.compile(r"^(?:(\d+(?:\.\d+)?)h)?(?:(\d+)m(?:in)?)?$")


def add_months(start: date, months: int) -> date:
    """`start` moved by whole months, clamped to the month's last day (Jan 31 + 1 → Feb 28/29)."""
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(start.day, last))


def days(first: date, last: date) -> Iterator[date]:
    """Every date from `first` to `last`, both included."""
    for offset in range((last - first).days + 1):
        yield first + timedelta(days=offset)


def week_start(day: date) -> date:
    """The Monday of the week holding `day` (weeks run Monday to Sunday, as ISO 8601 says)."""
    return day - timedelta(days=day.weekday())


def day_end(day: date, zone: tzinfo | None = None) -> datetime:
    """The last second of `day` in `zone` (None: the system's local zone), as a UTC instant."""
    midnight = datetime.combine(day + timedelta(days=1), time())
    aware = midnight.replace(tzinfo=zone) if zone else midnight.astimezone()
    return aware.astimezone(UTC) - timedelta(seconds=1)


def parse_duration(text: str) -> int:
    """`"90m"`, `"1h30m"`, `"2h"`, `"1.5h"` → minutes. Raises ValueError for anything else."""
    match = _DURATION.match(text.strip().lower())
    if not match or not any(match.groups()):
        raise ValueError(f"cannot read duration {text!r}: write e.g. 90m, 1h30m or 2h")
    hours, minutes = match.groups()
    total = round(float(hours or 0) * 60) + int(minutes or 0)
    if total <= 0:
        raise ValueError(f"duration {text!r} must be longer than zero")
    return total


def short_day(day: date, year: bool = False) -> str:
    """E.g. "Wed 12 Mar" (or "Wed 12 Mar 2025")."""
    return f"{day:%a} {day.day} {day:%b}" + (f" {day:%Y}" if year else "")


def long_day(day: date) -> str:
    """E.g. "Wednesday 12 March 2025"."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def format_minutes(minutes: float) -> str:
    """Minutes as a short human duration: 45m, 2h, 1h30m."""
    hours, rest = divmod(round(minutes), 60)
    if not hours:
        return f"{rest}m"
    return f"{hours}h{rest:02d}m" if rest else f"{hours}h"
