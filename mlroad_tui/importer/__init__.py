"""Markdown roadmaps (GitHub READMEs, gists) turned into mlroad roadmap TOML.

`import_file(path)` gives the TOML text and a summary of what was imported and what was not;
`load_markdown_roadmap(path)` imports in memory and validates, for `mlroad --curriculum X.md`.
The source is untrusted: its size is capped, links must be http(s), text stays literal.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mlroad_tui.curriculum import (
    DEFAULT_WEEKLY_HOURS,
    CurriculumInvalid,
    Problem,
    Roadmap,
    load_roadmap,
    load_roadmap_text,
)
from mlroad_tui.importer.draft import Draft

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd"})
# ~14x the 2,000-topic benchmark roadmap; markdown-it-py's worst case (e.g. a file of "[")
# costs ~10 s of CPU a megabyte, so a hostile file stays a matter of seconds.
MAX_SOURCE_BYTES = 2_000_000
SUMMARY_UNPLACED = 20  # unplaced parts listed in the summary; the TOML lists them all


@dataclass(frozen=True)
class Imported:
    """An import's TOML text, its draft (for tests and summaries) and the summary lines."""

    toml: str
    draft: Draft
    summary: tuple[str, ...]


def is_markdown(path: Path) -> bool:
    return Path(path).suffix.lower() in MARKDOWN_SUFFIXES


def import_markdown(text: str, source_name: str, stem: str) -> Imported:
    """Import Markdown text; `source_name` is quoted in comments, `stem` names the roadmap id."""
    from mlroad_tui.importer import ids
    from mlroad_tui.importer.build import build
    from mlroad_tui.importer.outline import parse
    from mlroad_tui.importer.toml_out import to_toml

    draft = build(parse(text), source_name, stem)
    ids.assign(draft, stem)
    return Imported(to_toml(draft), draft, tuple(_summary(draft)))


def import_file(path: Path) -> Imported:
    """Import a Markdown file; an unreadable or oversized one raises `CurriculumInvalid`."""
    path = Path(path)
    return import_markdown(_read(path), path.name, path.stem)


def load_markdown_roadmap(path: Path) -> Roadmap:
    """Import in memory and validate, as if the TOML had been written beside the source."""
    imported = import_file(path)
    return load_roadmap_text(imported.toml, Path(path))


def load_source(path: Path) -> Roadmap:
    """Any roadmap file: Markdown imported in memory, TOML loaded as it is."""
    return load_markdown_roadmap(path) if is_markdown(path) else load_roadmap(path)


def _read(path: Path) -> str:
    def fail(message: str) -> CurriculumInvalid:
        return CurriculumInvalid([Problem(path, None, "", message)])

    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_SOURCE_BYTES + 1)
    except FileNotFoundError:
        raise fail("no such file") from None
    except IsADirectoryError:
        raise fail("is a directory, expected a Markdown file") from None
    except OSError as error:
        raise fail(f"cannot read: {error.strerror or error}") from None
    if len(data) > MAX_SOURCE_BYTES:
        raise fail(f"larger than {MAX_SOURCE_BYTES // 1_000_000} MB: not imported")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise fail(f"not UTF-8 text: {error.reason}") from None


def _summary(draft: Draft) -> list[str]:
    topics = draft.topics()
    with_hours = sum(topic.hours is not None for topic in topics)
    books = sum(resource.url is None for resource in draft.resources.values())
    general = len(draft.general_resources())
    goals = sum(len(phase.goals) for phase in draft.phases)
    groups = sum(len(phase.groups) for phase in draft.phases)
    lines = [
        f"{len(draft.phases)} phases: "
        + "; ".join(p.title for p in draft.phases[:12])
        + ("; …" if len(draft.phases) > 12 else ""),
        f"{groups} groups, {len(topics)} topics ({with_hours} with hours from the source), "
        f"{goals} goals, {len(draft.tips)} tips",
        f"{len(draft.resources)} resources ({len(draft.resources) - books} links, {books} book(s) "
        f"without a link; {general} outside any phase, for the whole roadmap) from "
        f"{draft.link_mentions} link mentions",
    ]
    if draft.weekly_hours is not None:
        low, high = draft.weekly_hours
        lines.append(f"weekly hours: {low:g}-{high:g} (line {draft.weekly_hours_line})")
    else:
        low, high = DEFAULT_WEEKLY_HOURS
        lines.append(f"weekly hours: not stated (mlroad assumes {low:g}-{high:g})")
    stand_ins = [t for t in topics if t.stands_for_phase]
    if stand_ins:
        lines.append(f"{len(stand_ins)} phase(s) list no topics: one topic named after each")
    if draft.unplaced:
        lines.append(f"not placed: {len(draft.unplaced)} part(s) of {draft.source_name}:")
        for item in draft.unplaced[:SUMMARY_UNPLACED]:
            excerpt = f": {item.text}" if item.text else ""
            lines.append(f"  line {item.line}: {item.what}{excerpt}")
        if len(draft.unplaced) > SUMMARY_UNPLACED:
            rest = len(draft.unplaced) - SUMMARY_UNPLACED
            lines.append(f"  … and {rest} more (all listed at the end of the TOML)")
    return lines
