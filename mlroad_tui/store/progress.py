"""Topic progress, resource state and notes: everything keyed by curriculum ids."""

from __future__ import annotations

from mlroad_tui.progress import UNSTARTED, ResourceState, TopicProgress, TopicState
from mlroad_tui.store.core import StoreCore, utc_now


class Progress:
    """What the learner has done; rows for ids no longer in the curriculum are kept."""

    def __init__(self, core: StoreCore) -> None:
        self._core = core

    def topic_states(self) -> dict[str, TopicProgress]:
        rows = self._core.rows("SELECT topic_id, state, changed_at FROM topic_progress")
        return {r["topic_id"]: TopicProgress(TopicState(r["state"]), r["changed_at"]) for r in rows}

    def topic_state(self, topic_id: str) -> TopicProgress:
        rows = self._core.rows(
            "SELECT state, changed_at FROM topic_progress WHERE topic_id = ?", [topic_id]
        )
        return (
            TopicProgress(TopicState(rows[0]["state"]), rows[0]["changed_at"])
            if rows
            else UNSTARTED
        )

    def set_topic_state(self, topic_id: str, state: TopicState) -> TopicProgress:
        """Record the new state and keep the change in the topic's history; a topic done
        enters the review queue in the same transaction."""
        now = utc_now()
        with self._core.transaction() as conn:
            conn.execute(
                "INSERT INTO topic_progress (topic_id, state, changed_at) VALUES (?, ?, ?) "
                "ON CONFLICT (topic_id) DO UPDATE SET state = excluded.state, "
                "changed_at = excluded.changed_at",
                [topic_id, state.value, now],
            )
            conn.execute(
                "INSERT INTO topic_events (topic_id, state, at) VALUES (?, ?, ?)",
                [topic_id, state.value, now],
            )
            if state is TopicState.DONE:
                from mlroad_tui.store.study import enrol

                enrol(conn, topic_id, now)
        return TopicProgress(state, now)

    def topic_history(self, topic_id: str) -> list[tuple[TopicState, str]]:
        rows = self._core.rows(
            "SELECT state, at FROM topic_events WHERE topic_id = ? ORDER BY id", [topic_id]
        )
        return [(TopicState(r["state"]), r["at"]) for r in rows]

    def resource_states(self) -> dict[str, ResourceState]:
        rows = self._core.rows("SELECT resource_id, visited_at, bookmarked FROM resource_state")
        return {
            r["resource_id"]: ResourceState(r["visited_at"], bool(r["bookmarked"])) for r in rows
        }

    def mark_visited(self, resource_id: str) -> None:
        with self._core.transaction() as conn:
            conn.execute(
                "INSERT INTO resource_state (resource_id, visited_at) VALUES (?, ?) "
                "ON CONFLICT (resource_id) DO UPDATE SET visited_at = excluded.visited_at",
                [resource_id, utc_now()],
            )

    def toggle_bookmark(self, resource_id: str) -> bool:
        """Flip the bookmark and return the new value."""
        with self._core.transaction() as conn:
            conn.execute(
                "INSERT INTO resource_state (resource_id, bookmarked) VALUES (?, 1) "
                "ON CONFLICT (resource_id) DO UPDATE SET bookmarked = 1 - bookmarked",
                [resource_id],
            )
            row = conn.execute(
                "SELECT bookmarked FROM resource_state WHERE resource_id = ?", [resource_id]
            ).fetchone()
        return bool(row[0])

    def note(self, topic_id: str) -> str:
        rows = self._core.rows("SELECT body FROM notes WHERE topic_id = ?", [topic_id])
        return rows[0]["body"] if rows else ""

    def notes(self) -> dict[str, str]:
        """Every note, by topic id, in one query."""
        return {
            r["topic_id"]: r["body"] for r in self._core.rows("SELECT topic_id, body FROM notes")
        }

    def save_note(self, topic_id: str, body: str) -> None:
        """Save the note; an empty note removes the row."""
        with self._core.transaction() as conn:
            if body.strip():
                conn.execute(
                    "INSERT INTO notes (topic_id, body, updated_at) VALUES (?, ?, ?) "
                    "ON CONFLICT (topic_id) DO UPDATE SET body = excluded.body, "
                    "updated_at = excluded.updated_at",
                    [topic_id, body, utc_now()],
                )
            else:
                conn.execute("DELETE FROM notes WHERE topic_id = ?", [topic_id])
