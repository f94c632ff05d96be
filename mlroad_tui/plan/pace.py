"""Pace against the plan, and the two ways to re-plan when behind."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from mlroad_tui.curriculum import Roadmap
from mlroad_tui.plan.dates import format_days
from mlroad_tui.plan.model import Replan
from mlroad_tui.plan.schedule import Schedule, Standing, segment_end, standing, work_left

MAX_DAILY_MINUTES = 24 * 60


class PaceStatus(StrEnum):
    NOT_STARTED = "not_started"
    ON_TRACK = "on_track"
    AHEAD = "ahead"
    BEHIND = "behind"
    FINISHED = "finished"


@dataclass(frozen=True)
class Pace:
    """Where the learner stands against the plan on one day."""

    status: PaceStatus
    days: int
    planned_minutes: int
    done_minutes: int
    end: date | None

    @property
    def message(self) -> str:
        """The pace line: "on track", "3 days ahead", "2 days behind", "starts in 5 days"."""
        match self.status:
            case PaceStatus.NOT_STARTED:
                when = "tomorrow" if self.days == 1 else f"in {format_days(self.days)}"
                return f"starts {when}"
            case PaceStatus.AHEAD:
                return f"{format_days(self.days)} ahead"
            case PaceStatus.BEHIND:
                return f"{format_days(self.days)} behind"
            case PaceStatus.FINISHED:
                return "roadmap finished"
        return "on track"


def pace(roadmap: Roadmap, schedule: Schedule, standing: Standing, today: date) -> Pace:
    """Behind by the past study days with a session not done yet, topic by topic (so work
    done ahead on one topic never hides another's overdue work); else ahead by the future
    days the work done already covers; days are counted in planned study days."""
    done = standing.done_minutes
    planned = schedule.planned_through(today - timedelta(days=1))

    def made(status: PaceStatus, days: int = 0) -> Pace:
        return Pace(status, days, planned, done, schedule.end)

    if all(topic.id in standing.finished for topic in roadmap.topics()):
        return made(PaceStatus.FINISHED)
    if today < schedule.settings.start:
        return made(PaceStatus.NOT_STARTED, (schedule.settings.start - today).days)
    behind = len(_undone_days(schedule, standing, today))
    if behind:
        return made(PaceStatus.BEHIND, behind)
    ahead = sum(
        1 for day, cumulative in schedule.cumulative(today) if day > today and cumulative <= done
    )
    return made(PaceStatus.AHEAD, ahead) if ahead else made(PaceStatus.ON_TRACK)


def _undone_days(schedule: Schedule, standing: Standing, today: date) -> set[date]:
    """The days before `today` whose planned session of some topic is not covered by the
    work credited to that topic (the same sums as Today's overdue list)."""
    segment = schedule.segment_at(today)
    planned = dict(segment.credit)
    undone = set()
    for session in segment.sessions:
        if session.day >= today:
            break
        planned[session.topic_id] = planned.get(session.topic_id, 0) + session.minutes
        if planned[session.topic_id] > standing.credit.get(session.topic_id, 0):
            undone.add(session.day)
    return undone


@dataclass(frozen=True)
class ReplanOptions:
    """What each choice would give: a later end, or more hours a week to keep the end."""

    end: date | None
    push_end: date | None
    keep_end_weekly_hours: float | None

    @property
    def push_keeps_end(self) -> bool:
        """Pushing only moves the late work into slack the plan had: the end stays, so
        "keep the end date" would be the same choice and is not offered."""
        return self.push_end == self.end


def snapshot(
    roadmap: Roadmap,
    finished: Collection[str],
    logged: Mapping[str, float],
    today: date,
    daily_minutes: int | None = None,
) -> Replan:
    """A re-plan from today: the work done so far is fixed, the rest laid out again."""
    return Replan(
        day=today,
        daily_minutes=daily_minutes,
        finished=frozenset(t.id for t in roadmap.topics() if t.id in finished),
        logged={t.id: logged[t.id] for t in roadmap.topics() if logged.get(t.id)},
    )


def replan_options(
    roadmap: Roadmap,
    schedule: Schedule,
    finished: Collection[str],
    logged: Mapping[str, float],
    today: date,
) -> ReplanOptions:
    """The end date if the remaining plan is pushed later, and the hours a week needed to
    keep the current end date (None when no daily budget could)."""
    left = work_left(roadmap, schedule.settings, standing(roadmap, finished, logged).credit)
    settings = schedule.settings
    push_end = segment_end(settings, today, settings.daily_minutes, left)
    daily = _keep_end_daily(schedule, left, today)
    hours = daily * len(settings.weekdays) / 60 if daily else None
    return ReplanOptions(schedule.end, push_end, hours)


def keep_end_daily_minutes(
    roadmap: Roadmap,
    schedule: Schedule,
    finished: Collection[str],
    logged: Mapping[str, float],
    today: date,
) -> int | None:
    """The smallest daily budget that still ends by the current end date, or None."""
    left = work_left(roadmap, schedule.settings, standing(roadmap, finished, logged).credit)
    return _keep_end_daily(schedule, left, today)


def _keep_end_daily(
    schedule: Schedule, left: tuple[tuple[date, int], ...], today: date
) -> int | None:
    target = schedule.end
    if target is None or target < today:
        return None

    def fits(daily: int) -> bool:
        end = segment_end(schedule.settings, today, daily, left)
        return end is None or end <= target

    if not fits(MAX_DAILY_MINUTES):
        return None
    lo, hi = 1, MAX_DAILY_MINUTES
    while lo < hi:
        mid = (lo + hi) // 2
        if fits(mid):
            hi = mid
        else:
            lo = mid + 1
    return lo
