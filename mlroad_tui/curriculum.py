"""The roadmap model: TOML → frozen dataclasses, validated strictly.

Every phase, group, topic and resource carries a stable string id from the curriculum file;
everything the learner records (progress, notes, link results) is keyed by those ids.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

RESOURCE_KINDS = (
    "course", "docs", "book", "video", "community", "roadmap", "repository", "article",
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
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class CurriculumInvalid(Exception):
    """Raised by `load_roadmap` with every problem found, not just the first."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems
