"""The learner's plan settings with the curriculum's defaults filled in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from mlroad_tui.curriculum import Roadmap
from mlroad_tui.limits import WEEKLY_HOURS
from mlroad_tui.plan.model import SavedSettings

# Monday to Saturday: at the roadmap's 15–20 h a week this is about 2.5–3.3 h a day, which
# fits beside a job, and Sunday stays free to rest or to catch up (tip: consistency is key).
DEFAULT_WEEKDAYS: tuple[int, ...] = (0, 1, 2, 3, 4, 5)


@dataclass(frozen=True)
class PlanSettings:
    """When the plan starts, how much time a week it may take, and on which weekdays."""

    start: date
    weekly_hours: float
    weekdays: tuple[int, ...]

    @property
    def daily_minutes(self) -> int:
        """The study budget of one study day."""
        return max(1, round(self.weekly_hours * 60 / len(self.weekdays)))


def check_weekly_hours(hours: float) -> float:
    """Refuse an impossible weekly budget with a message the learner understands."""
    return WEEKLY_HOURS.check(hours)


def default_weekly_hours(roadmap: Roadmap) -> float:
    """The middle of the curriculum's promised range (15–20 h → 17.5 h)."""
    lo, hi = roadmap.weekly_hours
    return (lo + hi) / 2


def resolve(saved: SavedSettings, roadmap: Roadmap, start: date) -> PlanSettings:
    """The saved settings with defaults for what the learner has not chosen."""
    return PlanSettings(
        start=saved.start or start,
        weekly_hours=saved.weekly_hours or default_weekly_hours(roadmap),
        weekdays=saved.weekdays or DEFAULT_WEEKDAYS,
    )
