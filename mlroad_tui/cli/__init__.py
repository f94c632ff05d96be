"""The `mlroad` command: with no subcommand it opens the dashboard (the TUI).

Each subcommand lives in a module of this package that exposes `register(subparsers)`.
Handlers import what they need lazily, so `mlroad` itself starts fast.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from mlroad_tui import __version__
from mlroad_tui.cli.errors import EXIT_CODES_HELP, CliError, Exit, Parser

SUBCOMMAND_MODULES = (
    "progress",
    "curriculum",
    "links",
    "plan",
    "studylog",
    "review",
    "report",
    "feeds",
    "panes",
    "search",
    "config",
    "completion",
    "roadmaps",
    "backup",
)
# Which module registers each command: running one command builds (and imports) only its
# module's parser, not all fourteen (~30-60 ms of imports and argparse). A test keeps it whole.
COMMAND_MODULES = {
    "status": "progress",
    "topic": "progress",
    "curriculum": "curriculum",
    "links": "links",
    "plan": "plan",
    "today": "plan",
    "log": "studylog",
    "timer": "studylog",
    "review": "review",
    "report": "report",
    "project": "report",
    "feeds": "feeds",
    "news": "feeds",
    "topics": "panes",
    "resources": "panes",
    "stats": "panes",
    "search": "search",
    "config": "config",
    "completion": "completion",
    "roadmaps": "roadmaps",
    "export": "backup",
    "import": "backup",
}
# The test suite sets this, so reaching the last-resort handler fails the test that did.
RERAISE_VARIABLE = "MLROAD_RERAISE_INTERNAL_ERRORS"

DESCRIPTION = """\
A terminal dashboard for your machine-learning study roadmap.

Run `mlroad` with no command to open the dashboard; the commands below are for
scripts (most take --json)."""

EPILOG = f"""\
environment:
  MLROAD_HOME        where the database lives (default: the platform's user data dir)
  MLROAD_CONFIG      the config.toml to read (default: the platform's user config dir)
  MLROAD_CURRICULUM  the roadmap to load (like --curriculum)

{EXIT_CODES_HELP}"""


def _base_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="mlroad",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"mlroad {__version__}")
    parser.add_argument(
        "--curriculum",
        metavar="PATH",
        help="load this roadmap TOML instead of the bundled one (or set MLROAD_CURRICULUM)",
    )
    return parser


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line: only `command`'s part when it names one, else every subcommand
    (for help, completion and usage errors)."""
    parser = _base_parser()
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    module = COMMAND_MODULES.get(command or "")
    for name in (module,) if module else SUBCOMMAND_MODULES:
        importlib.import_module(f"mlroad_tui.cli.{name}").register(subparsers)
    return parser


def _past_launch_options(argv: Sequence[str]) -> list[str]:
    """The arguments after the leading --curriculum options (those of the TUI too)."""
    rest = list(argv)
    while rest and (rest[0] == "--curriculum" or rest[0].startswith("--curriculum=")):
        del rest[: 2 if rest[0] == "--curriculum" else 1]
    return rest


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the process exit code."""
    if "_ARGCOMPLETE" in os.environ:  # a shell asks for completions (`mlroad completion`)
        import argcomplete

        argcomplete.autocomplete(build_parser())  # prints them and exits
    argv = sys.argv[1:] if argv is None else list(argv)
    # Launching the TUI skips importing every subcommand (~30 ms the first screen would wait).
    rest = _past_launch_options(argv)
    launching = not rest
    args = (_base_parser() if launching else build_parser(rest[0])).parse_args(argv)
    try:
        if launching:
            from mlroad_tui.cli.launch import launch

            return launch(args)
        if args.command is None:
            build_parser().print_help()
            return Exit.FAILED
        return args.func(args)
    except CliError as error:
        print(f"mlroad: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `mlroad news | head`: the reader left; nothing is wrong
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no error at exit
        return Exit.OK
    except Exception as error:
        from mlroad_tui.store.errors import StoreError  # here: the CLI starts without the store

        if isinstance(error, StoreError):  # e.g. a change that a read-only file cannot take
            print(f"mlroad: {error}", file=sys.stderr)
            return Exit.FAILED
        if os.environ.get(RERAISE_VARIABLE):
            raise
        return _internal_error(error)


def _internal_error(error: Exception) -> int:
    """The last resort for a bug: one line for the user, the traceback in the log file."""
    import traceback
    from datetime import UTC, datetime

    from mlroad_tui import config
    from mlroad_tui.text import plain_line

    log = config.data_dir() / "mlroad.log"
    summary = plain_line(f"{type(error).__name__}: {error}", 200)
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("a", encoding="utf-8") as stream:
            stream.write(
                f"--- {datetime.now(UTC).isoformat(timespec='seconds')} mlroad "
                f"{__version__}: {summary}\n"
            )
            traceback.print_exception(error, file=stream)
        where = f"details in {log}"
    except OSError as reason:
        where = f"and the details could not be written to {log} ({reason.strerror or reason})"
    print(f"mlroad: internal error: {summary}; {where}", file=sys.stderr)
    return Exit.INTERNAL
