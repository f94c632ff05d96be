"""A Markdown progress report for a portfolio: phases, topics, hours, streaks, notes, projects."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from mlroad_tui.curriculum import Roadmap, Topic
from mlroad_tui.plan.dates import format_days, format_minutes
from mlroad_tui.plan.pace import Pace
from mlroad_tui.plan.stats import Stats
from mlroad_tui.progress import States, TopicState, state_of, tally


def _counts(topics: Iterable[Topic], states: States) -> str:
    """Counts like "3/10 done, 2 skipped": skipping a topic is not finishing it."""
    topics = tuple(topics)
    done = sum(state_of(states, t) is TopicState.DONE for t in topics)
    skipped = sum(state_of(states, t) is TopicState.SKIPPED for t in topics)
    return f"{done}/{len(topics)} done" + (f", {skipped} skipped" if skipped else "")


@dataclass(frozen=True)
class ReportInputs:
    """Everything the report shows, read from the store by the caller."""

    roadmap: Roadmap
    states: States
    logged: Mapping[str, float]
    notes: Mapping[str, str]
    links: Mapping[str, Sequence[str]]
    stats: Stats
    pace: Pace


def markdown_report(inputs: ReportInputs, today: date) -> str:
    roadmap = inputs.roadmap
    overall = tally(roadmap.topics(), inputs.states)
    streaks = inputs.stats.streaks
    lines = [
        f"# {roadmap.title}: progress report",
        "",
        f"_As of {today.isoformat()}._",
        "",
        f"- **Topics:** {_counts(roadmap.topics(), inputs.states)}; "
        f"{overall.hours_done:g} of {overall.hours_total:g} estimated hours behind you "
        f"({overall.percent}%)",
        f"- **Time studied:** {format_minutes(inputs.stats.total_hours * 60)}",
        f"- **Streaks:** current {format_days(streaks.current)}, "
        f"longest {format_days(streaks.longest)}",
        f"- **Pace:** {inputs.pace.message}"
        + (f" (plan ends {inputs.pace.end.isoformat()})" if inputs.pace.end else ""),
    ]
    for phase in roadmap.phases:
        counts = _counts(phase.topics, inputs.states)
        lines += ["", f"## Month {phase.month}: {phase.title} ({counts})", ""]
        for topic in phase.topics:
            lines += _topic_lines(inputs, topic)
    lines += _orphan_links(inputs)
    return "\n".join(lines) + "\n"


def _topic_lines(inputs: ReportInputs, topic: Topic) -> list[str]:
    state = state_of(inputs.states, topic)
    logged = inputs.logged.get(topic.id, 0.0)
    studied = f", {format_minutes(logged)} studied" if logged else ""
    if state is TopicState.SKIPPED:
        line = f"- [ ] ~~{topic.title}~~ (skipped)"
    else:
        mark = "[x]" if state is TopicState.DONE else "[ ]"
        doing = " (in progress)" if state is TopicState.DOING else ""
        line = f"- {mark} {topic.title}{doing}"
    lines = [line + studied]
    lines += [f"  - Project: <{url}>" for url in inputs.links.get(topic.id, ())]
    note = inputs.notes.get(topic.id, "").strip()
    if note:
        lines.append("")
        lines += [f"  > {line}".rstrip() for line in note.splitlines()]
        lines.append("")
    return lines


def _orphan_links(inputs: ReportInputs) -> list[str]:
    """Projects attached to topics the curriculum no longer has are still listed."""
    orphans = [
        (topic_id, url)
        for topic_id, urls in sorted(inputs.links.items())
        if inputs.roadmap.topic(topic_id) is None
        for url in urls
    ]
    if not orphans:
        return []
    return ["", "## Other projects", "", *(f"- <{url}> ({topic_id})" for topic_id, url in orphans)]
