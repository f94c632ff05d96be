"""Small roadmaps built from the dataclasses, for fixed-date tests of the study plan."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from mlroad_tui.curriculum import Group, Phase, Roadmap, Topic
from mlroad_tui.plan.settings import PlanSettings

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


def roadmap(
    *months: Sequence[tuple[str, float]], weekly: tuple[float, float] = (15, 20)
) -> Roadmap:
    """One phase per argument, each a list of (topic id, hours) in curriculum order."""
    phases = []
    for month, topics in enumerate(months, start=1):
        phase_id = f"m{month}"
        built = tuple(
            Topic(
                id=topic_id,
                title=f"Topic {topic_id}",
                summary=f"What {topic_id} is about.",
                hours=hours,
                phase_id=phase_id,
                group_id=f"{phase_id}-g",
                key_points=(f"{topic_id} point one", f"{topic_id} point two"),
            )
            for topic_id, hours in topics
        )
        group = Group(f"{phase_id}-g", f"Group {month}", built)
        phases.append(Phase(phase_id, month, f"Phase {month}", (f"goal {month}",), (group,)))
    return Roadmap("test", "Test roadmap", weekly, tuple(phases), {})


def settings(start: date, weekly_hours: float, *weekdays: int) -> PlanSettings:
    return PlanSettings(start, weekly_hours, tuple(sorted(weekdays)))


# Mon/Wed/Fri at 10 h a week: 200 minutes a study day.
#   Jan 1 A 200 | Jan 3 A 100, B 100 | Jan 5 B 20, C 180 | Jan 8 C 60 | (month 2) Feb 2 D 180
SMALL = roadmap([("a", 5), ("b", 2), ("c", 4)], [("d", 3)])
SMALL_SETTINGS = settings(date(2024, 1, 1), 10, MON, WED, FRI)

# Every day at 7 h a week: 60 minutes a day, no slack: A fills January, B fills February 2024.
TIGHT = roadmap([("a", 31)], [("b", 29)])
TIGHT_SETTINGS = settings(date(2024, 1, 1), 7, *range(7))
