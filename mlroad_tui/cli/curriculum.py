"""`mlroad curriculum validate|import`: check a roadmap file, or make one from Markdown."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from mlroad_tui import config
from mlroad_tui.cli.common import print_json
from mlroad_tui.cli.errors import CliError, Exit
from mlroad_tui.curriculum import CurriculumInvalid, Problem, Roadmap


def register(subparsers: argparse._SubParsersAction) -> None:
    curriculum = subparsers.add_parser(
        "curriculum", help="check a roadmap file, or import one from Markdown"
    )
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
        help="the roadmap to check, TOML or Markdown "
        "(default: --curriculum, MLROAD_CURRICULUM or the bundled one)",
    )
    check.add_argument("--json", action="store_true", help="print the problems as JSON")
    check.set_defaults(func=run_validate)
    convert = actions.add_parser(
        "import",
        help="turn a Markdown roadmap into roadmap TOML",
        description="Read a Markdown roadmap (months, weeks or sections; lists, tables and "
        "links) and write it as mlroad roadmap TOML, with the source line of every part. "
        "A summary of what was imported, and of what could not be placed, goes to stderr. "
        "Exit status: 0 when written, 1 when the source cannot be read or the output written.",
    )
    convert.add_argument("source", metavar="SOURCE.md", help="the Markdown roadmap to import")
    convert.add_argument(
        "--output", "-o", metavar="FILE.toml", help="write the TOML here (default: stdout)"
    )
    convert.add_argument(
        "--force", action="store_true", help="replace FILE.toml if it exists already"
    )
    convert.set_defaults(func=run_import)


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
    from mlroad_tui.importer import load_source

    path = config.curriculum_path(args.path or args.curriculum)
    roadmap: Roadmap | None = None
    problems: list[Problem] = []
    try:
        roadmap = load_source(path)
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


def run_import(args: argparse.Namespace) -> int:
    """Import, check the TOML validates, write it (or print it), then say what was done."""
    from mlroad_tui.curriculum import load_roadmap_text
    from mlroad_tui.importer import import_file

    source = Path(args.source)
    output = Path(args.output) if args.output else None
    if output is not None and output.exists() and not args.force:
        raise CliError(f"{output} exists; add --force to replace it (edits in it are lost)")
    try:
        imported = import_file(source)
        load_roadmap_text(imported.toml, output or source)
    except CurriculumInvalid as invalid:
        for problem in invalid.problems:
            print(problem, file=sys.stderr)
        return Exit.FAILED
    if output is None:
        sys.stdout.write(imported.toml)
    else:
        try:
            output.write_text(imported.toml, encoding="utf-8")
        except OSError as error:
            raise CliError(f"cannot write {output}: {error.strerror or error}") from None
    for line in imported.summary:
        print(line, file=sys.stderr)
    if output is not None:
        print(f"wrote {output}; study it with: mlroad --curriculum {output}", file=sys.stderr)
    return Exit.OK
