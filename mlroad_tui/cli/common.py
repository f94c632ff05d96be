"""What every subcommand shares: loading the roadmap and the store, reporting errors."""

from __future__ import annotations

import argparse
import difflib
import json
import sqlite3
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mlroad_tui import config
from mlroad_tui.cli.errors import CliError
from mlroad_tui.store import BUNDLED_ROADMAP_ID, Store, StoreError
from mlroad_tui.user_config import UserConfig, load_user_config

if TYPE_CHECKING:  # loaded by the commands that read the roadmap (`links check URL` does not)
    from mlroad_tui.curriculum import Problem, Roadmap, Topic

_warned: set[tuple[Problem, ...]] = set()  # said once per process, however often read


def user_settings() -> UserConfig:
    """config.toml's settings; when it is broken, the defaults, after saying why on stderr."""
    loaded = load_user_config()
    if loaded.problems and loaded.problems not in _warned:
        _warned.add(loaded.problems)
        print(
            f"mlroad: {loaded.path} has {len(loaded.problems)} problem(s); "
            "using the default settings:",
            file=sys.stderr,
        )
        for problem in loaded.problems:
            print(f"  {problem}", file=sys.stderr)
    return loaded.settings


def roadmap_path(args: argparse.Namespace) -> Path:
    """The roadmap file chosen by `--curriculum`, `MLROAD_CURRICULUM` or config.toml."""
    return config.curriculum_path(getattr(args, "curriculum", None), user_settings().roadmap)


def roadmap_from(args: argparse.Namespace) -> Roadmap:
    """Load the roadmap chosen by `--curriculum`, `MLROAD_CURRICULUM` or config.toml, or fail
    with every problem."""
    from mlroad_tui.curriculum import CurriculumInvalid
    from mlroad_tui.roadmap_cache import load_roadmap_cached

    path = roadmap_path(args)
    try:
        return load_roadmap_cached(path, config.cache_dir())
    except CurriculumInvalid as invalid:
        lines = "\n".join(f"  {problem}" for problem in invalid.problems)
        raise CliError(f"the curriculum has {len(invalid.problems)} problem(s):\n{lines}") from None


def open_store(roadmap: Roadmap | None = None) -> Store:
    """Open the learner's database for `roadmap` (whose learner data the command reads and
    writes; None for commands that touch only shared data: feeds, links), telling them on
    stderr if a corrupt file was set aside."""
    roadmap_id = BUNDLED_ROADMAP_ID if roadmap is None else roadmap.id
    try:
        store, moved = Store.open(config.db_path(), roadmap_id, say_upgrading)
        if roadmap is not None and roadmap.source is not None:
            store.roadmaps.record(roadmap.id, roadmap.title, roadmap.source)
    except StoreError as error:
        raise CliError(str(error)) from None
    except (OSError, sqlite3.OperationalError) as error:
        raise CliError(f"cannot open the database at {config.db_path()}: {error}") from None
    if moved is not None:
        print(
            f"mlroad: the database was damaged; it was moved to {moved} and a new one created",
            file=sys.stderr,
        )
    return store


def say_upgrading(found: int, target: int) -> None:
    """Said before an upgrade, which takes seconds on a large news store, so a launch that
    shows nothing meanwhile is not mistaken for a hang."""
    print(
        f"mlroad: upgrading the database from schema {found} to {target} (once) …",
        file=sys.stderr,
        flush=True,
    )


def print_json(value: Any) -> None:
    # One write: json.dump would make one per token (35,000 for 1,000 link results).
    sys.stdout.write(json.dumps(value, indent=2, ensure_ascii=False) + "\n")


def topic_or_error(roadmap: Roadmap, topic_id: str) -> Topic:
    """The topic with this id, or a CliError suggesting the closest ids."""
    topic = roadmap.topic(topic_id)
    if topic is None:
        close = difflib.get_close_matches(topic_id, [t.id for t in roadmap.topics()], n=3)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise CliError(f"unknown topic id {topic_id!r}{hint}")
    return topic
