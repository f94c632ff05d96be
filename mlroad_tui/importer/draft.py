"""The roadmap being imported: mutable drafts the builder fills, then ids, then TOML.

Kept apart from `curriculum`'s frozen model on purpose: a draft remembers where each part came
from (source lines) and what could not be placed, which the TOML writer turns into comments
and the summary into words. The real model is only ever built by validating the TOML.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(eq=False)
class DraftResource:
    title: str
    kind: str
    url: str | None
    line: int
    authors: str = ""
    id: str = ""
    also: list[int] = field(default_factory=list)  # further lines that mention it


@dataclass(eq=False)
class DraftTopic:
    title: str
    line: int
    summary: str = ""
    key_points: list[str] = field(default_factory=list)
    hours: float | None = None
    optional: bool = False
    resources: dict[str, None] = field(default_factory=dict)  # resource keys, in order
    id: str = ""
    also: list[int] = field(default_factory=list)  # lines that say it again (merged)
    stands_for_phase: bool = False  # made up because the phase listed no topic


@dataclass(eq=False)
class DraftGroup:
    title: str
    line: int
    topics: list[DraftTopic] = field(default_factory=list)
    optional: bool = False
    from_heading: bool = False
    id: str = ""
    also: list[int] = field(default_factory=list)


@dataclass(eq=False)
class DraftPhase:
    title: str
    line: int
    origin: str  # "heading", "table row" or "section"
    unit: tuple[str, int] | None = None
    goals: list[str] = field(default_factory=list)
    resources: dict[str, None] = field(default_factory=dict)
    groups: list[DraftGroup] = field(default_factory=list)
    merged_lines: list[int] = field(default_factory=list)  # table rows merged into it
    id: str = ""

    @property
    def topics(self) -> list[DraftTopic]:
        return [topic for group in self.groups for topic in group.topics]


@dataclass(eq=False)
class DraftTip:
    title: str
    text: str
    line: int
    id: str = ""


@dataclass(frozen=True)
class Unplaced:
    """Something of the source that is not in the roadmap, with why."""

    line: int
    what: str
    text: str


@dataclass(eq=False)
class Draft:
    source_name: str
    title: str = ""
    id: str = ""
    weekly_hours: tuple[float, float] | None = None
    weekly_hours_line: int = 0
    phases: list[DraftPhase] = field(default_factory=list)
    resources: dict[str, DraftResource] = field(default_factory=dict)  # by URL or book key
    tips: list[DraftTip] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)
    link_mentions: int = 0

    def topics(self) -> list[DraftTopic]:
        return [topic for phase in self.phases for topic in phase.topics]

    def general_resources(self) -> list[DraftResource]:
        """Resources no phase or topic refers to: the roadmap's own, shown for every month."""
        used: set[str] = set()
        for phase in self.phases:
            used.update(phase.resources)
            for topic in phase.topics:
                used.update(topic.resources)
        return [resource for key, resource in self.resources.items() if key not in used]
