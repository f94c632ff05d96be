"""Helpers shared by the study-plan subcommands (plan, today, log, timer, review, report)."""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, time

from mlroad_tui.cli.argtypes import day
from mlroad_tui.cli.common import open_store
from mlroad_tui.cli.errors import CliError
from mlroad_tui.curriculum import Roadmap
from mlroad_tui.limits import DAY
from mlroad_tui.store import Store


def clock_arg(text: str) -> time:
    """argparse type for `--at 19:00`: a time of day, 00:00 to 23:59."""
    if match := re.fullmatch(r"([01]\d|2[0-3]):([0-5]\d)", text):
        return time(int(match[1]), int(match[2]))
    raise argparse.ArgumentTypeError(f"not a time of day (HH:MM, 00:00 to 23:59): {text!r}")


def add_date_option(parser: argparse.ArgumentParser, help_text: str) -> None:
    parser.add_argument(
        "--date", type=day(DAY), metavar="YYYY-MM-DD", help=f"{help_text}; {DAY.describe()}"
    )


@contextmanager
def store_session(roadmap: Roadmap) -> Iterator[Store]:
    """The learner's store for `roadmap`, closed when the command is done; a refused study request
    (bad setting, no timer, unknown review) becomes a CliError."""
    from mlroad_tui.plan.model import StudyError

    store = open_store(roadmap)
    try:
        yield store
    except StudyError as error:
        raise CliError(str(error)) from None
    finally:
        store.close()


def chosen_day(args: argparse.Namespace, store: Store) -> date:
    """`--date` if given, else today in the learner's zone."""
    from mlroad_tui.plan.context import local_today

    return getattr(args, "date", None) or local_today(store)
