"""What to study today: today's sessions plus overdue work, with the pace line."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from mlroad_tui.curriculum import Roadmap, Tip, Topic
from mlroad_tui.plan.pace import Pace, pace
from mlroad_tui.plan.schedule import Schedule, Standing


@dataclass(frozen=True)
class TodayItem:
    """Minutes still to study on a topic; `planned_on` is when the plan first put it."""

    topic: Topic
    minutes: int
    planned_on: date


@dataclass(frozen=True)
class TodayPlan:
    day: date
    study_day: bool
    sessions: tuple[TodayItem, ...]
    overdue: tuple[TodayItem, ...]
    pace: Pace

    @property
    def minutes(self) -> int:
        return sum(item.minutes for item in (*self.overdue, *self.sessions))


def today_plan(roadmap: Roadmap, schedule: Schedule, standing: Standing, today: date) -> TodayPlan:
    """Today's planned sessions and the earlier ones not yet done, less what was already
    studied; finished topics never appear."""
    segment = schedule.segment_at(today)
    before = dict(segment.credit)
    on_day: dict[str, int] = {}
    first: dict[str, date] = {}
    for s in segment.sessions:
        if s.day > today:
            break
        first.setdefault(s.topic_id, s.day)
        if s.day < today:
            before[s.topic_id] = before.get(s.topic_id, 0) + s.minutes
        else:
            on_day[s.topic_id] = on_day.get(s.topic_id, 0) + s.minutes
    sessions, overdue = [], []
    for topic in roadmap.topics():
        if topic.id in standing.finished or topic.id not in first:
            continue
        done = standing.credit.get(topic.id, 0)
        planned_before = before.get(topic.id, 0)
        late = planned_before - done
        due = planned_before + on_day.get(topic.id, 0) - max(planned_before, done)
        if late > 0:
            overdue.append(TodayItem(topic, late, first[topic.id]))
        if due > 0:
            sessions.append(TodayItem(topic, due, today))
    return TodayPlan(
        day=today,
        study_day=today.weekday() in schedule.settings.weekdays,
        sessions=tuple(sessions),
        overdue=tuple(overdue),
        pace=pace(roadmap, schedule, standing, today),
    )


def next_up(
    roadmap: Roadmap, schedule: Schedule, standing: Standing, today: date
) -> tuple[TodayItem, ...]:
    """The first unfinished topic planned after `today`, offered when nothing is due today
    (a rest day, the plan not started yet, or today's work already done)."""
    for session in schedule.sessions:
        if session.day > today and session.topic_id not in standing.finished:
            topic = roadmap.topic(session.topic_id)
            if topic is not None:
                return (TodayItem(topic, session.minutes, session.day),)
    return ()


def tip_of_the_day(tips: tuple[Tip, ...], today: date) -> Tip | None:
    """One of the roadmap's tips, a different one each day, in the roadmap's order."""
    return tips[today.toordinal() % len(tips)] if tips else None
