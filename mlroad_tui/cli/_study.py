"""Helpers shared by the study-plan subcommands (plan, today, log, timer, review, report)."""

from __future__ import annotations

import argparse
import difflib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from mlroad_tui.cli.common import CliError, open_store
from mlroad_tui.curriculum import Roadmap, Topic
from mlroad_tui.store import Store


def date_arg(text: str) -> date:
    """argparse type for `--date 2025-03-01`."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def add_date_option(parser: argparse.ArgumentParser, help_text: str) -> None:
    parser.add_argument("--date", type=date_arg, metavar="YYYY-MM-DD", help=help_text)


def topic_or_error(roadmap: Roadmap, topic_id: str) -> Topic:
    """The topic with this id, or a CliError suggesting the closest ids."""
    topic = roadmap.topic(topic_id)
    if topic is None:
        close = difflib.get_close_matches(topic_id, [t.id for t in roadmap.topics()], n=3)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise CliError(f"unknown topic id {topic_id!r}{hint}")
    return topic


@contextmanager
def store_session() -> Iterator[Store]:
    """The learner's store, closed when the command is done; a refused study request
    (bad setting, no timer, unknown review) becomes a CliError."""
    from mlroad_tui.store.study import StudyError

    store = open_store()
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
