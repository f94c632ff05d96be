"""The answers to the question asked at launch about a timer left running: plain values, so
the study desk acts on them without Textual (the question is screens/timer_recovery.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Record:
    """Record the session as ended at `until`."""

    until: datetime


@dataclass(frozen=True)
class Discard:
    """Throw the session away."""


@dataclass(frozen=True)
class Keep:
    """Leave the timer running."""


Recovery = Record | Discard | Keep
