"""`mlroad config path|show|init`: where config.toml is and what is in force."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from mlroad_tui import config
from mlroad_tui.cli.common import print_json
from mlroad_tui.cli.errors import CliError, Exit
from mlroad_tui.text import plain_line
from mlroad_tui.user_config import TEMPLATE, LoadedConfig, load_user_config

if TYPE_CHECKING:
    from textual.binding import Binding

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


# What an unset optional setting means; TOML has no null, so `config show` says it in a comment.
UNSET = {
    "browser": "the system's default browser",
    "keep_days": "items of any age stay, up to `keep` per feed",
}


def in_force(
    loaded: LoadedConfig, cli_curriculum: str | None, bindings: Sequence[tuple[str, Binding]]
) -> dict[str, Any]:
    """Every setting with the value mlroad will use: the file's, else the built-in default.
    `bindings` are every (section, binding) of the app; each gets the learner's keys or its own."""
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
        "keymap": {b.id: settings.keymap.get(b.id, b.key) for _, b in bindings if b.id},
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

    from mlroad_tui.ui.keymap import every_binding

    bindings = list(every_binding())
    loaded = load_user_config()
    unknown = loaded.unknown_names(BUILTIN_THEMES, {binding.id for _, binding in bindings})
    for problem in loaded.problems or unknown:
        print(problem, file=sys.stderr)
    if loaded.problems:
        print(f"mlroad: {len(loaded.problems)} problem(s): defaults in force", file=sys.stderr)
    elif unknown:
        print("mlroad: the names above are ignored: their defaults are in force", file=sys.stderr)
    data = in_force(loaded, args.curriculum, bindings)
    if data["theme"] not in BUILTIN_THEMES:
        data["theme"] = DEFAULT_THEME
    if args.json:
        print_json(data)
    else:
        print(as_toml(data, bindings), end="")
    return Exit.FOUND if loaded.problems or unknown else Exit.OK


def as_toml(data: dict[str, Any], bindings: Sequence[tuple[str, Binding]]) -> str:
    """The settings as a config.toml that, written back, puts the same settings in force;
    an unset setting is a comment saying what that means, each key binding says what it does."""
    import tomlkit

    document = tomlkit.document()
    missing = "" if data["exists"] else " (no such file: every setting is the default)"
    document.add(tomlkit.comment(plain_line(f"in force: {data['path']}{missing}")))
    for key in ("theme", "browser", "roadmap"):
        _add(document, key, data[key])
    keymap = tomlkit.table()
    keymap.add(tomlkit.comment("binding id = keys (a comma between keys that do the same)"))
    section = ""
    for title, binding in bindings:
        if title != section:
            keymap.add(tomlkit.comment(section := title))
        keys = data["keymap"][binding.id]
        changed = "" if keys == binding.key else f" (default: {binding.key})"
        _add(keymap, binding.id, keys, f"{binding.description or binding.action}{changed}")
    document.add("keymap", keymap)
    for name in ("links", "feeds"):
        table = tomlkit.table()
        for key, value in data[name].items():
            _add(table, key, value)
        document.add(name, table)
    return tomlkit.dumps(document)


def _add(table: Any, key: str, value: Any, note: str = "") -> None:
    """`key = value  # note`, or for None a commented-out key saying what unset means."""
    import tomlkit

    if value is None:
        table.add(tomlkit.comment(f"{key} =   (not set: {UNSET[key]})"))
        return
    item = tomlkit.item(value)
    if note:
        item.comment(plain_line(note))
    table.add(key, item)


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
