"""`mlroad topics`, `mlroad resources` and `mlroad stats`: the panes' content for scripts.

Every JSON key is always present; a value that is empty or unknown is null, so a script can
read `.note` or `.link` without checking first.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from mlroad_tui.cli._study import add_date_option, chosen_day, store_session
from mlroad_tui.cli.common import open_store, print_json, roadmap_from
from mlroad_tui.cli.errors import Exit

if TYPE_CHECKING:
    from mlroad_tui.catalog import CatalogEntry, LinkResults
    from mlroad_tui.curriculum import Roadmap
    from mlroad_tui.plan.stats import Stats
    from mlroad_tui.progress import ResourceState, States


def register(subparsers: argparse._SubParsersAction) -> None:
    topics = subparsers.add_parser("topics", help="every topic of the roadmap with its state")
    topics.add_argument("--json", action="store_true", help="print JSON")
    topics.set_defaults(func=run_topics)

    resources = subparsers.add_parser(
        "resources",
        help="every resource with its link health",
        description="Exit status: 0 ok; 2 with --unhealthy when a link needs a fix "
        "(broken, error, timeout, unreachable, invalid); 1 when mlroad itself failed.",
    )
    resources.add_argument("--json", action="store_true", help="print JSON")
    resources.add_argument(
        "--unhealthy",
        action="store_true",
        help="only resources whose last link check found anything but ok",
    )
    resources.set_defaults(func=run_resources)

    stats = subparsers.add_parser("stats", help="hours this week, streaks, hours per week")
    stats.add_argument("--json", action="store_true", help="print JSON")
    add_date_option(stats, "the day to measure on (default: today)")
    stats.set_defaults(func=run_stats)


def _or_none(text: str | None) -> str | None:
    return text or None


def topics_json(roadmap: Roadmap, states: States, notes: Mapping[str, str]) -> list[dict[str, Any]]:
    """Every topic in roadmap order, with its phase, state and note (null when none)."""
    from mlroad_tui.progress import state_of

    rows = []
    for phase in roadmap.phases:
        for group in phase.groups:
            for topic in group.topics:
                progress = states.get(topic.id)
                rows.append(
                    {
                        "id": topic.id,
                        "title": topic.title,
                        "phase_id": phase.id,
                        "month": phase.month,
                        "group_id": group.id,
                        "group": group.title,
                        "hours": topic.hours,
                        "optional": topic.optional,
                        "state": state_of(states, topic).value,
                        "changed_at": progress.changed_at if progress else None,
                        "note": _or_none(notes.get(topic.id)),
                        "resources": list(topic.resource_ids),
                    }
                )
    return rows


def run_topics(args: argparse.Namespace) -> int:
    roadmap = roadmap_from(args)
    store = open_store(roadmap)
    try:
        rows = topics_json(roadmap, store.progress.topic_states(), store.progress.notes())
    finally:
        store.close()
    if args.json:
        print_json(rows)
        return Exit.OK
    month = None
    for row in rows:
        if row["month"] != month:
            month = row["month"]
            print(f"Month {month}")
        print(f"  {row['state']:<8} {row['hours']:>5g} h  {row['title']} ({row['id']})")
    return Exit.OK


def resource_json(
    entry: CatalogEntry, results: LinkResults, states: Mapping[str, ResourceState]
) -> dict[str, Any]:
    """One resource: where the roadmap uses it, the learner's marks, its last link check."""
    from mlroad_tui.catalog import link_result

    resource = entry.resource
    state = states.get(resource.id)
    result = link_result(resource, results)
    return {
        "id": resource.id,
        "title": resource.title,
        "kind": resource.kind,
        "url": resource.url,
        "authors": _or_none(resource.authors),
        "note": _or_none(resource.note),
        "months": list(entry.months),
        "topics": list(entry.topics),
        "bookmarked": bool(state and state.bookmarked),
        "visited_at": state.visited_at if state else None,
        "link": result.as_dict() if result else None,
    }


def run_resources(args: argparse.Namespace) -> int:
    from mlroad_tui.catalog import catalog, link_result, unhealthy

    roadmap = roadmap_from(args)
    store = open_store(roadmap)
    try:
        results = store.links.results()
        states = store.progress.resource_states()
    finally:
        store.close()
    entries = catalog(roadmap)
    if args.unhealthy:
        entries = unhealthy(entries, results)
    rows = [resource_json(entry, results, states) for entry in entries]
    if args.json:
        print_json(rows)
    else:
        for row in rows:
            verdict = row["link"]["verdict"] if row["link"] else "unchecked"
            url = row["url"] or "(no link)"
            print(f"{verdict:<11} {row['kind']:<10} {row['title']}  {url}")
    failing = any(
        (r := link_result(e.resource, results)) is not None and r.verdict.failing for e in entries
    )
    return Exit.FOUND if args.unhealthy and failing else Exit.OK


def stats_json(stats: Stats) -> dict[str, Any]:
    """The Stats view's numbers: this week, streaks, minutes per day, hours per week."""
    week = stats.week
    return {
        "week": {
            "first_day": week.first_day.isoformat(),
            "hours": round(week.hours, 2),
            "target_hours": week.target_hours,
        },
        "streaks": {"current": stats.streaks.current, "longest": stats.streaks.longest},
        "total_hours": round(stats.total_hours, 2),
        "heatmap": {
            "first_day": stats.heatmap.first_day.isoformat(),
            "weeks": [list(week) for week in stats.heatmap.weeks],
        },
        "weekly": [
            {"first_day": w.first_day.isoformat(), "hours": round(w.hours, 2)} for w in stats.weekly
        ],
    }


def run_stats(args: argparse.Namespace) -> int:
    from mlroad_tui.plan.context import load_plan, load_stats

    roadmap = roadmap_from(args)
    with store_session(roadmap) as store:
        day = chosen_day(args, store)
        stats = load_stats(store, load_plan(store, roadmap, day), day)
    data = stats_json(stats)
    if args.json:
        print_json(data)
        return Exit.OK
    week = data["week"]
    streaks = data["streaks"]
    print(f"this week: {week['hours']:g} of {week['target_hours']:g} h")
    print(f"streak: {streaks['current']} day(s) now, longest {streaks['longest']}")
    print(f"studied in all: {data['total_hours']:g} h")
    for w in data["weekly"]:
        print(f"  week of {w['first_day']}: {w['hours']:g} h")
    return Exit.OK
