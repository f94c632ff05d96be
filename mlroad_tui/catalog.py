"""The resource catalogue: every resource with where the roadmap uses it, and text search."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from mlroad_tui.curriculum import Resource, Roadmap, Topic
from mlroad_tui.links.model import LinkResult, Verdict
from mlroad_tui.text import folded

LinkResults = Mapping[str, LinkResult]


@dataclass(frozen=True)
class CatalogEntry:
    """A resource with the months and topics that use it, and a folded search text."""

    resource: Resource
    months: tuple[int, ...]
    topics: tuple[str, ...]
    haystack: str


def catalog(roadmap: Roadmap) -> list[CatalogEntry]:
    """Every resource once, in curriculum order, with its uses (general ones have none)."""
    months: dict[str, dict[int, None]] = {rid: {} for rid in roadmap.resources}
    topics: dict[str, list[str]] = {rid: [] for rid in roadmap.resources}
    for phase in roadmap.phases:
        for rid in phase.resource_ids:
            months[rid][phase.month] = None
        for topic in phase.topics:
            for rid in topic.resource_ids:
                months[rid][phase.month] = None
                topics[rid].append(topic.title)
    entries = []
    for rid, resource in roadmap.resources.items():
        used_in = tuple(months[rid])
        titles = tuple(topics[rid])
        haystack = folded(
            " ".join(
                [resource.title, resource.kind, resource.url or "", resource.authors, *titles]
                + [f"m{m} month {m}" for m in used_in]
            )
        )
        entries.append(CatalogEntry(resource, used_in, titles, haystack))
    return entries


def search(entries: Sequence[CatalogEntry], query: str) -> list[CatalogEntry]:
    """Entries matching every word of the query in any field, blind to case and accents."""
    words = folded(query).split()
    if not words:
        return list(entries)
    return [e for e in entries if all(word in e.haystack for word in words)]


def link_result(resource: Resource, results: LinkResults) -> LinkResult | None:
    return results.get(resource.url) if resource.url else None


def unhealthy(entries: Sequence[CatalogEntry], results: LinkResults) -> list[CatalogEntry]:
    """Entries whose last check found anything but a plain `ok`."""
    return [
        e
        for e in entries
        if (r := link_result(e.resource, results)) is not None and r.verdict is not Verdict.OK
    ]


def dead_links(roadmap: Roadmap, topic: Topic, results: LinkResults) -> list[Resource]:
    """The topic's resources whose links are dead (gone, or not a URL); a link that could
    not be reached is not verified, not dead (offline must not read as broken)."""
    return [
        resource
        for resource in roadmap.topic_resources(topic)
        if (r := link_result(resource, results)) is not None and r.verdict.dead
    ]
