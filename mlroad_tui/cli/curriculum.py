"""`mlroad curriculum validate [PATH]`: check a roadmap file before studying from it."""

from __future__ import annotations

import argparse
import sys

from mlroad_tui import config
from mlroad_tui.curriculum import CurriculumInvalid, load_roadmap


def register(subparsers: argparse._SubParsersAction) -> None:
    curriculum = subparsers.add_parser("curriculum", help="check a roadmap TOML file")
    actions = curriculum.add_subparsers(dest="curriculum_command", metavar="ACTION", required=True)
    check = actions.add_parser(
        "validate", help="report every problem in a roadmap file (exit 1 if there is any)"
    )
    check.add_argument(
        "path",
        metavar="PATH",
        nargs="?",
        help="the roadmap to check (default: --curriculum, MLROAD_CURRICULUM or the bundled one)",
    )
    check.set_defaults(func=run_validate)


def run_validate(args: argparse.Namespace) -> int:
    """Print a one-line summary and exit 0, or every problem (one a line) on stderr and exit 1."""
    path = config.curriculum_path(args.path or args.curriculum)
    try:
        roadmap = load_roadmap(path)
    except CurriculumInvalid as invalid:
        for problem in invalid.problems:
            print(problem, file=sys.stderr)
        print(f"mlroad: {len(invalid.problems)} problem(s) in {path}", file=sys.stderr)
        return 1
    topics = sum(1 for _ in roadmap.topics())
    print(f"ok: {len(roadmap.phases)} phases, {topics} topics, {len(roadmap.resources)} resources")
    return 0
