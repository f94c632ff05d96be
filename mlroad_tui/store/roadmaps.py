"""The roadmaps this machine has seen: where each file was, when it was last used."""

from __future__ import annotations

from pathlib import Path

from mlroad_tui.progress import TopicProgress
from mlroad_tui.shelf.model import SeenRoadmap
from mlroad_tui.store.core import StoreCore, utc_now
from mlroad_tui.store.progress import Progress


class Roadmaps:
    """One row per roadmap id; learner data stays keyed by the id even when the file moves."""

    def __init__(self, core: StoreCore) -> None:
        self._core = core

    def record(self, roadmap_id: str, title: str, path: Path, *, opened: bool = False) -> None:
        """Note that the roadmap was used from `path` (opened in the TUI when `opened`); a
        bookkeeping write, skipped on a database that can only be read."""
        if self._core.read_only:
            return
        now = utc_now()
        with self._core.transaction() as conn:
            conn.execute(
                "INSERT INTO roadmaps (id, title, path, seen_at, opened_at) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (id) DO UPDATE SET title = excluded.title, path = excluded.path, "
                "seen_at = excluded.seen_at, opened_at = coalesce(excluded.opened_at, opened_at) "
                # a command run again on the same file writes nothing (other windows see no
                # change to reload for)
                "WHERE excluded.opened_at IS NOT NULL OR title IS NOT excluded.title "
                "OR path IS NOT excluded.path",
                [roadmap_id, title, str(path.resolve()), now, now if opened else None],
            )

    def seen(self) -> list[SeenRoadmap]:
        """Every roadmap seen, the last opened first."""
        rows = self._core.rows(
            "SELECT id, title, path, seen_at, opened_at FROM roadmaps "
            "ORDER BY opened_at IS NULL, opened_at DESC, seen_at DESC, id"
        )
        return [
            SeenRoadmap(r["id"], r["title"], Path(r["path"]), r["seen_at"], r["opened_at"])
            for r in rows
        ]

    def last_opened(self) -> SeenRoadmap | None:
        """The roadmap the TUI opened last, if any."""
        seen = self.seen()
        return seen[0] if seen and seen[0].opened_at else None

    def states_of(self, roadmap_id: str) -> dict[str, TopicProgress]:
        """A roadmap's topic states, whichever roadmap the store serves (the roadmaps at hand
        show each one's progress)."""
        return Progress(self._core, roadmap_id).topic_states()
