"""The deterministic schedule: phases anchored to months, topics filling daily budgets.

Phase k may start on `start + (k-1) months` (clamped at month ends) or when the phase before
it ends, whichever is later; its topics, in curriculum order, fill the study days' budgets.
A re-plan lays the work left at that day out again from it; days before it keep their plan.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, cached_property
from typing import NamedTuple

from mlroad_tui.curriculum import Phase, Roadmap
from mlroad_tui.plan.dates import add_months
from mlroad_tui.plan.model import Replan
from mlroad_tui.plan.settings import PlanSettings


@dataclass(frozen=True)
class Standing:
    """How many minutes of each topic count as done: all of a finished (done or skipped)
    topic, else what was logged for it, at most its estimate."""

    credit: Mapping[str, int]
    finished: frozenset[str]

    @property
    def done_minutes(self) -> int:
        return sum(self.credit.values())


def standing(roadmap: Roadmap, finished: Collection[str], logged: Mapping[str, float]) -> Standing:
    """The credit of every topic of the roadmap; ids it no longer has are ignored. Only the
    topics logged or finished are visited one by one (on each load of a 20× plan: 2,160
    topics, of which a few hundred are)."""
    need = {topic.id: topic.minutes for topic in roadmap.topics()}
    credit = dict.fromkeys(need, 0)
    for topic_id, minutes in logged.items():
        if topic_id in need:
            credit[topic_id] = min(need[topic_id], round(minutes))
    done = frozenset(need.keys() & finished)
    for topic_id in done:
        credit[topic_id] = need[topic_id]
    return Standing(credit, done)


# The roadmap, settings and re-plans of the last schedule built, and that schedule.
_last_built: tuple[Roadmap, PlanSettings, tuple[Replan, ...], Schedule] | tuple[()] = ()


class Session(NamedTuple):
    """Planned study of one topic on one day (a named tuple: a 20× plan makes 5,000 of them
    on every load, at half a frozen dataclass's cost)."""

    day: date
    topic_id: str
    phase_id: str
    minutes: int


@dataclass(frozen=True)
class Segment:
    """A stretch of the plan laid out from `first_day` on with one daily budget; `credit` is
    the work counted as done before it."""

    first_day: date
    daily_minutes: int
    credit: Mapping[str, int]
    sessions: tuple[Session, ...]

    @property
    def credited_minutes(self) -> int:
        return sum(self.credit.values())


@dataclass(frozen=True)
class PhaseSpan:
    """A phase's month window and the days its sessions actually take."""

    phase: Phase
    month_start: date
    month_end: date
    first_day: date | None
    last_day: date | None


@dataclass(frozen=True)
class Schedule:
    """The plan: the base segment from the start date, then one per re-plan."""

    settings: PlanSettings
    segments: tuple[Segment, ...]

    @cached_property
    def sessions(self) -> tuple[Session, ...]:
        """Every planned session in date order, each segment cut where the next begins."""
        out: list[Session] = []
        for segment, until in self._bounded():
            out.extend(s for s in segment.sessions if until is None or s.day < until)
        return tuple(out)

    @property
    def end(self) -> date | None:
        """The last planned day (None if there is nothing to plan)."""
        last = self.segments[-1].sessions
        return last[-1].day if last else None

    @property
    def daily_minutes(self) -> int:
        """Today's budget per study day, after any re-plan that raised it."""
        return self.segments[-1].daily_minutes

    @property
    def weekly_hours(self) -> float:
        return self.daily_minutes * len(self.settings.weekdays) / 60

    def segment_at(self, day: date) -> Segment:
        """The segment whose plan is in force on `day`."""
        current = self.segments[0]
        for segment in self.segments[1:]:
            if segment.first_day <= day:
                current = segment
        return current

    def on(self, day: date) -> tuple[Session, ...]:
        """The sessions planned for `day` (a calendar or week view draws these)."""
        return tuple(s for s in self.segment_at(day).sessions if s.day == day)

    def planned_through(self, day: date) -> int:
        """Minutes of work the plan expects finished by the end of `day`."""
        if day < self.settings.start:
            return 0
        segment = self.segment_at(day)
        return segment.credited_minutes + sum(s.minutes for s in segment.sessions if s.day <= day)

    def phase_spans(self, roadmap: Roadmap) -> list[PhaseSpan]:
        """Each phase's month window with the first and last day its sessions fall on."""
        days: dict[str, list[date]] = {}
        for s in self.sessions:
            days.setdefault(s.phase_id, []).append(s.day)
        spans = []
        for phase in roadmap.phases:
            start = add_months(self.settings.start, phase.month - 1)
            end = add_months(self.settings.start, phase.month) - timedelta(days=1)
            mine = days.get(phase.id, [])
            spans.append(
                PhaseSpan(phase, start, end, min(mine, default=None), max(mine, default=None))
            )
        return spans

    def cumulative(self, day: date) -> list[tuple[date, int]]:
        """For each session day of the plan in force on `day`: the minutes planned by its end."""
        segment = self.segment_at(day)
        later = [s.first_day for s in self.segments if s.first_day > segment.first_day]
        until = min(later, default=date.max)
        totals: dict[date, int] = {}
        for s in segment.sessions:
            if s.day < until:
                totals[s.day] = totals.get(s.day, 0) + s.minutes
        running = segment.credited_minutes
        out = []
        for when, minutes in totals.items():
            running += minutes
            out.append((when, running))
        return out

    def replanned(self, roadmap: Roadmap, replan: Replan) -> Schedule:
        """This plan with `replan` applied: the days before it keep their sessions, the work
        not done by then is laid out again from it."""
        kept = tuple(s for s in self.segments if s.first_day < replan.day) or self.segments[:1]
        credit = standing(roadmap, replan.finished, replan.logged).credit
        daily = replan.daily_minutes or self.settings.daily_minutes
        segment = _segment(roadmap, self.settings, replan.day, daily, credit)
        return Schedule(self.settings, (*kept, segment))

    def _bounded(self) -> Iterator[tuple[Segment, date | None]]:
        nexts = [s.first_day for s in self.segments[1:]] + [None]
        return zip(self.segments, nexts, strict=True)


def build_schedule(
    roadmap: Roadmap, settings: PlanSettings, replans: Iterable[Replan] = ()
) -> Schedule:
    """The schedule for these settings and re-plans; same inputs, same plan. The last one
    built is kept and given again for the same roadmap object, settings and re-plans: the app
    reloads the plan after every logged session, timer and new day, and laying a 20× plan's
    5,040 sessions out again was most of that load."""
    global _last_built
    replans = tuple(replans)
    last = _last_built  # one tuple, rebound whole: a worker thread never sees half of it
    if last and last[0] is roadmap and last[1] == settings and last[2] == replans:
        return last[3]
    base = _segment(roadmap, settings, settings.start, settings.daily_minutes, {})
    schedule = Schedule(settings, (base,))
    for replan in sorted(replans, key=lambda r: r.day):
        if replan.day > settings.start:
            schedule = schedule.replanned(roadmap, replan)
    _last_built = (roadmap, settings, replans, schedule)
    return schedule


def work_left(
    roadmap: Roadmap, settings: PlanSettings, credit: Mapping[str, int]
) -> tuple[tuple[date, int], ...]:
    """Per phase: the first day of its month and the minutes of its topics not yet credited."""
    return tuple(
        (
            add_months(settings.start, phase.month - 1),
            sum(max(0, t.minutes - credit.get(t.id, 0)) for t in phase.topics),
        )
        for phase in roadmap.phases
    )


def segment_end(
    settings: PlanSettings,
    first_day: date,
    daily: int,
    left: tuple[tuple[date, int], ...],
) -> date | None:
    """The last day `_segment` would plan for the work `left`, without laying out sessions:
    within a phase the work is one stream filling each study day's budget, so only its total
    counts. The re-plan options ask this a dozen times while searching a daily budget."""
    day, used, end = first_day, 0, None
    for anchor, minutes in left:
        if day < anchor:
            day, used = anchor, 0
        if not minutes:
            continue
        day = _study_day(day, settings.weekdays, 0)
        if used + minutes <= daily:
            end, used = day, used + minutes
        else:
            more, rest = divmod(used + minutes - daily, daily)  # whole study days after `day`
            more, used = (more + 1, rest) if rest else (more, daily)
            end = day = _study_day(day, settings.weekdays, more)
        if used >= daily:
            day, used = day + timedelta(days=1), 0
    return end


def _study_day(day: date, weekdays: tuple[int, ...], n: int) -> date:
    """The n-th study day after `day` (n = 0: `day` itself if it is one, else the next)."""
    weeks, n = divmod(n, len(weekdays))
    return day + timedelta(days=7 * weeks + _study_offsets(weekdays)[day.weekday()][n])


@cache
def _study_offsets(weekdays: tuple[int, ...]) -> tuple[tuple[int, ...], ...]:
    """Per weekday: how many days on its 0th, 1st, … study day is, within one week. The
    re-plan options ask `_study_day` 2,000 times, which stepped day by day."""
    return tuple(
        tuple(n for n in range(7) if (weekday + n) % 7 in weekdays) for weekday in range(7)
    )


def _segment(
    roadmap: Roadmap,
    settings: PlanSettings,
    first_day: date,
    daily: int,
    credit: Mapping[str, int],
) -> Segment:
    """Lay the work not yet credited out from `first_day`, each phase no earlier than its month."""
    # Days from each weekday to the next study day: a full day moves on in one step.
    step = [
        timedelta(days=next(n for n in range(1, 8) if (w + n) % 7 in settings.weekdays))
        for w in range(7)
    ]
    sessions: list[Session] = []
    # The loop below runs once per session (5,000 at 20×, on every load of the plan): names
    # bound locally, and tuples made without NamedTuple's keyword-handling __new__.
    add, make = sessions.append, tuple.__new__
    day, used = first_day, 0
    for phase in roadmap.phases:
        anchor = add_months(settings.start, phase.month - 1)
        if day < anchor:
            day, used = anchor, 0
        day = _study_day(day, settings.weekdays, 0)
        phase_id = phase.id
        for topic in phase.topics:
            topic_id = topic.id
            left = topic.minutes - credit.get(topic_id, 0)
            while left > 0:
                room = daily - used
                if left < room:  # the rest of the topic fits the day, with room to spare
                    add(make(Session, (day, topic_id, phase_id, left)))
                    used += left
                    break
                add(make(Session, (day, topic_id, phase_id, room)))  # it fills the day
                left -= room
                day, used = day + step[day.weekday()], 0
    return Segment(first_day, daily, dict(credit), tuple(sessions))
