"""The search's values: what a hit is, and how typed words become an FTS5 query.

Cheap to import (no SQLite, no Textual): the store maps index rows to `Hit`, the UI and the
CLI show hits their own way.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

# Snippet markers: control characters, which cleaned text never holds (text.py strips them),
# so the highlighted spans are found without ever treating the text as markup.
MARK_START = "\x02"
MARK_END = "\x03"
QUERY_LIMIT = 200  # characters of a query; more is surely a paste, not a search
PREFIX_FROM = 3  # characters: a shorter word is matched whole (see `match_expression`)


class Kind(StrEnum):
    """What a hit is; also its group on the search screen, in this order."""

    TOPIC = "topic"
    RESOURCE = "resource"
    NOTE = "note"
    NEWS = "news"


@dataclass(frozen=True)
class Document:
    """A piece of the roadmap to index: resources and topics live in the roadmap file."""

    kind: Kind
    ref: str
    title: str
    body: str


@dataclass(frozen=True)
class Segment:
    """A run of a title or snippet; `hit` runs matched the query."""

    text: str
    hit: bool = False


@dataclass(frozen=True)
class Hit:
    """One result: `ref` is the item id (news), resource id, or topic id (topic, note)."""

    kind: Kind
    ref: str
    title: tuple[Segment, ...]
    snippet: tuple[Segment, ...]
    rank: float

    @property
    def plain_title(self) -> str:
        return "".join(segment.text for segment in self.title)

    @property
    def plain_snippet(self) -> str:
        return "".join(segment.text for segment in self.snippet)


def hit_count(found: int, listed: int) -> str:
    """How many hits of a kind there are, as said beside the `listed` ones: "20+" when more
    were found (a search asks for one more than it lists, to know)."""
    return f"{listed}+" if found > listed else str(found)


def segments(marked: str) -> tuple[Segment, ...]:
    """Split FTS5's marked-up `highlight()`/`snippet()` text into plain and matched runs."""
    runs: list[Segment] = []
    for n, part in enumerate(marked.split(MARK_START)):
        inside, _, after = part.partition(MARK_END) if n else ("", "", part)
        if inside:
            runs.append(Segment(inside, True))
        if after:
            runs.append(Segment(after))
    return tuple(runs)


def match_expression(typed: str) -> str | None:
    """The FTS5 query for what the learner typed, or None when there is nothing to find.

    Every word must match, each as a prefix (so results follow the typing); a word is quoted,
    so FTS5 operators and punctuation in it are only text. Words shorter than PREFIX_FROM
    match whole words only: as prefixes they match most of a large index, and FTS5 merges
    the lists of every word they begin (hundreds) on each keystroke.
    """
    words = typed[:QUERY_LIMIT].split()
    terms = []
    for word in words:
        if not any(ch.isalnum() for ch in word):
            continue
        quoted = '"' + word.replace('"', '""') + '"'
        terms.append(quoted + "*" if len(word) >= PREFIX_FROM else quoted)
    return " ".join(terms) or None
