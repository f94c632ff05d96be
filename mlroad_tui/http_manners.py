"""What every HTTP client of mlroad shares: reading a server's Retry-After."""

from __future__ import annotations

import email.utils
from datetime import UTC, datetime


def retry_after_seconds(value: str | None, default: float, cap: float) -> float:
    """Seconds a Retry-After header asks for (delta or HTTP date), within [0, cap]."""
    seconds = default
    if value:
        try:
            seconds = float(value)
        except ValueError:
            try:
                when = email.utils.parsedate_to_datetime(value)
                seconds = (when - datetime.now(UTC)).total_seconds()
            except (TypeError, ValueError, OverflowError):
                seconds = default
    if seconds != seconds:  # "nan" is a float too
        seconds = default
    return min(max(seconds, 0.0), cap)
