"""An imported roadmap as TOML for people: the bundled file's layout, with source lines.

Written by hand rather than by a TOML library so the layout (comments above each part, one
goal a line, sections in roadmap order) reads like `curriculum/ml-roadmap.toml`. Every string
goes through `_string`, which escapes what TOML requires, so no source text can break out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from mlroad_tui.curriculum import DEFAULT_TOPIC_HOURS, DEFAULT_WEEKLY_HOURS
from mlroad_tui.importer.draft import Draft, DraftPhase, DraftResource, DraftTopic

WIDTH = 100
_NEEDS_ESCAPE = re.compile(r'[\x00-\x1f\x7f"\\]')
_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}


def _string(text: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    return '"' + _NEEDS_ESCAPE.sub(_escape, text) + '"'


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _ESCAPES.get(char) or f"\\u{ord(char):04x}"


def _number(value: float) -> str:
    return f"{value:g}"


def _array(key: str, values: Iterable[str]) -> list[str]:
    items = [_string(v) for v in values]
    one_line = f"{key} = [{', '.join(items)}]"
    if len(one_line) <= WIDTH:
        return [one_line]
    return [f"{key} = [", *(f"    {item}," for item in items), "]"]


def _lines(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:8])
    return shown + (f" and {len(numbers) - 8} more" if len(numbers) > 8 else "")


def _comment(text: str) -> str:
    """A comment line: source text in it has already lost its line breaks (see `clean`)."""
    return f"# {text}" if text else "#"


def _rule(text: str) -> str:
    head = f"# --- {text} "
    return head + "-" * max(3, WIDTH - len(head))


def to_toml(draft: Draft) -> str:
    """The draft as a roadmap TOML document that `mlroad curriculum validate` accepts."""
    name = draft.source_name
    out = [
        _comment(f"Imported from {name} by `mlroad curriculum import`; each part's comment"),
        "# gives the line of the source it came from. Edit freely, but keep the ids: progress,",
        "# notes and link checks are stored against them, and importing the edited Markdown",
        "# again gives unchanged parts the same ids.",
    ]
    if any(topic.hours is None for topic in draft.topics()):
        out.append(
            f"# Topics without `hours`: the source gives none, so each counts as "
            f"{_number(DEFAULT_TOPIC_HOURS)} h."
        )
    out += ["", f"id = {_string(draft.id)}", f"title = {_string(draft.title)}"]
    if draft.weekly_hours is not None:
        low, high = draft.weekly_hours
        out.append(
            f"weekly_hours = [{_number(low)}, {_number(high)}]  "
            f"# stated at line {draft.weekly_hours_line}"
        )
    else:
        low, high = DEFAULT_WEEKLY_HOURS
        out.append(
            f"# weekly_hours: the source does not say; mlroad assumes [{_number(low)}, "
            f"{_number(high)}] hours a week."
        )
    for month, phase in enumerate(draft.phases, start=1):
        out += _phase(draft, phase, month)
    out += _resources(draft)
    if draft.tips:
        out += ["", _rule("Tips")]
        for tip in draft.tips:
            out += ["", f"[[tips]]  # line {tip.line}", f"id = {_string(tip.id)}"]
            out += [f"title = {_string(tip.title)}", f"text = {_string(tip.text)}"]
    if draft.unplaced:
        out += ["", _rule(f"Not placed: {len(draft.unplaced)} part(s) of {name}"), "#"]
        for item in draft.unplaced:
            excerpt = f": {item.text}" if item.text else ""
            out.append(_comment(f"line {item.line}: {item.what}{excerpt}"))
    return "\n".join(out) + "\n"


def _phase(draft: Draft, phase: DraftPhase, month: int) -> list[str]:
    where = f"{phase.origin} at line {phase.line}"
    if phase.merged_lines:
        where += f", with the table row at line {_lines(phase.merged_lines)}"
    out = ["", _rule(f"Month {month}: {phase.title} ({where})"), "", "[[phases]]"]
    out += [f"id = {_string(phase.id)}", f"month = {month}", f"title = {_string(phase.title)}"]
    if phase.goals:
        out += _array("goals", phase.goals)
    if phase.resources:
        out += _array("resources", (draft.resources[key].id for key in phase.resources))
    for group in phase.groups:
        out += ["", f"[[phases.groups]]  # {_where(group.line, group.also)}"]
        out.append(f"id = {_string(group.id)}")
        out.append(f"title = {_string(group.title)}")
        for topic in group.topics:
            out += _topic(draft, topic)
    return out


def _topic(draft: Draft, topic: DraftTopic) -> list[str]:
    note = " (the source lists no topics for this phase)" if topic.stands_for_phase else ""
    out = ["", f"[[phases.groups.topics]]  # {_where(topic.line, topic.also)}{note}"]
    out += [f"id = {_string(topic.id)}", f"title = {_string(topic.title)}"]
    if topic.summary:
        out.append(f"summary = {_string(topic.summary)}")
    if topic.key_points:
        out += _array("key_points", topic.key_points)
    if topic.hours is not None:
        out.append(f"hours = {_number(topic.hours)}")
    if topic.optional:
        out.append("optional = true")
    if topic.resources:
        out += _array("resources", (draft.resources[key].id for key in topic.resources))
    return out


def _resources(draft: Draft) -> list[str]:
    if not draft.resources:
        return []
    general = {id(resource) for resource in draft.general_resources()}
    out = ["", _rule(f"Resources: {len(draft.resources)}, each once")]
    for resource in draft.resources.values():
        out += ["", _resource_header(resource, id(resource) in general)]
        out += [f"id = {_string(resource.id)}", f"title = {_string(resource.title)}"]
        out.append(f"kind = {_string(resource.kind)}")
        if resource.url:
            out.append(f"url = {_string(resource.url)}")
        if resource.authors:
            out.append(f"authors = {_string(resource.authors)}")
    return out


def _where(line: int, also: list[int]) -> str:
    """Where a part is first said, and said again: "line 11; also line 30, 42"."""
    again = sorted(set(also) - {line})
    return f"line {line}; also line {_lines(again)}" if again else f"line {line}"


def _resource_header(resource: DraftResource, general: bool) -> str:
    where = _where(resource.line, resource.also)
    if general:
        where += "; outside any phase, so for the whole roadmap"
    return f"[[resources]]  # {where}"
