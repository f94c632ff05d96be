"""A topic's first review card, for the schema's `topic_changes` trigger (core registers
these as SQL functions): a topic just finished is due again the day after."""

from __future__ import annotations

import zlib
from datetime import UTC, datetime


def first_due(done_at: str) -> str:
    """When a topic finished at `done_at` is first due (stored like `utc_now()`); the plan's
    model (~10 ms to import) loads only then, not with every store that is opened."""
    from mlroad_tui.plan.model import FIRST_REVIEW_AFTER

    due = datetime.fromisoformat(done_at) + FIRST_REVIEW_AFTER
    return due.astimezone(UTC).isoformat(timespec="seconds")


def first_card(topic_id: str, done_at: str) -> str:
    """A new FSRS card (JSON) for the topic, due at `first_due(done_at)`; fsrs (~45 ms to
    import) loads only when a topic is first finished."""
    from fsrs import Card

    due = datetime.fromisoformat(first_due(done_at))
    return Card(card_id=zlib.crc32(topic_id.encode()), due=due).to_json()
