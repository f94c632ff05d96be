"""A learner two months into the plan, written to the store before the app starts: the same
data every run, so the Today and Stats screens can be compared with snapshots."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta

import pytest

from mlroad_tui import config
from mlroad_tui.progress import TopicState
from mlroad_tui.store import Store

START = date(2025, 1, 6)
FINISHED_AT = "2025-02-20T09:00:00+00:00"
# Minutes per day, repeated: rest days, short and long sessions (9 days, so weeks differ).
CYCLE = (60, 95, 0, 150, 30, 0, 240, 0, 20)


@contextmanager
def open_store() -> Iterator[Store]:
    """The learner's store under MLROAD_HOME, as the app will open it."""
    store, _ = Store.open(config.db_path())
    try:
        yield store
    finally:
        store.close()


def noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


def seed_study(monkeypatch: pytest.MonkeyPatch, today: date) -> None:
    """Plan from 6 January at 15 h a week; Linear Algebra and Calculus done on 20 February
    (so their reviews are due); five months of logged study, every day of the last week."""
    with monkeypatch.context() as patch, open_store() as store:
        patch.setattr("mlroad_tui.store.progress.utc_now", lambda: FINISHED_AT)
        store.study.save_settings(start=START, weekly_hours=15)
        for topic_id in ("linear-algebra", "calculus"):
            store.progress.set_topic_state(topic_id, TopicState.DONE)
        store.progress.set_topic_state("probability-statistics", TopicState.DOING)
        day = today - timedelta(days=150)
        n = 0
        while day < today:
            minutes = CYCLE[n % len(CYCLE)] if day < today - timedelta(days=7) else 50
            if minutes:
                store.study.log_session("probability-statistics", day, minutes)
            day += timedelta(days=1)
            n += 1
