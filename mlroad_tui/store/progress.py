"""Topic progress, resource state and notes of one roadmap: keyed by its id and curriculum ids."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping

from mlroad_tui.progress import UNSTARTED, ResourceState, TopicProgress, TopicState
from mlroad_tui.store.core import StoreCore, utc_now

# The stored state (unstarted: todo), stepped by the JSON object :steps; no row when the
# state has no step.
_CHANGE = (
    "INSERT INTO topic_changes (roadmap_id, topic_id, before, state, at) "
    "SELECT :roadmap, :topic, before, json_extract(:steps, '$.' || before), :at "
    "FROM (SELECT coalesce((SELECT state FROM topic_progress "
    "WHERE roadmap_id = :roadmap AND topic_id = :topic), :unstarted) AS before) "
    "WHERE json_extract(:steps, '$.' || before) IS NOT NULL "
    "RETURNING before, state, at"
)

_STATES = {state.value: state for state in TopicState}  # (the column's CHECK allows only these)


class Progress:
    """What the learner has done on one roadmap; rows for ids it no longer has are kept."""

    def __init__(self, core: StoreCore, roadmap_id: str) -> None:
        self._core = core
        self.roadmap_id = roadmap_id

    def topic_states(self) -> dict[str, TopicProgress]:
        """Every stored topic state (each load of the plan reads them: 720 rows at 20×, so
        rows are unpacked and states looked up, not called by name)."""
        rows = self._core.rows(
            "SELECT topic_id, state, changed_at FROM topic_progress WHERE roadmap_id = ?",
            [self.roadmap_id],
        )
        return {topic: TopicProgress(_STATES[state], at) for topic, state, at in rows}

    def topic_state(self, topic_id: str) -> TopicProgress:
        rows = self._core.rows(
            "SELECT state, changed_at FROM topic_progress WHERE roadmap_id = ? AND topic_id = ?",
            [self.roadmap_id, topic_id],
        )
        return (
            TopicProgress(TopicState(rows[0]["state"]), rows[0]["changed_at"])
            if rows
            else UNSTARTED
        )

    def set_topic_state(self, topic_id: str, state: TopicState) -> TopicProgress:
        """Record the new state and keep the change in the topic's history; a topic done
        enters the review queue in the same transaction."""
        return self.change_topic(topic_id, lambda _: state)[1]

    def change_topic(
        self, topic_id: str, step: Callable[[TopicState], TopicState]
    ) -> tuple[TopicState, TopicProgress]:
        """Move the topic from its stored state to `step(state)` in one statement, so a
        change made meanwhile by another window is the one stepped from; returns the state
        before and the progress after."""
        change = self._change(topic_id, {state: step(state) for state in TopicState})
        assert change is not None  # every state has a step
        return change

    def revert_topic(self, topic_id: str, expected: TopicState, back: TopicState) -> bool:
        """Undo a change: put the topic back to `back` only if it is still `expected`; a
        change made since (here or in another window) wins, and False says so."""
        return self._change(topic_id, {expected: back}) is not None

    def _change(
        self, topic_id: str, steps: Mapping[TopicState, TopicState]
    ) -> tuple[TopicState, TopicProgress] | None:
        """Step the stored state by `steps` (a state not in it stays as it is: None) through
        the schema's `topic_changes` view: the new state, a line of history and, for a topic
        done, its review card, all in one statement."""
        rows = self._core.write(
            _CHANGE,
            {
                "roadmap": self.roadmap_id,
                "topic": topic_id,
                "steps": json.dumps({old.value: new.value for old, new in steps.items()}),
                "unstarted": UNSTARTED.state.value,
                "at": utc_now(),
            },
        )
        if not rows:
            return None
        before, state, at = rows[0]
        return TopicState(before), TopicProgress(TopicState(state), at)

    def topic_history(self, topic_id: str) -> list[tuple[TopicState, str]]:
        rows = self._core.rows(
            "SELECT state, at FROM topic_events WHERE roadmap_id = ? AND topic_id = ? ORDER BY id",
            [self.roadmap_id, topic_id],
        )
        return [(TopicState(r["state"]), r["at"]) for r in rows]

    def resource_states(self) -> dict[str, ResourceState]:
        rows = self._core.rows(
            "SELECT resource_id, visited_at, bookmarked FROM resource_state WHERE roadmap_id = ?",
            [self.roadmap_id],
        )
        return {
            r["resource_id"]: ResourceState(r["visited_at"], bool(r["bookmarked"])) for r in rows
        }

    def mark_visited(self, resource_id: str) -> None:
        with self._core.transaction() as conn:
            conn.execute(
                "INSERT INTO resource_state (roadmap_id, resource_id, visited_at) VALUES (?, ?, ?) "
                "ON CONFLICT (roadmap_id, resource_id) DO UPDATE SET "
                "visited_at = excluded.visited_at",
                [self.roadmap_id, resource_id, utc_now()],
            )

    def toggle_bookmark(self, resource_id: str) -> bool:
        """Flip the stored bookmark (not a copy in memory) and return the new value."""
        key = [self.roadmap_id, resource_id]
        with self._core.transaction() as conn:
            conn.execute(
                "INSERT INTO resource_state (roadmap_id, resource_id, bookmarked) VALUES (?, ?, 1) "
                "ON CONFLICT (roadmap_id, resource_id) DO UPDATE SET bookmarked = 1 - bookmarked",
                key,
            )
            row = conn.execute(
                "SELECT bookmarked FROM resource_state WHERE roadmap_id = ? AND resource_id = ?",
                key,
            ).fetchone()
        return bool(row[0])

    def revert_bookmark(self, resource_id: str, expected: bool) -> bool:
        """Undo a toggle: flip the bookmark back only if it is still `expected`."""
        with self._core.transaction() as conn:
            cursor = conn.execute(
                "UPDATE resource_state SET bookmarked = 1 - bookmarked "
                "WHERE roadmap_id = ? AND resource_id = ? AND bookmarked = ?",
                [self.roadmap_id, resource_id, int(expected)],
            )
        return cursor.rowcount > 0

    def note(self, topic_id: str) -> str:
        rows = self._core.rows(
            "SELECT body FROM notes WHERE roadmap_id = ? AND topic_id = ?",
            [self.roadmap_id, topic_id],
        )
        return rows[0]["body"] if rows else ""

    def notes(self) -> dict[str, str]:
        """Every note of the roadmap, by topic id, in one query."""
        rows = self._core.rows(
            "SELECT topic_id, body FROM notes WHERE roadmap_id = ?", [self.roadmap_id]
        )
        return {r["topic_id"]: r["body"] for r in rows}

    def save_note(self, topic_id: str, body: str) -> None:
        """Save the note; an empty note removes the row."""
        key = [self.roadmap_id, topic_id]
        with self._core.transaction() as conn:
            if body.strip():
                conn.execute(
                    "INSERT INTO notes (roadmap_id, topic_id, body, updated_at) "
                    "VALUES (?, ?, ?, ?) ON CONFLICT (roadmap_id, topic_id) DO UPDATE SET "
                    "body = excluded.body, updated_at = excluded.updated_at",
                    [*key, body, utc_now()],
                )
            else:
                conn.execute("DELETE FROM notes WHERE roadmap_id = ? AND topic_id = ?", key)
