"""The roadmap model: TOML → frozen dataclasses, validated strictly.

Every phase, group, topic and resource carries a stable string id from the curriculum file;
everything the learner records (progress, notes, link results) is keyed by those ids.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import UnionType
from typing import TYPE_CHECKING, Any

from mlroad_tui.urls import url_problem

if TYPE_CHECKING:
    import tomllib

RESOURCE_KINDS = (
    "course",
    "docs",
    "book",
    "video",
    "community",
    "roadmap",
    "repository",
    "article",
)


@dataclass(frozen=True)
class Resource:
    """Something to study from: a course, a book, docs. Books may have no URL."""

    id: str
    title: str
    kind: str
    url: str | None = None
    authors: str = ""
    note: str = ""


@dataclass(frozen=True)
class Topic:
    """One thing to learn, with its share of the month's hours."""

    id: str
    title: str
    summary: str
    hours: float
    phase_id: str
    group_id: str
    resource_ids: tuple[str, ...] = ()
    key_points: tuple[str, ...] = ()
    optional: bool = False


@dataclass(frozen=True)
class Group:
    """Topics the roadmap lists together, e.g. "Mathematics for ML"."""

    id: str
    title: str
    topics: tuple[Topic, ...]


@dataclass(frozen=True)
class Phase:
    """One month of the roadmap."""

    id: str
    month: int
    title: str
    goals: tuple[str, ...]
    groups: tuple[Group, ...]
    resource_ids: tuple[str, ...] = ()

    @property
    def topics(self) -> tuple[Topic, ...]:
        return tuple(topic for group in self.groups for topic in group.topics)

    @property
    def hours(self) -> float:
        return sum(topic.hours for topic in self.topics)


@dataclass(frozen=True)
class Tip:
    """Advice the roadmap gives for the whole journey."""

    id: str
    title: str
    text: str


@dataclass(frozen=True)
class Roadmap:
    """A whole curriculum, as loaded from one TOML file."""

    id: str
    title: str
    weekly_hours: tuple[float, float]
    phases: tuple[Phase, ...]
    resources: Mapping[str, Resource]
    tips: tuple[Tip, ...] = ()
    source: Path | None = None
    _topics: Mapping[str, Topic] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        index = {topic.id: topic for phase in self.phases for topic in phase.topics}
        object.__setattr__(self, "_topics", index)

    def topics(self) -> Iterator[Topic]:
        """Every topic, in roadmap order."""
        return iter(self._topics.values())

    def topic(self, topic_id: str) -> Topic | None:
        return self._topics.get(topic_id)

    def phase(self, phase_id: str) -> Phase | None:
        return next((p for p in self.phases if p.id == phase_id), None)

    def topic_resources(self, topic: Topic) -> tuple[Resource, ...]:
        return tuple(self.resources[rid] for rid in topic.resource_ids)

    def phase_resources(self, phase: Phase) -> tuple[Resource, ...]:
        """The phase's own resources, then those its topics add, each once."""
        ids = dict.fromkeys(phase.resource_ids)
        for topic in phase.topics:
            ids.update(dict.fromkeys(topic.resource_ids))
        return tuple(self.resources[rid] for rid in ids)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a curriculum file, located as precisely as we can."""

    file: Path
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else str(self.file)
        if self.field:
            return f"{where}: {self.field}: {self.message}"
        return f"{where}: {self.message}"


class CurriculumInvalid(Exception):
    """Raised by `load_roadmap` with every problem found, not just the first."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


# --- Loading and validation -------------------------------------------------------------------

Location = tuple[str | int, ...]  # a location in the TOML document, e.g. ("phases", 2, "hours")

ID_PATTERN = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*\Z")
_SYNTAX_POSITION = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)\Z")
_HEADER_LINE = re.compile(r"\s*(\[\[?)\s*([^\[\]#]+?)\s*\]\]?\s*(?:#.*)?\Z")
_KEY_LINE = re.compile(r"""\s*([A-Za-z0-9_.-]+|"[^"]*"|'[^']*')\s*=""")

ROOT_KEYS = ("id", "title", "weekly_hours", "phases", "resources", "tips")
PHASE_KEYS = ("id", "month", "title", "goals", "resources", "groups")
GROUP_KEYS = ("id", "title", "topics")
TOPIC_KEYS = ("id", "title", "summary", "hours", "key_points", "optional", "resources")
RESOURCE_KEYS = ("id", "title", "kind", "url", "authors", "note")
TIP_KEYS = ("id", "title", "text")


def load_roadmap(path: Path) -> Roadmap:
    """Read and validate a roadmap file; raise `CurriculumInvalid` listing every problem."""
    roadmap, problems = _load(Path(path))
    if problems or roadmap is None:
        raise CurriculumInvalid(problems)
    return roadmap


def validate(path: Path) -> list[Problem]:
    """Every problem in a roadmap file, in file order; empty when it loads cleanly."""
    return _load(Path(path))[1]


def format_field(path: Location) -> str:
    """Render a document location as `phases[2].groups[0].hours`."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _load(path: Path) -> tuple[Roadmap | None, list[Problem]]:
    import tomllib  # here: a launch that finds its roadmap in the cache never needs it

    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        return None, [Problem(path, None, "", "no such file")]
    except IsADirectoryError:
        return None, [Problem(path, None, "", "is a directory, expected a TOML file")]
    except UnicodeDecodeError as error:
        return None, [Problem(path, None, "", f"not UTF-8 text: {error.reason}")]
    except OSError as error:
        return None, [Problem(path, None, "", f"cannot read: {error.strerror or error}")]
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return None, [_syntax_problem(path, text, error)]
    reader = _Reader(path, text)
    roadmap = reader.roadmap(document)
    problems = sorted(reader.problems, key=lambda p: p.line or 0)
    return (None if problems else roadmap), problems


def _syntax_problem(path: Path, text: str, error: tomllib.TOMLDecodeError) -> Problem:
    """tomllib puts the position in its message only; move it into the Problem."""
    message = str(error)
    match = _SYNTAX_POSITION.search(message)
    if match is None:
        return Problem(path, None, "", f"invalid TOML: {message}")
    message = message[: match.start()]
    if match.group(1) is None:
        return Problem(path, text.count("\n") + 1, "", f"invalid TOML: {message} at end of file")
    line, column = int(match.group(1)), int(match.group(2))
    return Problem(path, line, "", f"invalid TOML: {message} (column {column})")


class _LineIndex:
    """Line numbers of table headers and `key =` lines, since tomllib reports no positions.

    `[[phases.groups]]` headers are numbered by occurrence under their current parent, so the
    third `[[phases]]` is ("phases", 2) and keys below it are ("phases", 2, key).
    """

    def __init__(self, text: str) -> None:
        self.lines: dict[Location, int] = {}
        counts: dict[Location, int] = {}
        table: Location = ()
        in_string: str | None = None
        for number, line in enumerate(text.splitlines(), start=1):
            if in_string is not None:
                if line.count(in_string) % 2:
                    in_string = None
                continue
            header = _HEADER_LINE.match(line)
            if header:
                table = self._table_path(header.group(2), header.group(1) == "[[", counts)
                self.lines.setdefault(table, number)
                continue
            key = _KEY_LINE.match(line)
            if key:
                parts = tuple(_unquote(p) for p in key.group(1).split("."))
                self.lines.setdefault(table + parts, number)
                in_string = _opened_multiline_string(line[key.end() :])

    @staticmethod
    def _table_path(name: str, is_array: bool, counts: dict[Location, int]) -> Location:
        parts = [_unquote(p) for p in name.split(".")]
        path: Location = ()
        for position, part in enumerate(parts):
            path = (*path, part)
            if is_array and position == len(parts) - 1:
                counts[path] = counts.get(path, -1) + 1
            if path in counts:
                path = (*path, counts[path])
        return path

    def find(self, path: Location) -> int | None:
        """The line of `path`, or of the nearest enclosing key or table that has one."""
        for end in range(len(path), 0, -1):
            line = self.lines.get(path[:end])
            if line is not None:
                return line
        return None


def _unquote(part: str) -> str:
    part = part.strip()
    return part[1:-1] if len(part) >= 2 and part[0] == part[-1] and part[0] in "\"'" else part


def _opened_multiline_string(value: str) -> str | None:
    """The delimiter of a multi-line string left open at the end of this value, if any."""
    for delimiter in ('"""', "'''"):
        if value.lstrip().startswith(delimiter) and value.count(delimiter) % 2:
            return delimiter
    return None


def _type_name(value: object) -> str:
    names = {
        bool: "a boolean",
        int: "an integer",
        float: "a float",
        str: "a string",
        list: "an array",
        dict: "a table",
    }
    return names.get(type(value), "a date/time")


class _Reader:
    """One pass over the parsed TOML: builds the model and records every problem on the way."""

    def __init__(self, file: Path, text: str) -> None:
        self.file = file
        self.text = text
        self.problems: list[Problem] = []
        self.ids: dict[str, dict[str, Location]] = {}
        self.resource_ids: set[str] = set()

    @cached_property
    def lines(self) -> _LineIndex:
        """Built only when there is a problem to locate: a clean load skips the scan."""
        return _LineIndex(self.text)

    def problem(self, path: Location, message: str) -> None:
        self.problems.append(Problem(self.file, self.lines.find(path), format_field(path), message))

    def claim(self, namespace: str, table: _Table) -> str:
        """Read the table's `id` and check it is well formed and unique among its namespace."""
        ident = table.text("id")
        where = (*table.path, "id")
        if not ident:
            return ident
        if not ID_PATTERN.match(ident):
            self.problem(where, f"id {ident!r} must be lowercase words joined by - or _")
        seen = self.ids.setdefault(namespace, {})
        if ident in seen:
            first = seen[ident]
            line = self.lines.find(first)
            at = f"{format_field(first)}, line {line}" if line else format_field(first)
            self.problem(where, f"duplicate {namespace} id {ident!r} (first used at {at})")
        else:
            seen[ident] = where
        return ident

    def references(self, table: _Table) -> tuple[str, ...]:
        """The table's `resources` list, each id checked against the declared resources."""
        ids = table.texts("resources", required=False)
        for position, rid in enumerate(ids):
            where = (*table.path, "resources", position)
            if rid not in self.resource_ids:
                self.problem(where, f"unknown resource id {rid!r}")
            elif rid in ids[:position]:
                self.problem(where, f"resource {rid!r} listed twice")
        return ids

    def roadmap(self, data: dict[str, Any]) -> Roadmap:
        root = _Table(self, data, (), ROOT_KEYS)
        resources = [self.resource(t) for t in root.tables("resources", required=False)]
        self.resource_ids = {r.id for r in resources if r.id}
        phases = tuple(
            self.phase(t, index) for index, t in enumerate(root.tables("phases", non_empty=True))
        )
        tips = tuple(self.tip(t) for t in root.tables("tips", required=False))
        return Roadmap(
            id=self.claim("roadmap", root),
            title=root.text("title"),
            weekly_hours=self.weekly_hours(root),
            phases=phases,
            resources={r.id: r for r in resources},
            tips=tips,
            source=self.file,
        )

    def weekly_hours(self, root: _Table) -> tuple[float, float]:
        hours = root.get("weekly_hours", list, "an array of two numbers")
        if hours is None:
            return (0.0, 0.0)
        where = (*root.path, "weekly_hours")
        if len(hours) != 2 or not all(_is_number(h) and h > 0 for h in hours):
            self.problem(where, "expected two positive numbers, e.g. [15, 20]")
            return (0.0, 0.0)
        low, high = float(hours[0]), float(hours[1])
        if low > high:
            self.problem(where, f"the minimum {hours[0]} is above the maximum {hours[1]}")
        return (low, high)

    def phase(self, table: _Table, index: int) -> Phase:
        table.check_keys(PHASE_KEYS)
        phase_id = self.claim("phase", table)
        month = table.get("month", int, "an integer")
        if month is not None and month != index + 1:
            self.problem(
                (*table.path, "month"),
                f"expected month {index + 1}: phases must be months 1, 2, 3, … in order",
            )
        groups = tuple(self.group(t, phase_id) for t in table.tables("groups", non_empty=True))
        return Phase(
            id=phase_id,
            month=month or index + 1,
            title=table.text("title"),
            goals=table.texts("goals", required=False),
            groups=groups,
            resource_ids=self.references(table),
        )

    def group(self, table: _Table, phase_id: str) -> Group:
        table.check_keys(GROUP_KEYS)
        group_id = self.claim("group", table)
        topics = tuple(
            self.topic(t, phase_id, group_id) for t in table.tables("topics", non_empty=True)
        )
        return Group(id=group_id, title=table.text("title"), topics=topics)

    def topic(self, table: _Table, phase_id: str, group_id: str) -> Topic:
        table.check_keys(TOPIC_KEYS)
        return Topic(
            id=self.claim("topic", table),
            title=table.text("title"),
            summary=table.text("summary", required=False),
            hours=table.positive("hours"),
            phase_id=phase_id,
            group_id=group_id,
            resource_ids=self.references(table),
            key_points=table.texts("key_points", required=False),
            optional=bool(table.get("optional", bool, "true or false", required=False)),
        )

    def resource(self, table: _Table) -> Resource:
        table.check_keys(RESOURCE_KEYS)
        kind = table.text("kind")
        if kind and kind not in RESOURCE_KINDS:
            self.problem(
                (*table.path, "kind"),
                f"unknown kind {kind!r}; expected one of: {', '.join(RESOURCE_KINDS)}",
            )
        url = table.get("url", str, "a string", required=kind != "book")
        problem = None if url is None else url_problem(url)
        if problem is not None:
            self.problem((*table.path, "url"), f"{url!r} cannot be fetched: {problem}")
        return Resource(
            id=self.claim("resource", table),
            title=table.text("title"),
            kind=kind,
            url=url,
            authors=table.text("authors", required=False),
            note=table.text("note", required=False),
        )

    def tip(self, table: _Table) -> Tip:
        table.check_keys(TIP_KEYS)
        return Tip(id=self.claim("tip", table), title=table.text("title"), text=table.text("text"))


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


class _Table:
    """Typed access to one TOML table; every miss or wrong type becomes a Problem."""

    def __init__(
        self, reader: _Reader, data: dict[str, Any], path: Location, keys: tuple[str, ...] = ()
    ) -> None:
        self.reader = reader
        self.data = data
        self.path = path
        if keys:
            self.check_keys(keys)

    def check_keys(self, keys: tuple[str, ...]) -> None:
        for key in self.data:
            if key not in keys:
                self.reader.problem(
                    (*self.path, key), f"unknown key {key!r}; expected one of: {', '.join(keys)}"
                )

    def get(self, key: str, kind: type | UnionType, expected: str, required: bool = True) -> Any:
        """The value of `key` if present and of type `kind`; else None, with a Problem."""
        if key not in self.data:
            if required:
                self.reader.problem((*self.path, key), "missing required field")
            return None
        value = self.data[key]
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
            self.reader.problem((*self.path, key), f"expected {expected}, got {_type_name(value)}")
            return None
        return value

    def text(self, key: str, required: bool = True) -> str:
        value = self.get(key, str, "a string", required)
        if required and value is not None and not value.strip():
            self.reader.problem((*self.path, key), "must not be empty")
        return value or ""

    def positive(self, key: str) -> float:
        value = self.get(key, int | float, "a number")
        if value is not None and value <= 0:
            self.reader.problem((*self.path, key), f"must be a positive number, got {value}")
        return float(value or 0)

    def texts(self, key: str, required: bool = True) -> tuple[str, ...]:
        items = self.get(key, list, "an array of strings", required) or []
        for position, item in enumerate(items):
            if not isinstance(item, str):
                self.reader.problem(
                    (*self.path, key, position), f"expected a string, got {_type_name(item)}"
                )
        return tuple(item for item in items if isinstance(item, str))

    def tables(self, key: str, required: bool = True, non_empty: bool = False) -> list[_Table]:
        """The array of tables under `key` (written as `[[key]]`), each wrapped for reading."""
        items = self.get(key, list, "an array of tables", required or non_empty)
        if items is None:
            return []
        if non_empty and not items:
            self.reader.problem((*self.path, key), "must not be empty")
        tables = []
        for position, item in enumerate(items):
            where = (*self.path, key, position)
            if isinstance(item, dict):
                tables.append(_Table(self.reader, item, where))
            else:
                self.reader.problem(where, f"expected a table, got {_type_name(item)}")
        return tables
