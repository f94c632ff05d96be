"""`mlroad curriculum validate [PATH]`: check a roadmap file before studying from it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from mlroad_tui import config
from mlroad_tui.cli.common import print_json
from mlroad_tui.cli.errors import Exit
from mlroad_tui.curriculum import CurriculumInvalid, Problem, Roadmap, load_roadmap


def register(subparsers: argparse._SubParsersAction) -> None:
    curriculum = subparsers.add_parser("curriculum", help="check a roadmap TOML file")
    actions = curriculum.add_subparsers(dest="curriculum_command", metavar="ACTION", required=True)
    check = actions.add_parser(
        "validate",
        help="report every problem in a roadmap file (exit 2 if there is any)",
        description="Exit status: 0 when the roadmap is valid, 2 when it has problems, "
        "1 when it cannot be read.",
    )
    check.add_argument(
        "path",
        metavar="PATH",
        nargs="?",
        help="the roadmap to check (default: --curriculum, MLROAD_CURRICULUM or the bundled one)",
    )
    check.add_argument("--json", action="store_true", help="print the problems as JSON")
    check.set_defaults(func=run_validate)


def problem_json(problem: Problem) -> dict[str, Any]:
    """One problem as `{file, line, field, message}`; line and field are null when unknown."""
    return {
        "file": str(problem.file),
        "line": problem.line,
        "field": problem.field or None,
        "message": problem.message,
    }


def validation_json(path: Path, roadmap: Roadmap | None, problems: list[Problem]) -> dict[str, Any]:
    """What `validate --json` prints: the counts when valid, else null and every problem."""
    counts = None
    if roadmap is not None:
        counts = {
            "phases": len(roadmap.phases),
            "topics": sum(1 for _ in roadmap.topics()),
            "resources": len(roadmap.resources),
        }
    return {
        "path": str(path),
        "valid": not problems,
        "roadmap": roadmap.id if roadmap else None,
        "counts": counts,
        "problems": [problem_json(p) for p in problems],
    }


def run_validate(args: argparse.Namespace) -> int:
    """A one-line summary and exit 0, or every problem (one a line) on stderr and exit 2."""
    path = config.curriculum_path(args.path or args.curriculum)
    roadmap: Roadmap | None = None
    problems: list[Problem] = []
    try:
        roadmap = load_roadmap(path)
    except CurriculumInvalid as invalid:
        problems = invalid.problems
    if args.json:
        print_json(validation_json(path, roadmap, problems))
    elif roadmap is None:
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"mlroad: {len(problems)} problem(s) in {path}", file=sys.stderr)
    else:
        topics = sum(1 for _ in roadmap.topics())
        print(
            f"ok: {len(roadmap.phases)} phases, {topics} topics, {len(roadmap.resources)} resources"
        )
    if not problems:
        return Exit.OK
    # A roadmap that is not there was not checked: mlroad failed, it found nothing.
    return Exit.FOUND if path.is_file() else Exit.FAILED
