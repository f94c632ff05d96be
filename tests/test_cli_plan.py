"""The study-plan commands: JSON output and exit codes, on the bundled roadmap."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from mlroad_tui.cli import main
from mlroad_tui.config import curriculum_path
from mlroad_tui.curriculum import load_roadmap


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], *argv: str):
    code, out, err = run(capsys, *argv, "--json")
    assert (code, err) == (0, "")
    return json.loads(out)


@pytest.fixture
def planned(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "plan", "set", "--start", "2025-01-31", "--hours", "17.5", "--days", "mon-sat"
    )
    assert code == 0
    assert out == (
        "plan: starts 2025-01-31, 17.5 h a week on mon,tue,wed,thu,fri,sat (175 min a study day)\n"
    )


def test_plan_show_json(capsys, planned) -> None:
    data = run_json(capsys, "plan", "show", "--date", "2025-01-31")
    roadmap = load_roadmap(curriculum_path())
    assert data["settings"] == {
        "start": "2025-01-31",
        "weekly_hours": 17.5,
        "weekdays": ["mon", "tue", "wed", "thu", "fri", "sat"],
        "daily_minutes": 175,
    }
    assert sum(s["minutes"] for s in data["sessions"]) == round(
        sum(t.hours for t in roadmap.topics()) * 60
    )
    assert data["sessions"][0] == {
        "day": "2025-01-31",
        "topic_id": "linear-algebra",
        "title": "Linear Algebra",
        "phase_id": "m1-fundamentals",
        "minutes": 175,
    }
    assert [p["month_start"] for p in data["phases"]][:3] == [
        "2025-01-31",
        "2025-02-28",
        "2025-03-31",
    ]
    assert data["pace"]["message"] == "on track"
    assert data["end"] == data["sessions"][-1]["day"]


def test_plan_set_refuses_bad_values(capsys) -> None:
    for args, words in (
        (("--days", "mon,funday"), "unknown weekday"),
        (("--timezone", "Mars/Olympus"), "unknown time zone"),
    ):
        code, out, err = run(capsys, "plan", "set", *args)
        assert code == 1 and out == "" and words in err
    for args, words in (
        (("--start", "31/01/2025"), "not a date"),
        (("--start", "9999-12-31"), "from 2000-01-01 to 2099-12-31"),
        (("--hours", "0"), "weekly hours must be from 1 to 100 h"),
        (("--hours", "1e-9"), "weekly hours must be from 1 to 100 h"),
        (("--hours", "nan"), "weekly hours must be from 1 to 100 h"),
    ):
        with pytest.raises(SystemExit) as exit_:
            main(["plan", "set", *args])
        assert exit_.value.code == 1  # bad usage: mlroad failed (2 means it found problems)
        assert words in capsys.readouterr().err


def test_today_log_and_replan(capsys, planned) -> None:
    before = run_json(capsys, "today", "--date", "2025-01-20")
    assert before["pace"] == {
        "status": "not_started",
        "days": 11,
        "message": "starts in 11 days",
        "planned_minutes": 0,
        "done_minutes": 0,
        "end": before["pace"]["end"],
    }
    day = run_json(capsys, "today", "--date", "2025-02-03")  # a Monday, 2 study days in
    assert day["pace"]["message"] == "2 days behind"
    assert day["overdue"] == [
        {
            "topic_id": "linear-algebra",
            "title": "Linear Algebra",
            "minutes": 350,
            "planned_on": "2025-01-31",
        }
    ]
    assert [(s["topic_id"], s["minutes"]) for s in day["sessions"]] == [("linear-algebra", 175)]
    assert day["replan"]["keep_end"] == day["pace"]["end"]

    code, out, _ = run(capsys, "log", "linear-algebra", "5h50m", "--date", "2025-02-01")
    assert (code, out) == (0, "logged 5h50m on linear-algebra for 2025-02-01\n")
    caught_up = run_json(capsys, "today", "--date", "2025-02-03")
    assert caught_up["pace"]["message"] == "on track" and caught_up["overdue"] == []
    assert caught_up["replan"] is None
    code, _, err = run(capsys, "plan", "replan", "push", "--date", "2025-02-03")
    assert code == 1 and "nothing to re-plan: the plan is on track" in err

    late = run_json(capsys, "today", "--date", "2025-02-10")
    assert late["pace"]["status"] == "behind"
    code, out, _ = run(capsys, "plan", "replan", "push", "--date", "2025-02-10")
    assert code == 0 and f"ends {late['replan']['push_end']}" in out
    after = run_json(capsys, "today", "--date", "2025-02-10")
    assert after["pace"]["message"] == "on track"
    assert after["pace"]["end"] == late["replan"]["push_end"]
    assert after["pace"]["done_minutes"] == late["pace"]["done_minutes"]


def test_work_done_out_of_order_is_behind_and_offers_only_catching_up(capsys, planned) -> None:
    # as many minutes as planned, but on Calculus: Linear Algebra's two days are still undone
    assert run(capsys, "log", "calculus", "5h50m", "--date", "2025-02-01")[0] == 0
    day = run_json(capsys, "today", "--date", "2025-02-03")
    assert day["pace"]["message"] == "2 days behind" and day["overdue"]
    assert day["replan"]["push_end"] == day["replan"]["keep_end"]
    code, out, _ = run(capsys, "today", "--date", "2025-02-03")
    assert code == 0 and "on track" not in out
    end = day["replan"]["push_end"]
    advice = f"re-plan: catch up → the late work moves into the coming days, still ending {end}"
    assert advice in out
    assert "push →" not in out and "keep end" not in out


def test_keep_end_replan_raises_the_weekly_hours(capsys, planned) -> None:
    late = run_json(capsys, "today", "--date", "2025-02-10")
    code, _, _ = run(capsys, "plan", "replan", "keep-end", "--date", "2025-02-10")
    assert code == 0
    shown = run_json(capsys, "plan", "show", "--date", "2025-02-10")
    assert shown["end"] == late["pace"]["end"]
    assert shown["weekly_hours_now"] == pytest.approx(late["replan"]["keep_end_weekly_hours"])
    assert shown["weekly_hours_now"] > 17.5 and shown["replans"] == 1


def test_log_errors(capsys) -> None:
    code, _, err = run(capsys, "log", "linear-algebr", "90m")
    assert code == 1 and "did you mean linear-algebra?" in err
    code, _, err = run(capsys, "log", "linear-algebra", "ninety")
    assert code == 1 and "cannot read duration" in err


def test_log_reads_the_same_durations_as_every_command(capsys) -> None:
    code, out, _ = run(capsys, "log", "calculus", "1d", "--date", "2025-02-02")
    assert (code, out) == (0, "logged 24h on calculus for 2025-02-02\n")


def test_timer_commands(capsys) -> None:
    assert run_json(capsys, "timer", "status") == {"running": False}
    assert run(capsys, "timer", "start", "calculus")[0] == 0
    code, _, err = run(capsys, "timer", "start", "numpy")
    assert code == 1 and "already running" in err
    status = run_json(capsys, "timer", "status")
    assert status["running"] and status["topic_id"] == "calculus"
    code, out, _ = run(capsys, "timer", "stop")
    assert code == 0 and out.startswith("logged ") and "on calculus" in out
    assert run(capsys, "timer", "stop")[0] == 1
    assert run(capsys, "timer", "discard")[0] == 1


def test_review_commands(capsys) -> None:
    assert run(capsys, "topic", "set", "calculus", "done")[0] == 0
    # finished just now: first due in 24 hours, i.e. tomorrow (local days)
    assert run_json(capsys, "review", "--date", date.today().isoformat()) == []
    due = run_json(capsys, "review", "--date", (date.today() + timedelta(days=1)).isoformat())
    assert [r["topic_id"] for r in due] == ["calculus"]
    assert due[0]["key_points"] and due[0]["summary"] and due[0]["reviews"] == 0
    code, out, _ = run(capsys, "review", "calculus", "3")
    assert code == 0 and out.startswith("calculus: Good; next review ")
    code, _, err = run(capsys, "review", "numpy", "3")
    assert code == 1 and "not in the review queue" in err
    code, _, err = run(capsys, "review", "calculus")
    assert code == 1 and "give a rating" in err
    with pytest.raises(SystemExit):
        main(["review", "calculus", "5"])


def test_export_ics(capsys, planned, tmp_path: Path) -> None:
    target = tmp_path / "plan.ics"
    code, out, _ = run(capsys, "plan", "export", "--ics", str(target))
    sessions = run_json(capsys, "plan", "show")["sessions"]
    assert code == 0 and out == f"wrote {len(sessions)} study sessions to {target}\n"
    events = Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    assert [e.decoded("dtstart").isoformat() for e in events] == [s["day"] for s in sessions]
    code, _, err = run(capsys, "plan", "export", "--ics", str(tmp_path / "no" / "such" / "x.ics"))
    assert code == 1 and "cannot write" in err
    assert run(capsys, "plan", "export", "--ics", str(target), "--at", "07:30")[0] == 0
    starts = [e.decoded("dtstart") for e in Calendar.from_ical(target.read_bytes()).walk("VEVENT")]
    assert starts[0].isoformat() == f"{sessions[0]['day']}T07:30:00"
    for wrong in ("24:00", "7:5", "19h", "07:60"):
        with pytest.raises(SystemExit):
            main(["plan", "export", "--ics", str(target), "--at", wrong])


def test_report_and_projects(capsys, planned, tmp_path: Path) -> None:
    assert run(capsys, "topic", "set", "linear-algebra", "done")[0] == 0
    assert run(capsys, "project", "add", "linear-algebra", "https://github.com/me/la")[0] == 0
    code, _, err = run(capsys, "project", "add", "linear-algebra", "file:///etc/passwd")
    assert code == 1 and "not an http(s) URL" in err
    assert run_json(capsys, "project", "list") == {"linear-algebra": ["https://github.com/me/la"]}
    report = tmp_path / "report.md"
    code, out, _ = run(capsys, "report", "--output", str(report), "--date", "2025-02-03")
    assert code == 0 and out == f"wrote the report to {report}\n"
    text = report.read_text(encoding="utf-8")
    assert "- [x] Linear Algebra\n  - Project: <https://github.com/me/la>" in text
    assert "## Month 1: Fundamentals (1/8 done)" in text
    assert run(capsys, "project", "remove", "linear-algebra", "https://github.com/me/la")[0] == 0
    assert run(capsys, "project", "remove", "linear-algebra", "https://github.com/me/la")[0] == 1
