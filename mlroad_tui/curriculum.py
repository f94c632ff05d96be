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
from typing import Any

from mlroad_tui.limits import TOPIC_HOURS, WEEKLY_HOURS, OutOfRange
from mlroad_tui.tomlfile import (
    Location,
    Problem,
    Table,
    TomlReader,
    format_field,
    is_number,
    parse_toml,
    read_toml,
)
from mlroad_tui.urls import url_problem

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
# What a roadmap that does not say (e.g. one imported from Markdown) is taken to mean.
DEFAULT_TOPIC_HOURS = 4.0
DEFAULT_WEEKLY_HOURS = (5.0, 10.0)


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

    @cached_property
    def minutes(self) -> int:
        """The estimate in whole minutes, as the planner counts it: kept, since every load
        of the plan asks it of every topic (2,160 at 20×)."""
        return round(self.hours * 60)


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

    @cached_property
    def topics(self) -> tuple[Topic, ...]:
        """Kept, as the phase is frozen: the planner walks them on every load of the plan."""
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
    # What this very roadmap was read from (the file and the code, as the roadmap cache keys
    # it), so what depends on its text can skip re-reading it; "" when unknown, and for a
    # roadmap made with `replace` (not an __init__ argument, so it is never carried over).
    fingerprint: str = field(default="", init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index = {topic.id: topic for phase in self.phases for topic in phase.topics}
        object.__setattr__(self, "_topics", index)

    def read_from(self, fingerprint: str) -> Roadmap:
        """This roadmap, marked with what it was read from (by the roadmap cache, once)."""
        object.__setattr__(self, "fingerprint", fingerprint)
        return self

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


class CurriculumInvalid(Exception):
    """Raised by `load_roadmap` with every problem found, not just the first."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


# --- Loading and validation -------------------------------------------------------------------


ID_PATTERN = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*\Z")

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


def load_roadmap_text(text: str, file: Path) -> Roadmap:
    """Validate roadmap TOML held in memory (an imported Markdown roadmap); `file` names it."""
    roadmap, problems = _parse(Path(file), text)
    if problems or roadmap is None:
        raise CurriculumInvalid(problems)
    return roadmap


def validate(path: Path) -> list[Problem]:
    """Every problem in a roadmap file, in file order; empty when it loads cleanly."""
    return _load(Path(path))[1]


def _load(path: Path) -> tuple[Roadmap | None, list[Problem]]:
    text, document, problems = read_toml(path)
    if document is None:
        return None, problems
    return _check(path, text, document)


def _parse(path: Path, text: str) -> tuple[Roadmap | None, list[Problem]]:
    document, problems = parse_toml(path, text)
    if document is None:
        return None, problems
    return _check(path, text, document)


def _check(path: Path, text: str, document: dict[str, Any]) -> tuple[Roadmap | None, list[Problem]]:
    reader = _Reader(path, text)
    roadmap = reader.roadmap(document)
    problems = sorted(reader.problems, key=lambda p: p.line or 0)
    return (None if problems else roadmap), problems


class _Reader(TomlReader):
    """One pass over the parsed TOML: builds the model and records every problem on the way."""

    def __init__(self, file: Path, text: str) -> None:
        super().__init__(file, text)
        self.ids: dict[str, dict[str, Location]] = {}
        self.resource_ids: set[str] = set()

    def claim(self, namespace: str, table: Table) -> str:
        """Read the table's `id` and check it is well formed and unique among its namespace."""
        ident = table.text("id", clean=False)
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

    def references(self, table: Table) -> tuple[str, ...]:
        """The table's `resources` list, each id checked against the declared resources."""
        ids = table.texts("resources", required=False, clean=False)
        for position, rid in enumerate(ids):
            where = (*table.path, "resources", position)
            if rid not in self.resource_ids:
                self.problem(where, f"unknown resource id {rid!r}")
            elif rid in ids[:position]:
                self.problem(where, f"resource {rid!r} listed twice")
        return ids

    def roadmap(self, data: dict[str, Any]) -> Roadmap:
        root = Table(self, data, (), ROOT_KEYS)
        resources = [self.resource(t) for t in root.tables("resources", required=False)]
        self.resource_ids = {r.id for r in resources if r.id}
        phases = tuple(
            self.phase(t, index) for index, t in enumerate(root.tables("phases", non_empty=True))
        )
        tips = tuple(self.tip(t) for t in root.tables("tips", required=False))
        return Roadmap(
            id=self.claim("roadmap", root),
            title=root.line("title"),
            weekly_hours=self.weekly_hours(root),
            phases=phases,
            resources={r.id: r for r in resources},
            tips=tips,
            source=self.file,
        )

    def weekly_hours(self, root: Table) -> tuple[float, float]:
        if "weekly_hours" not in root.data:
            return DEFAULT_WEEKLY_HOURS
        hours = root.get("weekly_hours", list, "an array of two numbers")
        if hours is None:
            return (0.0, 0.0)
        where = (*root.path, "weekly_hours")
        if len(hours) != 2 or not all(is_number(h) for h in hours):
            self.problem(where, "expected two numbers, e.g. [15, 20]")
            return (0.0, 0.0)
        try:
            for value in hours:
                WEEKLY_HOURS.check(value)
        except OutOfRange as error:
            self.problem(where, str(error))
            return (0.0, 0.0)
        low, high = float(hours[0]), float(hours[1])
        if low > high:
            self.problem(where, f"the minimum {hours[0]} is above the maximum {hours[1]}")
        return (low, high)

    def phase(self, table: Table, index: int) -> Phase:
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
            title=table.line("title"),
            goals=table.texts("goals", required=False),
            groups=groups,
            resource_ids=self.references(table),
        )

    def group(self, table: Table, phase_id: str) -> Group:
        table.check_keys(GROUP_KEYS)
        group_id = self.claim("group", table)
        topics = tuple(
            self.topic(t, phase_id, group_id) for t in table.tables("topics", non_empty=True)
        )
        return Group(id=group_id, title=table.line("title"), topics=topics)

    def topic(self, table: Table, phase_id: str, group_id: str) -> Topic:
        table.check_keys(TOPIC_KEYS)
        return Topic(
            id=self.claim("topic", table),
            title=table.line("title"),
            summary=table.text("summary", required=False),
            hours=table.ranged("hours", TOPIC_HOURS, default=DEFAULT_TOPIC_HOURS),
            phase_id=phase_id,
            group_id=group_id,
            resource_ids=self.references(table),
            key_points=table.texts("key_points", required=False),
            optional=bool(table.get("optional", bool, "true or false", required=False)),
        )

    def resource(self, table: Table) -> Resource:
        table.check_keys(RESOURCE_KEYS)
        kind = table.text("kind", clean=False)
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
            title=table.line("title"),
            kind=kind,
            url=url,
            authors=table.line("authors", required=False),
            note=table.text("note", required=False),
        )

    def tip(self, table: Table) -> Tip:
        table.check_keys(TIP_KEYS)
        return Tip(id=self.claim("tip", table), title=table.line("title"), text=table.text("text"))
