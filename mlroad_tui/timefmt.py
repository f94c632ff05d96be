"""Short ages for lists ("3h", "2d"): one helper for news items, feeds and link results."""

from __future__ import annotations

from datetime import UTC, datetime


def age(iso_time: str, now: datetime | None = None) -> str:
    """A compact age for item lists: `now`, `5m`, `3h`, `2d`, `7w`, `1y`."""
    try:
        then = datetime.fromisoformat(iso_time)
    except ValueError:
        return "?"
    if then.tzinfo is None:
        then = then.replace(tzinfo=UTC)
    seconds = ((now or datetime.now(UTC)) - then).total_seconds()
    for unit, size in (("y", 365 * 86400), ("w", 7 * 86400), ("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{int(seconds // size)}{unit}"
    return "now"
