"""The roadmaps at hand: each one seen on this machine, with its progress, or why its file
cannot be read any more (its learner data is kept either way, keyed by the roadmap's id)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from mlroad_tui.curriculum import CurriculumInvalid, Roadmap
from mlroad_tui.progress import States, Tally, tally
from mlroad_tui.roadmap_cache import load_roadmap_cached
from mlroad_tui.shelf.model import SeenRoadmap

__all__ = ["SeenRoadmap", "ShelfEntry", "load_seen", "shelf"]


@dataclass(frozen=True)
class ShelfEntry:
    """A roadmap seen before: loaded again from its file, or the reason it could not be."""

    seen: SeenRoadmap
    roadmap: Roadmap | None
    progress: Tally | None
    problem: str = ""

    @property
    def status(self) -> str:
        """ "ok", "missing" (moved or deleted), "invalid" or "replaced" (another roadmap)."""
        if self.roadmap is not None:
            return "ok"
        return self.problem.split(":", 1)[0]


def load_seen(seen: SeenRoadmap, cache_dir: Path) -> tuple[Roadmap | None, str]:
    """The roadmap from its recorded file, or None and why not ("missing: …" and so on; the
    path is the caller's to show, which the TUI shortens)."""
    if not seen.path.is_file():
        return None, "missing: the file was moved or deleted"
    try:
        roadmap = load_roadmap_cached(seen.path, cache_dir)
    except CurriculumInvalid as invalid:
        return None, f"invalid: the file has {len(invalid.problems)} problem(s)"
    if roadmap.id != seen.id:
        return None, f"replaced: the file now holds the roadmap {roadmap.id!r}"
    return roadmap, ""


def shelf(
    seen_roadmaps: Iterable[SeenRoadmap], states_of: Callable[[str], States], cache_dir: Path
) -> list[ShelfEntry]:
    """Every roadmap seen (the store lists them, the last opened first), each with its own
    progress (`states_of` a roadmap's id)."""
    entries = []
    for seen in seen_roadmaps:
        roadmap, problem = load_seen(seen, cache_dir)
        progress = None
        if roadmap is not None:
            progress = tally(roadmap.topics(), states_of(seen.id))
        entries.append(ShelfEntry(seen, roadmap, progress, problem))
    return entries
