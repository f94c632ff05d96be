"""The plan assembled from the store once, for the CLI and the UI alike."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, tzinfo
from typing import Protocol

from mlroad_tui.curriculum import Roadmap
from mlroad_tui.plan.dates import day_end
from mlroad_tui.plan.model import DueReview, Replan, SavedSettings, local_day
from mlroad_tui.plan.pace import (
    Pace,
    ReplanOptions,
    keep_end_daily_minutes,
    pace,
    replan_options,
    snapshot,
)
from mlroad_tui.plan.report import ReportInputs, markdown_report
from mlroad_tui.plan.review import ReviewPrompt, review_prompts
from mlroad_tui.plan.schedule import Schedule, Standing, build_schedule, standing
from mlroad_tui.plan.settings import PlanSettings, resolve
from mlroad_tui.plan.stats import Stats, study_stats
from mlroad_tui.plan.today import TodayPlan, today_plan
from mlroad_tui.progress import States, TopicProgress


class StudyRecords(Protocol):
    """What the plan reads of a roadmap's study records (the store's `Study` is one)."""

    def settings(self) -> SavedSettings: ...
    def pin_start(self, today: date) -> date: ...
    def replans(self) -> tuple[Replan, ...]: ...
    def minutes_by_topic(self) -> dict[str, float]: ...
    def minutes_by_day(self) -> dict[date, float]: ...
    def review_due(self, now: datetime) -> list[DueReview]: ...
    def project_links(self) -> dict[str, tuple[str, ...]]: ...


class ProgressRecords(Protocol):
    """What the plan reads of a roadmap's progress (the store's `Progress` is one)."""

    def topic_states(self) -> dict[str, TopicProgress]: ...
    def notes(self) -> dict[str, str]: ...


class PlanStore(Protocol):
    """Where the plan's inputs are kept, seen from one roadmap (the store's `Store` is
    one): named here, so the planner never names the store."""

    @property
    def study(self) -> StudyRecords: ...
    @property
    def progress(self) -> ProgressRecords: ...


class CannotKeepEnd(ValueError):
    """No daily budget finishes the remaining work by the current end date."""


@dataclass(frozen=True)
class StudyPlan:
    """Settings, schedule and standing of one learner on one curriculum."""

    roadmap: Roadmap
    settings: PlanSettings
    schedule: Schedule
    states: States
    logged: Mapping[str, float]
    standing: Standing
    zone: tzinfo | None

    def with_states(self, states: States) -> StudyPlan:
        """The plan after topic states changed: the schedule stays, the standing follows."""
        return replace(self, states=states, standing=_standing(self.roadmap, states, self.logged))

    def pace(self, today: date) -> Pace:
        return pace(self.roadmap, self.schedule, self.standing, today)

    def today(self, today: date) -> TodayPlan:
        return today_plan(self.roadmap, self.schedule, self.standing, today)

    def replan_options(self, today: date) -> ReplanOptions:
        return replan_options(
            self.roadmap, self.schedule, self.standing.finished, self.logged, today
        )

    def replan(self, today: date, *, keep_end: bool) -> Replan:
        """The re-plan to save: push the rest later, or keep the end with a bigger budget."""
        daily = None
        if keep_end:
            daily = keep_end_daily_minutes(
                self.roadmap, self.schedule, self.standing.finished, self.logged, today
            )
            if daily is None:
                raise CannotKeepEnd("the end date cannot be kept: no daily budget fits")
        return snapshot(self.roadmap, self.standing.finished, self.logged, today, daily)


def local_today(store: PlanStore, now: datetime | None = None) -> date:
    """Today in the learner's zone (their saved one, else the system's)."""
    return local_day(now or datetime.now(UTC), store.study.settings().zone())


def load_plan(store: PlanStore, roadmap: Roadmap, today: date) -> StudyPlan:
    """Read everything the plan needs. The first time, the start date is pinned to `today`."""
    saved = store.study.settings()
    start = saved.start or store.study.pin_start(today)
    settings = resolve(saved, roadmap, start)
    states = store.progress.topic_states()
    logged = store.study.minutes_by_topic()
    return StudyPlan(
        roadmap=roadmap,
        settings=settings,
        schedule=build_schedule(roadmap, settings, store.study.replans()),
        states=states,
        logged=logged,
        standing=_standing(roadmap, states, logged),
        zone=saved.zone(),
    )


def _standing(roadmap: Roadmap, states: States, logged: Mapping[str, float]) -> Standing:
    finished = {topic_id for topic_id, p in states.items() if p.state.finished}
    return standing(roadmap, finished, logged)


def load_stats(store: PlanStore, plan: StudyPlan, today: date) -> Stats:
    """The Stats view's data; the weekly target follows any re-plan that raised it."""
    minutes = store.study.minutes_by_day()
    return study_stats(minutes, today, plan.schedule.weekly_hours, plan.settings.weekdays)


def due_reviews(store: PlanStore, roadmap: Roadmap, today: date) -> tuple[ReviewPrompt, ...]:
    """Reviews due by the end of `today`: a card due this evening is shown this morning."""
    return due_by(store, roadmap, day_end(today, store.study.settings().zone()))


def due_by(store: PlanStore, roadmap: Roadmap, instant: datetime) -> tuple[ReviewPrompt, ...]:
    """Reviews due by `instant` (one query: for callers that know the learner's zone)."""
    return review_prompts(roadmap, store.study.review_due(instant))


def progress_report(store: PlanStore, plan: StudyPlan, today: date) -> str:
    """The Markdown report of `mlroad report`."""
    notes = store.progress.notes()
    inputs = ReportInputs(
        roadmap=plan.roadmap,
        states=plan.states,
        logged=plan.logged,
        notes=notes,
        links=store.study.project_links(),
        stats=load_stats(store, plan, today),
        pace=plan.pace(today),
    )
    return markdown_report(inputs, today)
