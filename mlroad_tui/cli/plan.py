"""`mlroad plan set|show|export|replan` and `mlroad today`: the study plan for scripts."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mlroad_tui.cli._study import (
    add_date_option,
    chosen_day,
    clock_arg,
    store_session,
)
from mlroad_tui.cli.argtypes import day, number
from mlroad_tui.cli.common import print_json, roadmap_from
from mlroad_tui.cli.errors import CliError
from mlroad_tui.limits import PLAN_START, WEEKLY_HOURS

if TYPE_CHECKING:
    from mlroad_tui.plan.context import StudyPlan
    from mlroad_tui.plan.pace import Pace
    from mlroad_tui.plan.today import TodayItem


def register(subparsers: argparse._SubParsersAction) -> None:
    plan = subparsers.add_parser("plan", help="the study schedule: settings, view, export")
    actions = plan.add_subparsers(dest="plan_command", metavar="ACTION", required=True)

    set_ = actions.add_parser("set", help="choose the start date, weekly hours, study weekdays")
    set_.add_argument(
        "--start",
        type=day(PLAN_START),
        metavar="YYYY-MM-DD",
        help=f"first day of month 1, {PLAN_START.describe()}",
    )
    set_.add_argument(
        "--hours",
        type=number(WEEKLY_HOURS),
        metavar="H",
        help=f"study hours per week, {WEEKLY_HOURS.describe()}",
    )
    set_.add_argument("--days", metavar="mon,tue,...", help="study weekdays, e.g. mon-fri,sun")
    set_.add_argument(
        "--timezone", metavar="ZONE", help="IANA zone for local days, e.g. Europe/Berlin"
    )
    set_.set_defaults(func=run_set)

    show = actions.add_parser("show", help="print the schedule")
    show.add_argument("--json", action="store_true", help="print JSON")
    add_date_option(show, "the day to measure the pace on (default: today)")
    show.set_defaults(func=run_show)

    export = actions.add_parser("export", help="write the schedule to a calendar file")
    export.add_argument("--ics", required=True, type=Path, metavar="FILE", help="iCalendar file")
    export.add_argument(
        "--at",
        type=clock_arg,
        metavar="HH:MM",
        help="timed sessions from this time of day, one after another (default: all-day)",
    )
    export.set_defaults(func=run_export)

    replan = actions.add_parser("replan", help="when behind: push the plan later or keep its end")
    replan.add_argument("mode", choices=("push", "keep-end"), help="which way to re-plan")
    add_date_option(replan, "re-plan as of this day (default: today)")
    replan.set_defaults(func=run_replan)

    today = subparsers.add_parser("today", help="what to study today, overdue work, reviews due")
    today.add_argument("--json", action="store_true", help="print JSON")
    add_date_option(today, "show this day instead of today")
    today.set_defaults(func=run_today)


def _load(args: argparse.Namespace) -> tuple[StudyPlan, date]:
    from mlroad_tui.plan.context import load_plan

    roadmap = roadmap_from(args)
    with store_session(roadmap) as store:
        day = chosen_day(args, store)
        return load_plan(store, roadmap, day), day


def run_set(args: argparse.Namespace) -> int:
    from mlroad_tui.plan.model import format_weekdays, parse_weekdays
    from mlroad_tui.plan.settings import check_weekly_hours, resolve

    try:
        weekdays = parse_weekdays(args.days) if args.days is not None else None
        hours = check_weekly_hours(args.hours) if args.hours is not None else None
    except ValueError as error:
        raise CliError(str(error)) from None
    roadmap = roadmap_from(args)
    with store_session(roadmap) as store:
        saved = store.study.save_settings(
            start=args.start, weekly_hours=hours, weekdays=weekdays, timezone=args.timezone
        )
        settings = resolve(
            saved, roadmap, saved.start or store.study.pin_start(chosen_day(args, store))
        )
    print(
        f"plan: starts {settings.start.isoformat()}, {settings.weekly_hours:g} h a week "
        f"on {format_weekdays(settings.weekdays)} ({settings.daily_minutes} min a study day)"
    )
    return 0


def pace_json(pace: Pace) -> dict[str, Any]:
    return {
        "status": pace.status.value,
        "days": pace.days,
        "message": pace.message,
        "planned_minutes": pace.planned_minutes,
        "done_minutes": pace.done_minutes,
        "end": pace.end.isoformat() if pace.end else None,
    }


def plan_json(plan: StudyPlan, pace: Pace) -> dict[str, Any]:
    """The whole schedule as plain data (what `plan show --json` prints)."""
    from mlroad_tui.plan.model import format_weekdays

    settings, schedule, roadmap = plan.settings, plan.schedule, plan.roadmap
    return {
        "settings": {
            "start": settings.start.isoformat(),
            "weekly_hours": settings.weekly_hours,
            "weekdays": format_weekdays(settings.weekdays).split(","),
            "daily_minutes": settings.daily_minutes,
        },
        "weekly_hours_now": schedule.weekly_hours,
        "end": schedule.end.isoformat() if schedule.end else None,
        "replans": len(schedule.segments) - 1,
        "pace": pace_json(pace),
        "phases": [
            {
                "id": span.phase.id,
                "month": span.phase.month,
                "title": span.phase.title,
                "month_start": span.month_start.isoformat(),
                "month_end": span.month_end.isoformat(),
                "first_day": span.first_day.isoformat() if span.first_day else None,
                "last_day": span.last_day.isoformat() if span.last_day else None,
            }
            for span in schedule.phase_spans(roadmap)
        ],
        "sessions": [
            {
                "day": s.day.isoformat(),
                "topic_id": s.topic_id,
                "title": topic.title if (topic := roadmap.topic(s.topic_id)) else s.topic_id,
                "phase_id": s.phase_id,
                "minutes": s.minutes,
            }
            for s in schedule.sessions
        ],
    }


def run_show(args: argparse.Namespace) -> int:
    from mlroad_tui.plan.dates import format_minutes

    plan, day = _load(args)
    data = plan_json(plan, plan.pace(day))
    if args.json:
        print_json(data)
        return 0
    settings = data["settings"]
    print(
        f"{plan.roadmap.title}: from {settings['start']} to {data['end'] or '-'}, "
        f"{data['weekly_hours_now']:g} h a week on {','.join(settings['weekdays'])}"
    )
    print(f"pace on {day.isoformat()}: {data['pace']['message']}")
    for phase in data["phases"]:
        window = f"{phase['month_start']} – {phase['month_end']}"
        print(f"\nMonth {phase['month']}: {phase['title']} ({window})")
        for s in (s for s in data["sessions"] if s["phase_id"] == phase["id"]):
            print(f"  {s['day']}  {format_minutes(s['minutes']):>6}  {s['title']}")
    return 0


def run_export(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from mlroad_tui.plan.ics import schedule_to_ics

    plan, _ = _load(args)
    payload = schedule_to_ics(
        plan.roadmap, plan.schedule, datetime.now(UTC), at=args.at, zone=plan.zone
    )
    try:
        args.ics.write_bytes(payload)
    except OSError as error:
        raise CliError(f"cannot write {args.ics}: {error.strerror or error}") from None
    print(f"wrote {len(plan.schedule.sessions)} study sessions to {args.ics}")
    return 0


def run_replan(args: argparse.Namespace) -> int:
    from mlroad_tui.plan.context import CannotKeepEnd, load_plan
    from mlroad_tui.plan.pace import PaceStatus

    roadmap = roadmap_from(args)
    with store_session(roadmap) as store:
        day = chosen_day(args, store)
        plan = load_plan(store, roadmap, day)
        pace = plan.pace(day)
        if pace.status is not PaceStatus.BEHIND:
            raise CliError(f"nothing to re-plan: the plan is {pace.message}")
        try:
            replan = plan.replan(day, keep_end=args.mode == "keep-end")
        except CannotKeepEnd as error:
            raise CliError(str(error)) from None
        store.study.add_replan(replan)
        after = load_plan(store, roadmap, day)
    end = after.schedule.end.isoformat() if after.schedule.end else "-"
    print(
        f"re-planned from {day.isoformat()}: ends {end}, {after.schedule.weekly_hours:.1f} h a week"
    )
    return 0


def _item_json(item: TodayItem) -> dict[str, Any]:
    return {
        "topic_id": item.topic.id,
        "title": item.topic.title,
        "minutes": item.minutes,
        "planned_on": item.planned_on.isoformat(),
    }


def run_today(args: argparse.Namespace) -> int:
    from mlroad_tui.plan.context import due_reviews, load_plan
    from mlroad_tui.plan.dates import format_minutes
    from mlroad_tui.plan.pace import PaceStatus

    roadmap = roadmap_from(args)
    with store_session(roadmap) as store:
        day = chosen_day(args, store)
        plan = load_plan(store, roadmap, day)
        reviews = due_reviews(store, roadmap, day)
    today = plan.today(day)
    data: dict[str, Any] = {
        "date": day.isoformat(),
        "study_day": today.study_day,
        "pace": pace_json(today.pace),
        "sessions": [_item_json(i) for i in today.sessions],
        "overdue": [_item_json(i) for i in today.overdue],
        "reviews_due": [
            {"topic_id": r.topic.id, "title": r.topic.title, "due_at": r.due_at.isoformat()}
            for r in reviews
        ],
    }
    data["replan"] = None  # the choices, only when behind
    if today.pace.status is PaceStatus.BEHIND:
        options = plan.replan_options(day)
        data["replan"] = {
            "push_end": options.push_end.isoformat() if options.push_end else None,
            "keep_end": options.end.isoformat() if options.end else None,
            "keep_end_weekly_hours": options.keep_end_weekly_hours,
        }
    if args.json:
        print_json(data)
        return 0
    print(f"{day.isoformat()}: {today.pace.message}")
    if not today.study_day:
        print("not a study day")
    for title, items in (("today", today.sessions), ("overdue", today.overdue)):
        for item in items:
            minutes = format_minutes(item.minutes)
            print(f"  {title:8} {minutes:>6}  {item.topic.title} ({item.topic.id})")
    for review in reviews:
        print(f"  review   {review.topic.title} ({review.topic.id})")
    if data["replan"] is not None:
        print(f"re-plan: {_replan_advice(data['replan'])}")
    return 0


def _replan_advice(r: dict[str, Any]) -> str:
    """Only choices that change something: when pushing keeps the end, that is the one."""
    if r["push_end"] == r["keep_end"]:
        return f"catch up → the late work moves into the coming days, still ending {r['push_end']}"
    keep = (
        f"{r['keep_end_weekly_hours']:.1f} h a week" if r["keep_end_weekly_hours"] else "impossible"
    )
    return f"push → ends {r['push_end']}; keep end {r['keep_end']} → {keep}"
