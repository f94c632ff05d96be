"""Exports: the schedule as iCalendar (parsed back), the Markdown progress report."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import vobject
from icalendar import Calendar
from plan_roadmaps import SMALL, SMALL_SETTINGS

from mlroad_tui.plan.ics import schedule_to_ics
from mlroad_tui.plan.model import Replan
from mlroad_tui.plan.pace import pace
from mlroad_tui.plan.report import ReportInputs, markdown_report
from mlroad_tui.plan.schedule import build_schedule, standing
from mlroad_tui.plan.stats import study_stats
from mlroad_tui.progress import TopicProgress, TopicState

NOW = datetime(2024, 1, 1, 8, 0, tzinfo=UTC)


def test_ics_round_trip():
    schedule = build_schedule(SMALL, SMALL_SETTINGS)
    calendar = Calendar.from_ical(schedule_to_ics(SMALL, schedule, NOW))
    assert str(calendar["version"]) == "2.0" and calendar["prodid"]
    events = calendar.walk("VEVENT")
    assert len(events) == len(schedule.sessions) == 7
    parsed = [
        (e.decoded("dtstart"), e.decoded("dtend") - e.decoded("dtstart"), str(e["summary"]))
        for e in events
    ]
    assert parsed[:3] == [
        (date(2024, 1, 1), timedelta(days=1), "Topic a (3h20m)"),
        (date(2024, 1, 3), timedelta(days=1), "Topic a (1h40m)"),
        (date(2024, 1, 3), timedelta(days=1), "Topic b (1h40m)"),
    ]
    assert len({str(e["uid"]) for e in events}) == 7
    assert events[0].decoded("dtstamp") == NOW
    assert "What a is about." in str(events[0]["description"])


def events_by_uid(payload: bytes) -> dict[str, date]:
    events = Calendar.from_ical(payload).walk("VEVENT")
    return {str(e["uid"]): e.decoded("dtstart") for e in events}


def test_ics_uids_survive_a_replan():
    # Behind on Jan 5 with 200 of A's 300 minutes done: A's rest, B, C and D move later.
    before = build_schedule(SMALL, SMALL_SETTINGS)
    replan = Replan(date(2024, 1, 5), None, frozenset(), {"a": 200.0})
    after = build_schedule(SMALL, SMALL_SETTINGS, [replan])
    old = events_by_uid(schedule_to_ics(SMALL, before, NOW))
    new = events_by_uid(schedule_to_ics(SMALL, after, NOW))
    assert set(old) <= set(new)  # every session of the old plan is updated, none duplicated
    assert {uid: new[uid] for uid in set(new) - set(old)} == {
        "test.a.3@mlroad": date(2024, 1, 5),  # A's last 100 minutes, once more
        "test.b.3@mlroad": date(2024, 1, 8),  # B no longer fits whole on Jan 5
    }
    moved = {uid: (old[uid], new[uid]) for uid in old if old[uid] != new[uid]}
    assert moved == {
        "test.c.1@mlroad": (date(2024, 1, 5), date(2024, 1, 8)),
        "test.c.2@mlroad": (date(2024, 1, 8), date(2024, 1, 10)),
    }


def test_ics_escapes_and_folds_untrusted_text():
    title = "Deep learning, vision; and \\ more — Géron's notes " * 3
    roadmap = replace(SMALL, title=title, phases=SMALL.phases)
    payload = schedule_to_ics(roadmap, build_schedule(roadmap, SMALL_SETTINGS), NOW)
    lines = payload.split(b"\r\n")
    assert lines[-1] == b"" and all(len(line) <= 75 for line in lines)
    assert b"X-WR-CALNAME:Deep learning\\, vision\\; and \\\\ more" in payload
    # vobject (as many calendar readers) cuts an unescaped name at its first comma
    calendar = vobject.readOne(payload.decode())
    assert calendar.x_wr_calname.value == f"{title} — study plan"
    assert len(calendar.vevent_list) == 7


def test_ics_timed_sessions_follow_one_another():
    schedule = build_schedule(SMALL, SMALL_SETTINGS)
    floating = Calendar.from_ical(schedule_to_ics(SMALL, schedule, NOW, at=time(19, 0)))
    jan3 = [
        (e.decoded("dtstart"), e.decoded("dtend"))
        for e in floating.walk("VEVENT")
        if e.decoded("dtstart").date() == date(2024, 1, 3)
    ]
    assert jan3 == [
        (datetime(2024, 1, 3, 19, 0), datetime(2024, 1, 3, 20, 40)),
        (datetime(2024, 1, 3, 20, 40), datetime(2024, 1, 3, 22, 20)),
    ]
    berlin = schedule_to_ics(SMALL, schedule, NOW, at=time(19, 0), zone=ZoneInfo("Europe/Berlin"))
    first = Calendar.from_ical(berlin).walk("VEVENT")[0]
    assert first.decoded("dtstart") == datetime(2024, 1, 1, 18, 0, tzinfo=UTC)


def test_markdown_report():
    states = {
        "a": TopicProgress(TopicState.DONE, "2024-01-04T10:00:00+00:00"),
        "b": TopicProgress(TopicState.SKIPPED, "2024-01-04T10:00:00+00:00"),
        "c": TopicProgress(TopicState.DOING, "2024-01-05T10:00:00+00:00"),
    }
    logged = {"a": 310.0, "c": 45.0, "gone": 30.0}
    today = date(2024, 1, 5)
    schedule = build_schedule(SMALL, SMALL_SETTINGS)
    minutes = {date(2024, 1, 3): 200.0, date(2024, 1, 5): 185.0}
    inputs = ReportInputs(
        roadmap=SMALL,
        states=states,
        logged=logged,
        notes={"a": "eigenvectors click now\nsecond line"},
        links={"a": ("https://github.com/me/linalg",), "gone": ("https://github.com/me/old",)},
        stats=study_stats(minutes, today, 10, SMALL_SETTINGS.weekdays),
        pace=pace(SMALL, schedule, standing(SMALL, {"a", "b"}, logged), today),
    )
    text = markdown_report(inputs, today)
    assert text.startswith("# Test roadmap: progress report\n")
    assert "- **Topics:** 1/4 done, 1 skipped; 7 of 14 estimated hours behind you (50%)" in text
    assert "- **Time studied:** 6h25m" in text
    assert "- **Streaks:** current 2 days, longest 2 days" in text  # Thursday is a rest day
    assert "- **Pace:** on track (plan ends 2024-02-02)" in text
    assert "## Month 1: Phase 1 (1/3 done, 1 skipped)" in text
    assert "- [x] Topic a, 5h10m studied\n  - Project: <https://github.com/me/linalg>" in text
    assert "  > eigenvectors click now\n  > second line" in text
    assert "- [ ] ~~Topic b~~ (skipped)\n" in text  # skipped, not finished
    assert "- [ ] Topic c (in progress), 45m studied" in text
    assert "## Month 2: Phase 2 (0/1 done)\n\n- [ ] Topic d\n" in text
    assert "## Other projects\n\n- <https://github.com/me/old> (gone)" in text
