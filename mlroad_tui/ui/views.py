"""What the desks hand the panes to show: plain values, so that a desk computes them without
Textual and a pane only draws them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from mlroad_tui.plan.dates import format_minutes

if TYPE_CHECKING:
    from mlroad_tui.curriculum import Tip
    from mlroad_tui.plan.review import ReviewPrompt
    from mlroad_tui.plan.stats import WeekProgress
    from mlroad_tui.plan.today import TodayItem, TodayPlan
    from mlroad_tui.progress import States

Clock = Callable[[], datetime]  # now, aware UTC: the system's, or a test's


@dataclass(frozen=True)
class TodayView:
    """Everything the Today pane shows, computed by the study desk from the plan and the store."""

    plan: TodayPlan
    states: States
    week: WeekProgress
    reviews: tuple[ReviewPrompt, ...] = ()
    next_up: tuple[TodayItem, ...] = ()
    timer_topic: str | None = None
    tip: Tip | None = None


@dataclass(frozen=True)
class ShownTimer:
    """What the Header's badge needs: the topic's title and when the timer started (aware UTC)."""

    title: str
    started_at: datetime


def duration(minutes: float) -> str:
    """A logged length in words: "1h30m", "45m", or "under a minute"."""
    return format_minutes(minutes) if minutes >= 1 else "under a minute"
