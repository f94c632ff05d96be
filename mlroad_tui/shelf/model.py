"""A roadmap this machine has seen (the store maps its `roadmaps` rows to these)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class SeenRoadmap:
    """Where a roadmap's file was when last used; its learner data is keyed by `id`."""

    id: str
    title: str
    path: Path
    seen_at: str
    opened_at: str | None = None
