"""Where the learner stands: topic and resource states (the values the store maps its rows
to) and the progress arithmetic over a roadmap (pure functions)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mlroad_tui.curriculum import Phase, Roadmap, Topic


class TopicState(StrEnum):
    TODO = "todo"
    DOING = "doing"
    DONE = "done"
    SKIPPED = "skipped"

    def advanced(self) -> TopicState:
        """The next state on Enter/space: todo → doing → done → todo (skipped → todo)."""
        cycle = {TopicState.TODO: TopicState.DOING, TopicState.DOING: TopicState.DONE}
        return cycle.get(self, TopicState.TODO)

    def skip_toggled(self) -> TopicState:
        """`x`: skip a topic, or bring a skipped one back to todo."""
        return TopicState.TODO if self is TopicState.SKIPPED else TopicState.SKIPPED

    @property
    def finished(self) -> bool:
        """Done and skipped topics no longer need study time."""
        return self in (TopicState.DONE, TopicState.SKIPPED)


@dataclass(frozen=True)
class TopicProgress:
    state: TopicState
    changed_at: str | None = None


@dataclass(frozen=True)
class ResourceState:
    visited_at: str | None = None
    bookmarked: bool = False


UNSTARTED = TopicProgress(TopicState.TODO)
UNSEEN = ResourceState()

States = Mapping[str, TopicProgress]


@dataclass(frozen=True)
class Tally:
    """How far a set of topics has come, by count and by estimated hours."""

    done: int
    total: int
    hours_done: float
    hours_total: float

    @property
    def fraction(self) -> float:
        """Share of the estimated hours finished (skipped topics count as finished)."""
        if self.hours_total:
            return self.hours_done / self.hours_total
        return self.done / self.total if self.total else 0.0

    @property
    def percent(self) -> int:
        return round(self.fraction * 100)


def state_of(states: States, topic: Topic) -> TopicState:
    return states.get(topic.id, UNSTARTED).state


def tally(topics: Iterable[Topic], states: States) -> Tally:
    done = total = 0
    hours_done = hours_total = 0.0
    for topic in topics:
        total += 1
        hours_total += topic.hours
        if state_of(states, topic).finished:
            done += 1
            hours_done += topic.hours
    return Tally(done, total, hours_done, hours_total)


def current_phase(roadmap: Roadmap, states: States) -> Phase:
    """The first phase with unfinished work (the last one once everything is finished)."""
    for phase in roadmap.phases:
        if any(not state_of(states, topic).finished for topic in phase.topics):
            return phase
    return roadmap.phases[-1]
