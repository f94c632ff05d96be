"""`mlroad report` (Markdown progress report) and `mlroad project` (repository links)."""

from __future__ import annotations

import argparse
from pathlib import Path

from mlroad_tui.cli._study import add_date_option, chosen_day, store_session
from mlroad_tui.cli.common import print_json, roadmap_from, topic_or_error
from mlroad_tui.cli.errors import CliError


def register(subparsers: argparse._SubParsersAction) -> None:
    report = subparsers.add_parser("report", help="a Markdown progress report for a portfolio")
    report.add_argument("--output", type=Path, metavar="FILE", help="write here, not to stdout")
    add_date_option(report, "report as of this day (default: today)")
    report.set_defaults(func=run_report)

    project = subparsers.add_parser("project", help="link project repositories to topics")
    actions = project.add_subparsers(dest="project_command", metavar="ACTION", required=True)
    for name, func, text in (
        ("add", run_add, "attach an http(s) URL to a topic"),
        ("remove", run_remove, "detach a URL from a topic"),
    ):
        action = actions.add_parser(name, help=text)
        action.add_argument("topic_id", metavar="TOPIC")
        action.add_argument("url", metavar="URL")
        action.set_defaults(func=func)
    listing = actions.add_parser("list", help="every linked project")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(func=run_list)


def run_report(args: argparse.Namespace) -> int:
    from mlroad_tui.plan.context import load_plan, progress_report

    roadmap = roadmap_from(args)
    with store_session(roadmap) as store:
        day = chosen_day(args, store)
        text = progress_report(store, load_plan(store, roadmap, day), day)
    if args.output is None:
        print(text, end="")
        return 0
    try:
        args.output.write_text(text, encoding="utf-8")
    except OSError as error:
        raise CliError(f"cannot write {args.output}: {error.strerror or error}") from None
    print(f"wrote the report to {args.output}")
    return 0


def run_add(args: argparse.Namespace) -> int:
    roadmap = roadmap_from(args)
    topic = topic_or_error(roadmap, args.topic_id)
    with store_session(roadmap) as store:
        url = store.study.link_project(topic.id, args.url)
    print(f"{topic.id}: linked {url}")
    return 0


def run_remove(args: argparse.Namespace) -> int:
    with store_session(roadmap_from(args)) as store:
        removed = store.study.unlink_project(args.topic_id, args.url)
    if not removed:
        raise CliError(f"{args.url} is not linked to {args.topic_id}")
    print(f"{args.topic_id}: unlinked {args.url}")
    return 0


def run_list(args: argparse.Namespace) -> int:
    with store_session(roadmap_from(args)) as store:
        links = store.study.project_links()
    if args.json:
        print_json({topic_id: list(urls) for topic_id, urls in links.items()})
        return 0
    for topic_id, urls in links.items():
        for url in urls:
            print(f"{topic_id}\t{url}")
    return 0
