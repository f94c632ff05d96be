"""config.toml: the learner's own settings, validated like a roadmap (file, line, field).

Every setting is optional; None means "the built-in default", which the code that uses the
setting owns (CheckOptions, FetchOptions, the app's theme), so a default is written once.
A broken file never stops mlroad: the problems are reported and the defaults used instead.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mlroad_tui import config
from mlroad_tui.limits import (
    CONCURRENCY,
    KEEP_DAYS,
    KEEP_ITEMS,
    MAX_AGE_HOURS,
    PER_HOST,
    TIMEOUT_SECONDS,
)
from mlroad_tui.tomlfile import Problem, Table, TomlReader, read_toml

ROOT_KEYS = ("theme", "browser", "roadmap", "keymap", "links", "feeds")
LINK_KEYS = ("concurrency", "per_host", "timeout", "max_age_hours")
FEED_KEYS = ("timeout", "keep", "keep_days")

TEMPLATE = """\
# mlroad's settings. Every one is optional: delete a line to get the default back.
# `mlroad config show` prints what is in force.

# theme = "nord"                 # any theme of the command palette (ctrl+p, "Change theme")
# browser = "firefox %s"         # the command that opens links (%s is the URL)
# roadmap = "~/my-roadmap.toml"  # the roadmap to load when --curriculum is not given

# [keymap]                       # binding id = keys; `?` and `mlroad config show` list the ids
# topic-advance = "a"

# [links]
# concurrency = 64               # requests in flight at once (1-1000)
# per_host = 4                   # requests in flight per host (1-100)
# timeout = 10                   # seconds per URL (0.5-600)
# max_age_hours = 24             # `c` and `links check` reuse results younger than this

# [feeds]
# timeout = 15                   # seconds per network step (0.5-600)
# keep = 500                     # items kept per feed (1-100000)
# keep_days = 365                # drop unlisted, unstarred items older than this
"""


@dataclass(frozen=True)
class LinkSettings:
    """`[links]`: the link checker's limits, and how old a result may be before a re-check."""

    concurrency: int | None = None
    per_host: int | None = None
    timeout: float | None = None
    max_age_hours: float | None = None

    def max_age(self, default: float) -> float:
        """Hours a link result stays fresh: the learner's (0: never), else `default`."""
        return default if self.max_age_hours is None else self.max_age_hours

    def check_options(self) -> dict[str, Any]:
        """The keyword arguments for CheckOptions that the learner set."""
        chosen = {
            "concurrency": self.concurrency,
            "per_host": self.per_host,
            "timeout": self.timeout,
        }
        return {key: value for key, value in chosen.items() if value is not None}


@dataclass(frozen=True)
class FeedSettings:
    """`[feeds]`: how long a refresh waits, how much history it keeps."""

    timeout: float | None = None
    keep: int | None = None
    keep_days: float | None = None

    def fetch_options(self) -> dict[str, Any]:
        """The keyword arguments for FetchOptions: a whole feed gets four network steps."""
        return (
            {} if self.timeout is None else {"timeout": self.timeout, "deadline": 4 * self.timeout}
        )

    def retention(self) -> dict[str, Any]:
        """The keyword arguments for Retention that the learner set."""
        chosen = {"max_items": self.keep, "max_days": self.keep_days}
        return {key: value for key, value in chosen.items() if value is not None}


@dataclass(frozen=True)
class UserConfig:
    theme: str | None = None
    browser: str | None = None
    roadmap: Path | None = None
    keymap: Mapping[str, str] = field(default_factory=dict)
    links: LinkSettings = LinkSettings()
    feeds: FeedSettings = FeedSettings()


@dataclass(frozen=True)
class LoadedConfig:
    """The settings in force, where they came from, and what was wrong with the file."""

    path: Path
    exists: bool
    settings: UserConfig
    problems: tuple[Problem, ...] = ()
    text: str = field(default="", repr=False)

    def unknown_names(
        self, themes: Collection[str], binding_ids: Collection[str] | None = None
    ) -> tuple[Problem, ...]:
        """Problems for a theme or keymap id this mlroad does not have; only the app knows
        its themes and bindings, so it asks once they exist."""
        reader = TomlReader(self.path, self.text)
        theme = self.settings.theme
        if theme is not None and theme not in themes:
            reader.problem(("theme",), f"no theme {theme!r}; one of: {', '.join(sorted(themes))}")
        for binding_id in self.settings.keymap:
            if binding_ids is not None and binding_id not in binding_ids:
                reader.problem(("keymap", binding_id), "no key binding has this id")
        return tuple(reader.problems)


def load_user_config(path: Path | None = None) -> LoadedConfig:
    """Read config.toml (the default path unless given); defaults when it is absent or broken.

    A file with problems gives no settings at all, not some of them: half a config in force
    would be harder to understand than the defaults and a list of what to fix."""
    path = path or config.config_path()
    if not path.exists():
        return LoadedConfig(path, exists=False, settings=UserConfig())
    text, document, problems = read_toml(path)
    if document is None:
        return LoadedConfig(path, True, UserConfig(), tuple(problems), text)
    reader = TomlReader(path, text)
    settings = _read(reader, Table(reader, document, (), ROOT_KEYS), path.parent)
    problems = sorted(reader.problems, key=lambda p: p.line or 0)
    if problems:
        return LoadedConfig(path, True, UserConfig(), tuple(problems), text)
    return LoadedConfig(path, True, settings, (), text)


def _read(reader: TomlReader, root: Table, folder: Path) -> UserConfig:
    roadmap = root.text("roadmap", required=False) or None
    return UserConfig(
        theme=_name(root, "theme"),
        browser=_name(root, "browser"),
        roadmap=(folder / Path(roadmap).expanduser()) if roadmap else None,
        keymap=_keymap(reader, root),
        links=_links(root.table("links", LINK_KEYS)),
        feeds=_feeds(root.table("feeds", FEED_KEYS)),
    )


def _name(table: Table, key: str) -> str | None:
    """An optional string that must say something when present."""
    value = table.get(key, str, "a string", required=False)
    if value is not None and not value.strip():
        table.reader.problem((*table.path, key), "must not be empty")
    return value.strip() if value else None


def _keymap(reader: TomlReader, root: Table) -> dict[str, str]:
    """`[keymap]`: binding id = keys (comma-separated, as Textual writes them)."""
    table = root.table("keymap", ())
    if table is None:
        return {}
    keymap = {}
    for binding_id in table.data:
        keys = _name(table, binding_id)
        if keys is not None:
            keymap[binding_id] = keys
    return keymap


def _links(table: Table | None) -> LinkSettings:
    if table is None:
        return LinkSettings()
    return LinkSettings(
        concurrency=table.number("concurrency", CONCURRENCY, integer=True),
        per_host=table.number("per_host", PER_HOST, integer=True),
        timeout=table.number("timeout", TIMEOUT_SECONDS),
        max_age_hours=table.number("max_age_hours", MAX_AGE_HOURS),
    )


def _feeds(table: Table | None) -> FeedSettings:
    if table is None:
        return FeedSettings()
    return FeedSettings(
        timeout=table.number("timeout", TIMEOUT_SECONDS),
        keep=table.number("keep", KEEP_ITEMS, integer=True),
        keep_days=table.number("keep_days", KEEP_DAYS),
    )


class NotSaved(Exception):
    """A setting could not be written back to config.toml; the message says why."""


def save_theme(path: Path, theme: str) -> None:
    """Write `theme = ...` into config.toml, keeping the rest (comments included) as it is;
    a missing file starts as the commented template."""
    import tomlkit
    from tomlkit.exceptions import ParseError

    try:
        text = path.read_text(encoding="utf-8") if path.exists() else TEMPLATE
        document = tomlkit.parse(text)
        document["theme"] = theme
        path.parent.mkdir(parents=True, exist_ok=True)
        draft = path.with_name(path.name + ".new")
        draft.write_text(tomlkit.dumps(document), encoding="utf-8")
        draft.replace(path)  # whole or not at all: a crash never leaves half a file
    except ParseError as error:
        raise NotSaved(f"{path} is not valid TOML ({error})") from None
    except (OSError, UnicodeDecodeError) as error:
        raise NotSaved(
            f"cannot write {path}: {getattr(error, 'strerror', None) or error}"
        ) from None
