"""Progress arithmetic over a roadmap and the learner's topic states (pure functions)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from mlroad_tui.curriculum import Phase, Roadmap, Topic
from mlroad_tui.store.progress import UNSTARTED, TopicProgress, TopicState

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
