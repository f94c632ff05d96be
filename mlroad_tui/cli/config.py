"""`mlroad config path|show|init`: where config.toml is and what is in force."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from mlroad_tui import config
from mlroad_tui.cli.common import print_json
from mlroad_tui.cli.errors import CliError, Exit
from mlroad_tui.user_config import TEMPLATE, LoadedConfig, load_user_config

DEFAULT_THEME = "textual-dark"  # Textual's own default, which mlroad keeps


def register(subparsers: argparse._SubParsersAction) -> None:
    settings = subparsers.add_parser("config", help="where config.toml is, what is in force")
    actions = settings.add_subparsers(dest="config_command", metavar="ACTION", required=True)
    path = actions.add_parser("path", help="print where config.toml is read from")
    path.set_defaults(func=run_path)
    show = actions.add_parser(
        "show",
        help="print every setting in force, defaults included",
        description="Exit status: 0 when config.toml is valid or absent, 2 when it has "
        "problems (they are printed on stderr and the defaults are in force).",
    )
    show.add_argument("--json", action="store_true", help="print JSON")
    show.set_defaults(func=run_show)
    init = actions.add_parser("init", help="write a commented config.toml if there is none")
    init.set_defaults(func=run_init)


def run_path(args: argparse.Namespace) -> int:
    print(config.config_path())
    return Exit.OK


def in_force(loaded: LoadedConfig, cli_curriculum: str | None) -> dict[str, Any]:
    """Every setting with the value mlroad will use: the file's, else the built-in default."""
    from mlroad_tui.cli.links import DEFAULT_MAX_AGE_HOURS
    from mlroad_tui.feeds.model import FetchOptions, Retention
    from mlroad_tui.links import CheckOptions

    settings = loaded.settings
    links = CheckOptions(**settings.links.check_options())
    fetch = FetchOptions(**settings.feeds.fetch_options())
    retention = Retention(**settings.feeds.retention())
    return {
        "path": str(loaded.path),
        "exists": loaded.exists,
        "valid": not loaded.problems,
        "theme": settings.theme or DEFAULT_THEME,
        "browser": settings.browser,  # null: the system's default browser
        "roadmap": str(config.curriculum_path(cli_curriculum, settings.roadmap)),
        "keymap": dict(settings.keymap),
        "links": {
            "concurrency": links.concurrency,
            "per_host": links.per_host,
            "timeout": links.timeout,
            "max_age_hours": settings.links.max_age(DEFAULT_MAX_AGE_HOURS),
        },
        "feeds": {
            "timeout": fetch.timeout,
            "keep": retention.max_items,
            "keep_days": retention.max_days,
        },
    }


def run_show(args: argparse.Namespace) -> int:
    from textual.theme import BUILTIN_THEMES

    loaded = load_user_config()
    unknown = loaded.unknown_names(BUILTIN_THEMES)
    for problem in loaded.problems or unknown:
        print(problem, file=sys.stderr)
    if loaded.problems:
        print(f"mlroad: {len(loaded.problems)} problem(s): defaults in force", file=sys.stderr)
    elif unknown:
        print("mlroad: the theme named is ignored: the default is in force", file=sys.stderr)
    data = in_force(loaded, args.curriculum)
    if unknown:
        data["theme"] = DEFAULT_THEME
    if args.json:
        print_json(data)
    else:
        _print_settings(data)
    return Exit.FOUND if loaded.problems or unknown else Exit.OK


def _print_settings(data: dict[str, Any]) -> None:
    """The settings as TOML-like lines, each value as Python writes it (null as "default")."""
    note = "" if data["exists"] else "  (no such file: every setting is the default)"
    print(f"# {data['path']}{note}")
    for key in ("theme", "browser", "roadmap"):
        value = data[key]
        print(f"{key} = {value!r}" if value is not None else f"# {key}: the system's default")
    for section in ("keymap", "links", "feeds"):
        print(f"\n[{section}]")
        for key, value in data[section].items():
            print(f"{key!r} = {value!r}" if section == "keymap" else f"{key} = {value!r}")


def run_init(args: argparse.Namespace) -> int:
    path = config.config_path()
    if path.exists():
        raise CliError(f"{path} already exists; it was left as it is")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(TEMPLATE, encoding="utf-8")
    except OSError as error:
        raise CliError(f"cannot write {path}: {error.strerror or error}") from None
    print(f"wrote {path}")
    return Exit.OK
