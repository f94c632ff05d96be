"""`mlroad status` and `mlroad topic set`: progress for scripts."""

from __future__ import annotations

import argparse
from typing import Any

from mlroad_tui.cli.common import open_store, print_json, roadmap_from, topic_or_error
from mlroad_tui.curriculum import Roadmap
from mlroad_tui.progress import States, Tally, TopicState, current_phase, tally


def register(subparsers: argparse._SubParsersAction) -> None:
    status = subparsers.add_parser("status", help="overall and per-phase progress")
    status.add_argument("--json", action="store_true", help="print JSON instead of a table")
    status.set_defaults(func=run_status)

    topic = subparsers.add_parser("topic", help="change a topic's progress")
    topic_sub = topic.add_subparsers(dest="topic_command", metavar="ACTION", required=True)
    set_ = topic_sub.add_parser("set", help="set a topic's state")
    set_.add_argument("topic_id", metavar="ID")
    set_.add_argument("state", metavar="STATE", choices=[s.value for s in TopicState])
    set_.set_defaults(func=run_topic_set)


def _tally_json(t: Tally) -> dict[str, Any]:
    return {
        "done": t.done,
        "total": t.total,
        "hours_done": t.hours_done,
        "hours_total": t.hours_total,
        "percent": t.percent,
    }


def status_report(roadmap: Roadmap, states: States) -> dict[str, Any]:
    """Overall and per-phase progress as plain data (what `--json` prints)."""
    current = current_phase(roadmap, states)
    return {
        "roadmap": roadmap.id,
        "title": roadmap.title,
        "overall": _tally_json(tally(roadmap.topics(), states)),
        "current_phase": current.id,
        "phases": [
            {"id": p.id, "month": p.month, "title": p.title, **_tally_json(tally(p.topics, states))}
            for p in roadmap.phases
        ],
    }


def run_status(args: argparse.Namespace) -> int:
    roadmap = roadmap_from(args)
    store = open_store(roadmap)
    try:
        report = status_report(roadmap, store.progress.topic_states())
    finally:
        store.close()
    if args.json:
        print_json(report)
        return 0
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title=Text(report["title"]), title_justify="left")
    for column in ("Month", "Phase", "Topics", "Hours", "Done"):
        table.add_column(column, justify="right" if column != "Phase" else "left")
    for phase in report["phases"]:
        marker = " ◀ now" if phase["id"] == report["current_phase"] else ""
        table.add_row(
            str(phase["month"]),
            Text(phase["title"] + marker),
            f"{phase['done']}/{phase['total']}",
            f"{phase['hours_done']:g}/{phase['hours_total']:g}",
            f"{phase['percent']}%",
        )
    overall = report["overall"]
    table.add_section()
    table.add_row(
        "",
        "Overall",
        f"{overall['done']}/{overall['total']}",
        f"{overall['hours_done']:g}/{overall['hours_total']:g}",
        f"{overall['percent']}%",
    )
    Console().print(table)
    return 0


def run_topic_set(args: argparse.Namespace) -> int:
    roadmap = roadmap_from(args)
    topic = topic_or_error(roadmap, args.topic_id)
    store = open_store(roadmap)
    try:
        store.progress.set_topic_state(topic.id, TopicState(args.state))
    finally:
        store.close()
    print(f"{topic.id}: {args.state}")
    return 0
