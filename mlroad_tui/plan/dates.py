"""Calendar arithmetic for the plan: months, weeks, day ends, durations and their display.

Plan dates are calendar dates (no time of day); instants are aware UTC datetimes (the rules
for instants and local days live with the plan's values in `plan.model`).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from mlroad_tui.limits import DURATION_DAYS, SESSION_MINUTES

# The one duration grammar of the CLI and the UI: amounts with units, largest unit first,
# e.g. 1d, 12h, 1h30m, 1.5h, 90min, 45s.
_SECONDS = {"w": 604_800, "d": 86_400, "h": 3_600, "m": 60, "min": 60, "s": 1}
_PART = re.compile(r"(\d+(?:\.\d+)?)(min|[wdhms])")
_ORDER = "wdhms"


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


def parse_duration(text: str) -> timedelta:
    """`1d`, `12h`, `1h30m`, `1.5h`, `90min`, `45s` → a timedelta (zero allowed). Each unit
    once, largest first, at most DURATION_DAYS in all. Raises ValueError (`OutOfRange` for
    a duration too long), in words for the learner, for anything else."""
    compact = "".join(text.lower().split())
    parts = _PART.findall(compact)
    order = [_ORDER.index(unit[0]) for _, unit in parts]
    if not parts or "".join(n + u for n, u in parts) != compact or order != sorted(set(order)):
        raise ValueError(f"cannot read duration {text!r}: write e.g. 90m, 1h30m, 2h or 1d")
    # Summed as floats first: 9999999999999999999999h is then a range error, not an
    # OverflowError from timedelta.
    days = sum(float(n) * _SECONDS[unit] for n, unit in parts) / 86400
    return timedelta(days=DURATION_DAYS.check(days))


def duration_minutes(text: str) -> int:
    """A study session in whole minutes, from one minute to 24 hours (`SESSION_MINUTES`)."""
    minutes = round(parse_duration(text).total_seconds() / 60)
    if minutes <= 0:
        raise ValueError(f"duration {text!r} must be at least a minute")
    return int(SESSION_MINUTES.check(minutes))


def short_day(day: date, year: bool = False) -> str:
    """E.g. "Wed 12 Mar" (or "Wed 12 Mar 2025")."""
    return f"{day:%a} {day.day} {day:%b}" + (f" {day:%Y}" if year else "")


def long_day(day: date) -> str:
    """E.g. "Wednesday 12 March 2025"."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def format_days(n: int) -> str:
    """E.g. "1 day", "3 days"."""
    return "1 day" if n == 1 else f"{n} days"


def format_minutes(minutes: float) -> str:
    """Minutes as a short human duration: 45m, 2h, 1h30m."""
    hours, rest = divmod(round(minutes), 60)
    if not hours:
        return f"{rest}m"
    return f"{hours}h{rest:02d}m" if rest else f"{hours}h"
