"""Pace and re-planning on fixed dates."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from plan_roadmaps import SMALL, SMALL_SETTINGS, TIGHT, TIGHT_SETTINGS

from mlroad_tui.plan.pace import (
    PaceStatus,
    keep_end_daily_minutes,
    pace,
    replan_options,
    snapshot,
)
from mlroad_tui.plan.schedule import build_schedule, standing
from mlroad_tui.plan.today import today_plan

SMALL_PLAN = build_schedule(SMALL, SMALL_SETTINGS)


def small_pace(today: date, finished=(), logged=None):
    return pace(SMALL, SMALL_PLAN, standing(SMALL, set(finished), logged or {}), today)


@pytest.mark.parametrize(
    ("today", "finished", "logged", "status", "days", "message"),
    [
        (date(2023, 12, 25), (), {}, PaceStatus.NOT_STARTED, 7, "starts in 7 days"),
        (date(2023, 12, 31), (), {}, PaceStatus.NOT_STARTED, 1, "starts tomorrow"),
        (date(2024, 1, 1), (), {}, PaceStatus.ON_TRACK, 0, "on track"),
        (date(2024, 1, 2), (), {"a": 200}, PaceStatus.ON_TRACK, 0, "on track"),
        (date(2024, 1, 3), (), {}, PaceStatus.BEHIND, 1, "1 day behind"),
        (date(2024, 1, 5), (), {"a": 200}, PaceStatus.BEHIND, 1, "1 day behind"),
        (date(2024, 1, 9), (), {"a": 100}, PaceStatus.BEHIND, 4, "4 days behind"),
        # as many minutes as planned, but on a later topic: a's Monday is still undone
        (date(2024, 1, 3), (), {"c": 200}, PaceStatus.BEHIND, 1, "1 day behind"),
        # a finished topic counts in full, however little was logged for it
        (date(2024, 1, 3), ("a", "b"), {"c": 180}, PaceStatus.AHEAD, 1, "1 day ahead"),
        (date(2024, 1, 1), ("a", "b", "c"), {}, PaceStatus.AHEAD, 3, "3 days ahead"),
        # the plan ended on Feb 2 with c and d unfinished
        (date(2024, 3, 1), ("a", "b"), {"c": 180}, PaceStatus.BEHIND, 2, "2 days behind"),
        (date(2024, 3, 1), ("a", "b", "c", "d"), {}, PaceStatus.FINISHED, 0, "roadmap finished"),
        (date(2023, 12, 1), ("a", "b", "c", "d"), {}, PaceStatus.FINISHED, 0, "roadmap finished"),
    ],
)
def test_pace(today, finished, logged, status, days, message):
    result = small_pace(today, finished, logged)
    assert (result.status, result.days, result.message) == (status, days, message)
    assert result.end == date(2024, 2, 2)


@pytest.mark.parametrize("logged", [{}, {"a": 200}, {"c": 400}, {"b": 120, "d": 300}])
def test_on_track_or_ahead_never_stands_beside_overdue_work(logged):
    now = standing(SMALL, set(), logged)
    for offset in range(40):
        today = date(2024, 1, 1) + timedelta(days=offset)
        plan = today_plan(SMALL, SMALL_PLAN, now, today)
        assert (plan.pace.status is PaceStatus.BEHIND) == bool(plan.overdue), today


def test_pace_reports_the_minutes_it_compared():
    result = small_pace(date(2024, 1, 5), logged={"a": 300, "b": 20})
    assert (result.planned_minutes, result.done_minutes) == (400, 320)
    # logging more than a topic's estimate does not count beyond it
    assert small_pace(date(2024, 1, 5), logged={"a": 999}).done_minutes == 300


# TIGHT: 60 min every day; a fills January, b fills February (ends Feb 29, 2024).
TIGHT_PLAN = build_schedule(TIGHT, TIGHT_SETTINGS)
JAN_11 = date(2024, 1, 11)
LOGGED = {"a": 300}  # five days' work by Jan 11: five days behind


def test_tight_plan_is_five_days_behind():
    assert TIGHT_PLAN.end == date(2024, 2, 29)
    result = pace(TIGHT, TIGHT_PLAN, standing(TIGHT, set(), LOGGED), JAN_11)
    assert (result.status, result.days) == (PaceStatus.BEHIND, 5)


def test_replan_options_when_behind():
    options = replan_options(TIGHT, TIGHT_PLAN, set(), LOGGED, JAN_11)
    assert options.end == date(2024, 2, 29)
    assert options.push_end == date(2024, 3, 5)
    # 3300 minutes left over the 50 days to Feb 29: 66 a day, as b waits for its month
    assert keep_end_daily_minutes(TIGHT, TIGHT_PLAN, set(), LOGGED, JAN_11) == 66
    assert options.keep_end_weekly_hours == pytest.approx(66 * 7 / 60)


def test_push_later_keeps_the_past_and_moves_the_end():
    replan = snapshot(TIGHT, set(), LOGGED, JAN_11)
    pushed = build_schedule(TIGHT, TIGHT_SETTINGS, [replan])
    before = [s for s in TIGHT_PLAN.sessions if s.day < JAN_11]
    assert [s for s in pushed.sessions if s.day < JAN_11] == before
    assert pushed.end == date(2024, 3, 5)
    assert next(s.day for s in pushed.sessions if s.topic_id == "b") == date(2024, 2, 6)
    now = standing(TIGHT, set(), LOGGED)
    assert pace(TIGHT, pushed, now, JAN_11).status is PaceStatus.ON_TRACK
    assert pace(TIGHT, pushed, now, date(2024, 1, 13)).message == "2 days behind"
    # today's 60 minutes and tomorrow's done: one day ahead
    assert pace(TIGHT, pushed, standing(TIGHT, set(), {"a": 420}), JAN_11).message == (
        "1 day ahead"
    )


def test_keep_end_raises_the_budget_and_keeps_the_end():
    replan = snapshot(TIGHT, set(), LOGGED, JAN_11, daily_minutes=66)
    kept = build_schedule(TIGHT, TIGHT_SETTINGS, [replan])
    assert kept.end == TIGHT_PLAN.end
    assert kept.daily_minutes == 66
    assert kept.weekly_hours == pytest.approx(7.7)
    assert pace(TIGHT, kept, standing(TIGHT, set(), LOGGED), JAN_11).status is PaceStatus.ON_TRACK
    assert sum(s.minutes for s in kept.sessions if s.day >= JAN_11) == 31 * 60 + 29 * 60 - 300


def test_push_that_keeps_the_end_is_the_only_choice():
    # a's Monday undone, c studied instead: pushing fits a into January's slack
    options = replan_options(SMALL, SMALL_PLAN, set(), {"c": 200}, date(2024, 1, 3))
    assert options.push_end == options.end == date(2024, 2, 2)
    assert options.push_keeps_end
    assert not replan_options(TIGHT, TIGHT_PLAN, set(), LOGGED, JAN_11).push_keeps_end


def test_keep_end_is_impossible_once_the_end_has_passed():
    late = date(2024, 3, 10)
    assert keep_end_daily_minutes(TIGHT, TIGHT_PLAN, set(), LOGGED, late) is None
    options = replan_options(TIGHT, TIGHT_PLAN, set(), LOGGED, late)
    assert options.keep_end_weekly_hours is None
    assert options.push_end == date(2024, 5, 3)  # 55 days of 60 minutes from Mar 10


def test_a_second_replan_keeps_the_first_one_until_it_starts():
    first = snapshot(TIGHT, set(), LOGGED, JAN_11)
    second = snapshot(TIGHT, set(), {"a": 600}, date(2024, 1, 21))
    schedule = build_schedule(TIGHT, TIGHT_SETTINGS, [second, first])
    assert len(schedule.segments) == 3
    days = [s.day for s in schedule.sessions]
    assert days == sorted(days) and len(days) == len(set(days))
    assert schedule.on(date(2024, 1, 15))[0].minutes == 60
    # 5 more days lost between the re-plans (600 done by Jan 21 where 900 were planned)
    assert schedule.end == date(2024, 3, 10)
