"""The `mlroad` command: with no subcommand it launches the TUI.

Each subcommand lives in a module of this package that exposes `register(subparsers)`.
Handlers import what they need lazily, so `mlroad` itself starts fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from mlroad_tui import __version__
from mlroad_tui.cli.common import CliError

SUBCOMMAND_MODULES = (
    "progress",
    "curriculum",
    "links",
    "plan",
    "studylog",
    "review",
    "report",
    "feeds",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mlroad", description="A terminal dashboard for your machine-learning study roadmap."
    )
    parser.add_argument("--version", action="version", version=f"mlroad {__version__}")
    parser.add_argument(
        "--curriculum",
        metavar="PATH",
        help="load this roadmap TOML instead of the bundled one (or set MLROAD_CURRICULUM)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in SUBCOMMAND_MODULES:
        importlib.import_module(f"mlroad_tui.cli.{name}").register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            from mlroad_tui.cli.launch import launch

            return launch(args)
        return args.func(args)
    except CliError as error:
        print(f"mlroad: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        return 130
