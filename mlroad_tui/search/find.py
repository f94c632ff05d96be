"""Searching everything: the roadmap's resources and topics, notes, and news items.

Plain functions over the store's index: the app and `mlroad search` call them alike.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Protocol

from mlroad_tui.search.model import Document, Hit, Kind, Segment, match_expression

if TYPE_CHECKING:
    from mlroad_tui.curriculum import Roadmap


class SearchIndex(Protocol):
    """The full-text index searched here (the store's `SearchIndex` is one): named here, so
    searching never names the store."""

    def find(self, expression: str, kind: Kind, roadmap_id: str, limit: int) -> list[Hit]: ...
    def roadmap_refs(self, expression: str, kind: Kind, roadmap_id: str) -> set[str]: ...
    def roadmap_indexed(self, roadmap_id: str, digest: str) -> bool: ...
    def roadmap_with_digest(self, digest: str) -> str | None: ...
    def topic_titles(self, roadmap_id: str, refs: Collection[str]) -> dict[str, str]: ...
    def index_roadmap(
        self, roadmap_id: str, digest: str, documents: Iterable[Document]
    ) -> None: ...


# Bump when `documents` changes what it indexes, or the store how, so every roadmap is
# indexed again (2: rowids in blocks per roadmap and kind).
DOCUMENTS_VERSION = "2"
PER_KIND = 20


def documents(roadmap: Roadmap) -> Iterator[Document]:
    """What is searchable in a roadmap: resources (title; kind, authors, URL and the topics
    that use them) and topics (title; summary and key points)."""
    used_by: dict[str, list[str]] = {}
    for topic in roadmap.topics():
        for resource_id in topic.resource_ids:
            used_by.setdefault(resource_id, []).append(topic.title)
        yield Document(
            Kind.TOPIC, topic.id, topic.title, "\n".join((topic.summary, *topic.key_points))
        )
    for resource in roadmap.resources.values():
        parts = (resource.kind, resource.authors, resource.url or "", *used_by.get(resource.id, ()))
        yield Document(Kind.RESOURCE, resource.id, resource.title, "\n".join(p for p in parts if p))


def digest(roadmap: Roadmap) -> str:
    """Changes whenever anything indexed changes (and with `DOCUMENTS_VERSION`): from the
    roadmap's fingerprint (its file and the code that read it) when it has one, else from
    every document (at 20x the bundled roadmap: ~15-30 ms, on every `mlroad search`)."""
    if roadmap.fingerprint:
        return fingerprint_digest(roadmap.fingerprint)
    hasher = hashlib.sha256(DOCUMENTS_VERSION.encode())
    for doc in documents(roadmap):
        hasher.update("\x1f".join((doc.kind, doc.ref, doc.title, doc.body, "\x1e")).encode())
    return hasher.hexdigest()


def fingerprint_digest(fingerprint: str) -> str:
    """The digest of a roadmap read from a file with this fingerprint (`digest`)."""
    return hashlib.sha256(f"{DOCUMENTS_VERSION}\x1dfile\x1d{fingerprint}".encode()).hexdigest()


def index_roadmap(index: SearchIndex, roadmap: Roadmap) -> bool:
    """Index the roadmap's resources and topics unless this very text is indexed already;
    True when it was (re)indexed."""
    key = digest(roadmap)
    if index.roadmap_indexed(roadmap.id, key):
        return False
    index.index_roadmap(roadmap.id, key, documents(roadmap))
    return True


def indexed_roadmap(index: SearchIndex, fingerprint: str) -> str | None:
    """The id of the roadmap indexed from the file with this fingerprint (`Roadmap.fingerprint`),
    so a search needs not read it (at 20x the bundled one: ~20 ms of each `mlroad search`);
    None when none is (a new or edited file)."""
    return index.roadmap_with_digest(fingerprint_digest(fingerprint))


def search(
    index: SearchIndex,
    roadmap_id: str,
    typed: str,
    kinds: Iterable[Kind] = tuple(Kind),
    per_kind: int = PER_KIND,
) -> dict[Kind, list[Hit]]:
    """The best hits of each kind for what was typed, best first (bm25; a kind with very many
    matches lists them in its own order: news newest first, topics and resources as the
    roadmap does, see the store's RANKED); empty kinds left out.
    Notes are titled by their topic, as indexed; notes of topics the roadmap lacks are not
    shown."""
    expression = match_expression(typed)
    if expression is None:
        return {}
    found: dict[Kind, list[Hit]] = {}
    for kind in Kind:
        if kind not in kinds:
            continue
        hits = index.find(expression, kind, roadmap_id, per_kind)
        if kind is Kind.NOTE and hits:
            titles = index.topic_titles(roadmap_id, {hit.ref for hit in hits})
            hits = [replace(h, title=(Segment(titles[h.ref]),)) for h in hits if h.ref in titles]
        if hits:
            found[kind] = hits
    return found


def matching_resources(index: SearchIndex, roadmap: Roadmap, typed: str) -> set[str] | None:
    """The ids of resources matching what was typed (None: nothing typed, show them all)."""
    expression = match_expression(typed)
    if expression is None:
        return None
    return index.roadmap_refs(expression, Kind.RESOURCE, roadmap.id)
