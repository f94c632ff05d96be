"""`mlroad log` and `mlroad timer`: record study time by hand or with a timer."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from typing import Any

from mlroad_tui.cli._study import add_date_option, chosen_day, store_session
from mlroad_tui.cli.common import print_json, roadmap_from, topic_or_error
from mlroad_tui.cli.errors import CliError
from mlroad_tui.plan.model import LoggedSession, TimerRunning


def register(subparsers: argparse._SubParsersAction) -> None:
    log = subparsers.add_parser("log", help="log study time on a topic (e.g. 90m, 1h30m, 2h)")
    log.add_argument("topic_id", metavar="TOPIC")
    log.add_argument("duration", metavar="DURATION")
    add_date_option(log, "the day studied (default: today)")
    log.set_defaults(func=run_log)

    timer = subparsers.add_parser("timer", help="time a study session")
    actions = timer.add_subparsers(dest="timer_command", metavar="ACTION", required=True)
    start = actions.add_parser("start", help="start the timer on a topic")
    start.add_argument("topic_id", metavar="TOPIC")
    start.set_defaults(func=run_start)
    actions.add_parser("stop", help="stop the timer and log the session").set_defaults(
        func=run_stop
    )
    status = actions.add_parser("status", help="show the running timer")
    status.add_argument("--json", action="store_true", help="print JSON")
    status.set_defaults(func=run_status)
    actions.add_parser("discard", help="throw the running timer away").set_defaults(
        func=run_discard
    )


def _describe(session: LoggedSession) -> str:
    from mlroad_tui.plan.dates import format_minutes

    return f"logged {format_minutes(session.minutes)} on {session.topic_id} for {session.day}"


def run_log(args: argparse.Namespace) -> int:
    from mlroad_tui.plan.context import local_today
    from mlroad_tui.plan.dates import duration_minutes

    try:
        minutes = duration_minutes(args.duration)
    except ValueError as error:
        raise CliError(str(error)) from None
    roadmap = roadmap_from(args)
    topic = topic_or_error(roadmap, args.topic_id)
    with store_session(roadmap) as store:
        day, today = chosen_day(args, store), local_today(store)
        if day > today:
            raise CliError(f"cannot log study time on {day}, a day still to come (today: {today})")
        session = store.study.log_session(topic.id, day, minutes)
    print(_describe(session))
    return 0


def run_start(args: argparse.Namespace) -> int:
    roadmap = roadmap_from(args)
    topic = topic_or_error(roadmap, args.topic_id)
    with store_session(roadmap) as store:
        try:
            timer = store.study.start_timer(topic.id, datetime.now(UTC))
        except TimerRunning as error:
            raise CliError(f"{error} (stop it with `mlroad timer stop`)") from None
    print(f"timer started on {timer.topic_id} at {timer.started_at.isoformat()}")
    return 0


def run_stop(args: argparse.Namespace) -> int:
    with store_session(roadmap_from(args)) as store:
        session = store.study.stop_timer(datetime.now(UTC))
    print(_describe(session))
    return 0


def run_status(args: argparse.Namespace) -> int:
    from mlroad_tui.plan.dates import format_minutes

    now = datetime.now(UTC)
    with store_session(roadmap_from(args)) as store:
        timer = store.study.running_timer()
    data: dict[str, Any] = {"running": timer is not None}
    if timer is not None:
        data |= {
            "topic_id": timer.topic_id,
            "started_at": timer.started_at.isoformat(),
            "minutes": round(timer.elapsed_minutes(now), 1),
        }
    if args.json:
        print_json(data)
    elif timer is None:
        print("no timer is running")
    else:
        print(f"{timer.topic_id}: {format_minutes(timer.elapsed_minutes(now))} so far")
    return 0


def run_discard(args: argparse.Namespace) -> int:
    with store_session(roadmap_from(args)) as store:
        timer = store.study.discard_timer()
    if timer is None:
        raise CliError("no timer is running")
    print(f"discarded the timer on {timer.topic_id}")
    return 0
