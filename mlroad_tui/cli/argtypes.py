"""argparse types for every number, date and duration the CLI takes, each with its range.

The ranges live in `mlroad_tui.limits`; a value out of range is a usage error (exit 1 with
argparse's one-line message) that states the range, before any command runs.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from mlroad_tui.limits import DAY, MAX_AGE_DAYS, DateRange, OutOfRange, Range


def number(limits: Range, kind: type[int] | type[float] = float) -> Callable[[str], float]:
    """A type for `--timeout 10`, `--limit 30`: a number of `kind` within `limits`."""
    noun = "an integer" if kind is int else "a number"

    def parse(text: str) -> float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not {noun}") from None
        return _checked(limits, value)

    parse.__name__ = limits.what  # argparse names the type in some messages
    return parse


def day(limits: DateRange = DAY) -> Callable[[str], date]:
    """A type for `--date 2025-03-01`: an ISO date within `limits`."""

    def parse(text: str) -> date:
        try:
            value = date.fromisoformat(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None
        return _checked(limits, value)

    parse.__name__ = limits.what
    return parse


def age(text: str) -> timedelta:
    """A type for `--max-age 1d`: the one duration grammar (`plan.dates`), within MAX_AGE_DAYS."""
    from mlroad_tui.plan.dates import parse_duration

    try:
        value = parse_duration(text)
    except ValueError as error:  # OutOfRange is one
        raise argparse.ArgumentTypeError(str(error)) from None
    return timedelta(days=_checked(MAX_AGE_DAYS, value.total_seconds() / 86400))


def _checked(limits: Range | DateRange, value: Any) -> Any:
    try:
        return limits.check(value)
    except OutOfRange as error:
        raise argparse.ArgumentTypeError(str(error)) from None
