"""The schedule: fixed-date layouts, month anchors, leap days, study weekdays, DST, edits."""

from __future__ import annotations

import random
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from plan_roadmaps import FRI, MON, SMALL, SMALL_SETTINGS, SUN, WED, roadmap, settings

from mlroad_tui.plan.dates import (
    add_months,
    day_end,
    duration_minutes,
    format_minutes,
    parse_duration,
)
from mlroad_tui.plan.model import Replan, SavedSettings, local_day, parse_weekdays
from mlroad_tui.plan.schedule import (
    Session,
    _segment,
    build_schedule,
    segment_end,
    standing,
    work_left,
)
from mlroad_tui.plan.settings import default_weekly_hours, resolve
from mlroad_tui.plan.today import today_plan

BERLIN = ZoneInfo("Europe/Berlin")


def plan_of(schedule) -> list[tuple[str, str, int]]:
    return [(s.day.isoformat(), s.topic_id, s.minutes) for s in schedule.sessions]


def test_small_plan_fills_study_days_in_curriculum_order():
    schedule = build_schedule(SMALL, SMALL_SETTINGS)
    assert plan_of(schedule) == [
        ("2024-01-01", "a", 200),
        ("2024-01-03", "a", 100),
        ("2024-01-03", "b", 100),
        ("2024-01-05", "b", 20),
        ("2024-01-05", "c", 180),
        ("2024-01-08", "c", 60),
        # month 2 starts Thu Feb 1, not a study day: its first session is Fri Feb 2
        ("2024-02-02", "d", 180),
    ]
    assert schedule.end == date(2024, 2, 2)
    assert build_schedule(SMALL, SMALL_SETTINGS) == schedule


def test_every_minute_is_planned_once_and_only_on_study_weekdays():
    big = roadmap([("x", 7.25), ("y", 0.5)], [("z", 11)], [("w", 3)])
    plan = settings(date(2025, 3, 14), 12.5, MON, WED, FRI, SUN)
    schedule = build_schedule(big, plan)
    assert {s.day.weekday() for s in schedule.sessions} <= {MON, WED, FRI, SUN}
    by_topic: dict[str, int] = {}
    for s in schedule.sessions:
        by_topic[s.topic_id] = by_topic.get(s.topic_id, 0) + s.minutes
    assert by_topic == {"x": 435, "y": 30, "z": 660, "w": 180}
    per_day: dict[date, int] = {}
    for s in schedule.sessions:
        per_day[s.day] = per_day.get(s.day, 0) + s.minutes
    assert max(per_day.values()) == plan.daily_minutes == 188


def test_a_phase_overflowing_its_month_pushes_the_next_one():
    # 60 minutes a day; month 1 needs 32 days, so it runs into Feb 1 and month 2 starts Feb 2.
    over = roadmap([("a", 32)], [("b", 1)])
    schedule = build_schedule(over, settings(date(2024, 1, 1), 7, *range(7)))
    a_days = [s.day for s in schedule.sessions if s.topic_id == "a"]
    assert a_days[-1] == date(2024, 2, 1)
    assert [s for s in schedule.sessions if s.topic_id == "b"] == [
        Session(date(2024, 2, 2), "b", "m2", 60)
    ]


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 2, date(2024, 3, 31)),  # from the start, not from Feb 29
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 2, 29), 1, date(2024, 3, 29)),
        (date(2024, 11, 30), 3, date(2025, 2, 28)),
    ],
)
def test_add_months_clamps_to_the_month_end(start, months, expected):
    assert add_months(start, months) == expected


def test_phases_started_on_jan_31_and_feb_29_keep_their_month_windows():
    six = roadmap(*([(f"t{m}", 1)] for m in range(1, 7)))
    spans = build_schedule(six, settings(date(2024, 1, 31), 14, *range(7))).phase_spans(six)
    assert [(s.month_start.isoformat(), s.month_end.isoformat()) for s in spans] == [
        ("2024-01-31", "2024-02-28"),
        ("2024-02-29", "2024-03-30"),
        ("2024-03-31", "2024-04-29"),
        ("2024-04-30", "2024-05-30"),
        ("2024-05-31", "2024-06-29"),
        ("2024-06-30", "2024-07-30"),
    ]
    assert [s.first_day for s in spans] == [s.month_start for s in spans]
    leap = build_schedule(six, settings(date(2024, 2, 29), 14, *range(7))).phase_spans(six)
    assert [s.month_start.isoformat() for s in leap][:3] == [
        "2024-02-29",
        "2024-03-29",
        "2024-04-29",
    ]


def test_today_on_a_rest_day_has_no_session_but_shows_overdue_work():
    schedule = build_schedule(SMALL, SMALL_SETTINGS)
    tuesday = today_plan(SMALL, schedule, standing(SMALL, set(), {}), date(2024, 1, 2))
    assert not tuesday.study_day
    assert tuesday.sessions == ()
    assert [(i.topic.id, i.minutes, i.planned_on) for i in tuesday.overdue] == [
        ("a", 200, date(2024, 1, 1))
    ]


def test_today_subtracts_what_was_already_studied():
    schedule = build_schedule(SMALL, SMALL_SETTINGS)
    wednesday = date(2024, 1, 3)
    fresh = today_plan(SMALL, schedule, standing(SMALL, set(), {}), wednesday)
    assert [(i.topic.id, i.minutes) for i in fresh.overdue] == [("a", 200)]
    assert [(i.topic.id, i.minutes) for i in fresh.sessions] == [("a", 100), ("b", 100)]
    partly = today_plan(SMALL, schedule, standing(SMALL, set(), {"a": 250}), wednesday)
    assert partly.overdue == ()
    assert [(i.topic.id, i.minutes) for i in partly.sessions] == [("a", 50), ("b", 100)]
    finished_a = today_plan(SMALL, schedule, standing(SMALL, {"a"}, {}), wednesday)
    assert [(i.topic.id, i.minutes) for i in finished_a.sessions] == [("b", 100)]
    assert finished_a.minutes == 100


def test_curriculum_edits_recompute_the_plan():
    added = roadmap([("a", 5), ("b", 2), ("new", 1), ("c", 4)], [("d", 3)])
    schedule = build_schedule(added, SMALL_SETTINGS)
    assert plan_of(schedule)[3:6] == [
        ("2024-01-05", "b", 20),
        ("2024-01-05", "new", 60),
        ("2024-01-05", "c", 120),
    ]
    removed = roadmap([("a", 5), ("c", 4)], [("d", 3)])
    assert plan_of(build_schedule(removed, SMALL_SETTINGS))[:3] == [
        ("2024-01-01", "a", 200),
        ("2024-01-03", "a", 100),
        ("2024-01-03", "c", 100),
    ]
    # the credit ignores logs for topics the curriculum no longer has (the log keeps them)
    assert standing(removed, {"b"}, {"b": 120, "a": 30}).credit == {"a": 30, "c": 0, "d": 0}


def test_the_standing_credits_each_topic_as_defined():
    """A finished topic: its whole estimate; another: what was logged, at most the estimate;
    ids the roadmap lacks are ignored; the credit lists the topics in roadmap order."""
    rng = random.Random(15)
    ids = ["a", "b", "c", "d", "gone"]
    for _ in range(200):
        finished = {i for i in ids if rng.random() < 0.3}
        logged = {i: rng.uniform(0, 400) for i in ids if rng.random() < 0.5}
        got = standing(SMALL, finished, logged)
        need = {t.id: round(t.hours * 60) for t in SMALL.topics()}
        assert list(got.credit.items()) == [
            (i, m if i in finished else min(m, round(logged.get(i, 0)))) for i, m in need.items()
        ]
        assert got.finished == finished - {"gone"}


def test_a_replan_made_before_a_curriculum_edit_still_applies():
    replan = Replan(date(2024, 1, 10), None, frozenset({"gone"}), {"a": 200, "gone": 50})
    edited = roadmap([("a", 5), ("new", 1)], [("d", 3)])
    schedule = build_schedule(edited, SMALL_SETTINGS, [replan])
    assert plan_of(schedule) == [
        ("2024-01-01", "a", 200),  # before the re-plan: as first planned
        ("2024-01-03", "a", 100),
        ("2024-01-03", "new", 60),
        ("2024-01-10", "a", 100),  # from it: a's 200 logged minutes count, "gone" is ignored
        ("2024-01-10", "new", 60),
        ("2024-02-02", "d", 180),
    ]


def test_the_last_schedule_is_kept_only_for_the_same_inputs():
    first = build_schedule(SMALL, SMALL_SETTINGS)
    assert build_schedule(SMALL, SMALL_SETTINGS) is first
    replan = Replan(date(2024, 1, 10), 240, frozenset({"a"}))
    replanned = build_schedule(SMALL, SMALL_SETTINGS, [replan])
    assert replanned is not first and replanned.daily_minutes == 240
    later = settings(date(2024, 1, 2), 10, MON, WED, FRI)
    assert build_schedule(SMALL, later, [replan]).settings == later
    edited = roadmap([("a", 5), ("b", 2), ("c", 1)], [("d", 3)])
    assert plan_of(build_schedule(edited, SMALL_SETTINGS))[-2:] == [
        ("2024-01-05", "c", 60),
        ("2024-02-02", "d", 180),
    ]


def test_defaults_come_from_the_curriculum():
    plan = resolve(SavedSettings(), SMALL, date(2024, 5, 6))
    assert plan.start == date(2024, 5, 6)
    assert plan.weekly_hours == default_weekly_hours(SMALL) == 17.5
    assert plan.weekdays == (0, 1, 2, 3, 4, 5)
    chosen = resolve(SavedSettings(date(2024, 1, 1), 9.0, (SUN,)), SMALL, date(2024, 5, 6))
    assert (chosen.start, chosen.weekly_hours, chosen.daily_minutes) == (date(2024, 1, 1), 9, 540)


@pytest.mark.parametrize(
    ("text", "minutes"), [("90m", 90), ("1h30m", 90), ("2h", 120), ("1.5h", 90), ("45min", 45)]
)
def test_durations(text, minutes):
    assert duration_minutes(text) == minutes


@pytest.mark.parametrize("text", ["", "90", "1h90x", "0m", "h", "-5m", "1m30h"])
def test_bad_durations_are_refused(text):
    with pytest.raises(ValueError):
        duration_minutes(text)


@pytest.mark.parametrize(
    ("text", "length"),
    [
        ("1d", timedelta(days=1)),
        ("90min", timedelta(minutes=90)),
        ("1w2d", timedelta(days=9)),
        ("1h 30m", timedelta(minutes=90)),
        ("45s", timedelta(seconds=45)),
        ("0s", timedelta()),
    ],
)
def test_one_duration_grammar_for_every_command(text, length):
    assert parse_duration(text) == length


@pytest.mark.parametrize("text", ["30m1h", "1h1h", "1x", "1 day", "1.h", "d"])
def test_durations_read_largest_unit_first_each_once(text):
    with pytest.raises(ValueError):
        parse_duration(text)


def test_weekdays_and_minutes_format():
    assert parse_weekdays("mon-fri") == (0, 1, 2, 3, 4)
    assert parse_weekdays("sun, Mon,wed") == (0, 2, 6)
    for bad in ("mon,funday", "fri-mon", ""):
        with pytest.raises(ValueError):
            parse_weekdays(bad)
    assert [format_minutes(m) for m in (45, 60, 90, 605.4)] == ["45m", "1h", "1h30m", "10h05m"]


def test_local_days_follow_the_dst_offset():
    # Berlin is UTC+1 until 2024-03-31 02:00, then UTC+2.
    assert local_day(datetime(2024, 3, 30, 22, 30, tzinfo=UTC), BERLIN) == date(2024, 3, 30)
    assert local_day(datetime(2024, 3, 31, 22, 30, tzinfo=UTC), BERLIN) == date(2024, 4, 1)
    assert day_end(date(2024, 3, 30), BERLIN) == datetime(2024, 3, 30, 22, 59, 59, tzinfo=UTC)
    assert day_end(date(2024, 3, 31), BERLIN) == datetime(2024, 3, 31, 21, 59, 59, tzinfo=UTC)
    # and back to UTC+1 on 2024-10-27: that local day lasts 25 hours
    assert day_end(date(2024, 10, 27), BERLIN) == datetime(2024, 10, 27, 22, 59, 59, tzinfo=UTC)
    with pytest.raises(ValueError):
        local_day(datetime(2024, 3, 31, 12, 0), BERLIN)


def test_a_schedule_across_a_dst_change_is_plain_dates():
    # the plan runs over Berlin's spring-forward night; days and budgets are not affected
    one = roadmap([("a", 10)])
    schedule = build_schedule(one, settings(date(2024, 3, 29), 14, *range(7)))
    assert [s.day.day for s in schedule.sessions] == [29, 30, 31, 1, 2]
    assert {s.minutes for s in schedule.sessions} == {120}


def test_the_plan_loads_without_textual_and_its_heavy_libraries_lazily():
    code = (
        "import sys\n"
        "import mlroad_tui.plan.context, mlroad_tui.plan.ics, mlroad_tui.store.study\n"
        "import mlroad_tui.cli.plan, mlroad_tui.cli.studylog, mlroad_tui.cli.review\n"
        "import mlroad_tui.cli.report\n"
        "print(sorted(m for m in ('textual', 'fsrs', 'icalendar') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_segment_end_agrees_with_the_laid_out_segment():
    """The re-plan options' shortcut must end where laying out every session would."""
    rng = random.Random(15)
    for _ in range(400):
        months = [
            [(f"t{m}-{n}", rng.choice((0.25, 1, 2.5, 3, 7))) for n in range(rng.randint(0, 4))]
            for m in range(rng.randint(1, 4))
        ]
        plan = roadmap(*months)
        days = rng.sample(range(7), rng.randint(1, 7))
        chosen = settings(date(2024, 1, rng.randint(1, 31)), rng.choice((3, 10, 17.5)), *days)
        credit = {t.id: rng.choice((0, 0, 30, 600)) for t in plan.topics()}
        credit = {k: min(v, round(plan.topic(k).hours * 60)) for k, v in credit.items()}
        first = chosen.start + timedelta(days=rng.randint(0, 60))
        daily = rng.choice((1, 45, 60, 175, 200, 1440))
        laid_out = _segment(plan, chosen, first, daily, credit).sessions
        expected = laid_out[-1].day if laid_out else None
        assert segment_end(chosen, first, daily, work_left(plan, chosen, credit)) == expected
