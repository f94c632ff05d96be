"""Stable ids for an imported roadmap: slugs of titles, so a re-import keeps them.

An id depends on the title it names (and, only when two titles clash, on the phase and on
document order), never on a part's position: editing the Markdown and importing it again
leaves the ids of unchanged parts as they were, so progress and notes stay attached.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from mlroad_tui.importer.draft import Draft
from mlroad_tui.importer.words import (
    MAX_ID,
    hashed_slug,
    short_unit,
    slug,
    strip_time_unit,
    time_unit,
    title_text,
)


class _Claimed:
    """Ids taken so far in each namespace (phase, group, topic, resource, tip)."""

    def __init__(self) -> None:
        self.taken: dict[str, set[str]] = {}

    def claim(self, namespace: str, base: str, qualifier: str = "") -> str:
        taken = self.taken.setdefault(namespace, set())
        candidates = [base]
        if qualifier:
            candidates.append(_join(qualifier, base))
        for candidate in candidates:
            if candidate not in taken:
                taken.add(candidate)
                return candidate
        number = 2
        while _join(candidates[-1], str(number)) in taken:
            number += 1
        chosen = _join(candidates[-1], str(number))
        taken.add(chosen)
        return chosen


def _join(*parts: str) -> str:
    """Parts joined by '-', cut to MAX_ID characters at a '-' so the id stays well formed."""
    text = "-".join(part for part in parts if part)
    if len(text) <= MAX_ID:
        return text
    return text[:MAX_ID].rsplit("-", 1)[0] or text[:MAX_ID]


def _named(prefix: str, title: str) -> str:
    return slug(title) or hashed_slug(prefix, title)


def assign(draft: Draft, stem: str) -> None:
    """Give every part of the draft its id, in document order."""
    ids = _Claimed()
    draft.id = slug(stem) or _named("roadmap", draft.title)
    for phase in draft.phases:
        key = short_unit(*phase.unit) if phase.unit else ""
        base = _join(key, _without_unit(phase.title)) if key else _named("phase", phase.title)
        phase.id = ids.claim("phase", base)
        prefix = key or phase.id
        for group in phase.groups:
            title = _named("group", group.title)
            group.id = ids.claim("group", _join(prefix, title))
            for topic in group.topics:
                topic.id = ids.claim("topic", _named("topic", topic.title), prefix)
    for resource in draft.resources.values():
        base = (
            slug(resource.title)
            or _url_slug(resource.url)
            or hashed_slug("resource", resource.title)
        )
        resource.id = ids.claim("resource", base)
    for tip in draft.tips:
        tip.id = ids.claim("tip", _named("tip", tip.title))


def _without_unit(title: str) -> str:
    """The phase's words after its unit: "Week 3: Trees" → "trees", "Week 3" → ""."""
    rest = strip_time_unit(title)
    return "" if rest == title_text(title) and time_unit(title) else slug(rest)


def _url_slug(url: str | None) -> str:
    if not url:
        return ""
    parts = urlsplit(url)
    return slug(f"{parts.hostname or ''} {parts.path}")
