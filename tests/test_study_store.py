"""The study store: settings, the log, the timer (also after a kill), FSRS reviews, links."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from plan_roadmaps import SMALL, roadmap

from mlroad_tui.plan.context import due_reviews, load_plan, load_stats, local_today
from mlroad_tui.plan.model import NoTimer, Replan, StudyError, TimerRunning
from mlroad_tui.progress import TopicState
from mlroad_tui.store import Store, schema
from mlroad_tui.store.core import connect

BERLIN = ZoneInfo("Europe/Berlin")
T0 = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)


def test_settings_round_trip_and_a_new_start_drops_replans(store: Store) -> None:
    assert store.study.pin_start(date(2024, 1, 1)) == date(2024, 1, 1)
    assert store.study.pin_start(date(2024, 2, 2)) == date(2024, 1, 1)  # pinned once
    store.study.save_settings(weekly_hours=12.5, weekdays=(0, 2, 4), timezone="Europe/Berlin")
    store.study.add_replan(Replan(date(2024, 1, 9), 66, frozenset({"a"}), {"b": 30.5}))
    saved = store.study.settings()
    assert (saved.start, saved.weekly_hours, saved.weekdays) == (date(2024, 1, 1), 12.5, (0, 2, 4))
    assert saved.zone() == BERLIN
    assert store.study.replans() == (Replan(date(2024, 1, 9), 66, frozenset({"a"}), {"b": 30.5}),)
    store.study.save_settings(weekly_hours=10)
    assert len(store.study.replans()) == 1
    store.study.save_settings(start=date(2024, 3, 1))
    assert store.study.replans() == ()
    assert store.study.settings().weekly_hours == 10


@pytest.mark.parametrize(
    "bad", [{"timezone": "Mars/Olympus"}, {"weekdays": ()}, {"timezone": "../etc"}]
)
def test_bad_settings_are_refused(store: Store, bad) -> None:
    with pytest.raises(StudyError):
        store.study.save_settings(**bad)


def test_log_sums_by_day_and_topic_and_keeps_removed_topics(store: Store) -> None:
    store.study.log_session("a", date(2024, 1, 1), 90)
    store.study.log_session("a", date(2024, 1, 1), 30)
    store.study.log_session("gone", date(2024, 1, 3), 45)
    with pytest.raises(StudyError):
        store.study.log_session("a", date(2024, 1, 3), 0)
    assert store.study.minutes_by_day() == {date(2024, 1, 1): 120, date(2024, 1, 3): 45}
    assert store.study.minutes_by_topic() == {"a": 120, "gone": 45}
    assert [s.topic_id for s in store.study.sessions(since=date(2024, 1, 2))] == ["gone"]
    # "gone" is not in SMALL: the plan ignores it, the log and the stats keep it
    store.study.save_settings(start=date(2024, 1, 1), weekly_hours=10, weekdays=(0, 2, 4))
    plan = load_plan(store, SMALL, date(2024, 1, 3))
    assert plan.standing.credit["a"] == 120 and "gone" not in plan.standing.credit
    assert load_stats(store, plan, date(2024, 1, 3)).total_hours == 165 / 60


def test_timer_runs_once_and_logs_on_stop(store: Store) -> None:
    assert store.study.running_timer() is None
    store.study.start_timer("a", T0)
    with pytest.raises(TimerRunning) as running:
        store.study.start_timer("b", T0 + timedelta(minutes=1))
    assert running.value.timer.topic_id == "a"
    session = store.study.stop_timer(T0 + timedelta(minutes=50), zone=BERLIN)
    assert (session.topic_id, session.day, session.minutes, session.source) == (
        "a",
        date(2024, 3, 1),
        50,
        "timer",
    )
    assert session.started_at == T0
    assert store.study.running_timer() is None
    with pytest.raises(NoTimer):
        store.study.stop_timer(T0)
    store.study.start_timer("b", T0)
    with pytest.raises(StudyError):
        store.study.stop_timer(T0 - timedelta(minutes=5))
    assert store.study.discard_timer().topic_id == "b"
    assert store.study.discard_timer() is None
    assert store.study.minutes_by_topic() == {"a": 50}


def test_a_timer_across_the_dst_change_counts_real_minutes(store: Store) -> None:
    # 23:30 CET on Mar 30 to 03:30 CEST on Mar 31: four hours on the clock, three in reality
    start = datetime(2024, 3, 30, 23, 30, tzinfo=BERLIN)
    store.study.start_timer("a", start)
    session = store.study.stop_timer(datetime(2024, 3, 31, 3, 30, tzinfo=BERLIN), zone=BERLIN)
    assert session.minutes == 180
    assert session.day == date(2024, 3, 30)  # the local day it started
    # the learner's saved zone is used when none is given
    store.study.save_settings(timezone="America/New_York")
    store.study.start_timer("a", datetime(2024, 11, 3, 4, 30, tzinfo=UTC))  # 00:30 EDT
    assert store.study.stop_timer(datetime(2024, 11, 3, 7, 30, tzinfo=UTC)).minutes == 180
    assert store.study.sessions()[-1].day == date(2024, 11, 3)
    assert local_today(store, datetime(2024, 11, 3, 3, 30, tzinfo=UTC)) == date(2024, 11, 2)


KILLED_TIMER = textwrap.dedent(
    """
    import sys, time
    from datetime import UTC, datetime
    from pathlib import Path
    from mlroad_tui.store import Store

    store, _ = Store.open(Path(sys.argv[1]))
    store.study.start_timer("calculus", datetime.now(UTC))
    print("started", flush=True)
    time.sleep(60)
    """
)


def test_a_timer_survives_a_killed_process_and_is_recovered(tmp_path: Path) -> None:
    path = tmp_path / "mlroad.db"
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_TIMER, str(path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "started"
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=5)
    assert child.returncode == -signal.SIGKILL
    store, moved = Store.open(path)
    try:
        assert moved is None
        timer = store.study.running_timer()
        assert timer is not None and timer.topic_id == "calculus"
        later = timer.started_at + timedelta(minutes=25)
        with pytest.raises(TimerRunning):
            store.study.start_timer("numpy", later)
        session = store.study.stop_timer(later)
        assert (session.topic_id, session.minutes) == ("calculus", 25)
        assert store.study.running_timer() is None
    finally:
        store.close()


def _finish(store: Store, topic_id: str) -> datetime:
    store.progress.set_topic_state(topic_id, TopicState.DONE)
    changed = store.progress.topic_state(topic_id).changed_at
    assert changed is not None
    return datetime.fromisoformat(changed)


def test_finished_topics_enter_the_fsrs_queue_the_day_after(store: Store) -> None:
    store.progress.set_topic_state("b", TopicState.SKIPPED)
    done_at = _finish(store, "a")
    assert store.study.review_due(done_at) == []
    due = store.study.review_due(done_at + timedelta(days=1))
    assert [(d.topic_id, d.due_at, d.reviews) for d in due] == [
        ("a", done_at + timedelta(days=1), 0)
    ]
    assert set(store.study.next_reviews()) == {"a"}  # skipped topics were not studied


def test_reviews_are_scheduled_by_fsrs_and_stored(store: Store) -> None:
    when = _finish(store, "a") + timedelta(days=1)
    _finish(store, "b")
    _finish(store, "c")
    outcomes = {
        topic: store.study.record_review(topic, rating, when)
        for topic, rating in (("a", 1), ("b", 3), ("c", 4))
    }
    again, good, easy = (outcomes[t].next_due_at for t in "abc")
    assert when < again < good < easy
    assert store.study.review_due(when + timedelta(hours=1)) == []
    # reopening the store reads the cards back: a second Good review waits longer than the first
    due = store.study.next_reviews()
    assert due["b"] == good
    second = store.study.record_review("b", 3, good)
    assert second.next_due_at - good > good - when
    due_then = store.study.review_due(second.next_due_at)
    assert [(d.topic_id, d.reviews) for d in due_then] == [("a", 1), ("c", 1), ("b", 2)]


def test_review_errors_and_reopened_topics(store: Store) -> None:
    with pytest.raises(StudyError):
        store.study.record_review("a", 3, T0)  # not finished yet
    when = _finish(store, "a") + timedelta(days=2)
    with pytest.raises(StudyError):
        store.study.record_review("a", 5, when)
    assert [d.topic_id for d in store.study.review_due(when)] == ["a"]
    store.progress.set_topic_state("a", TopicState.DOING)
    assert store.study.review_due(when) == []
    assert "a" in store.study.next_reviews()  # the card is kept for when it is done again


def test_reading_the_review_queue_writes_nothing(store: Store) -> None:
    when = _finish(store, "a") + timedelta(days=1)
    store.progress.set_topic_state("b", TopicState.DOING)
    written = store.core.conn.total_changes
    assert [d.topic_id for d in store.study.review_due(when)] == ["a"]
    assert set(store.study.next_reviews()) == {"a"}
    assert store.core.conn.total_changes == written


def test_topics_finished_before_the_queue_was_kept_up_to_date_get_their_card(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A database from before topics were enrolled when finished (version 5, built by the
    schema code of that version): the migration enrols them."""
    path = tmp_path / "old.db"
    done_at = "2025-02-01T10:00:00+00:00"
    with monkeypatch.context() as patch:
        patch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:5])
        patch.setattr(schema, "SCHEMA_VERSION", 5)
        conn = connect(path)
        schema.migrate(conn)
    conn.execute("INSERT INTO topic_progress VALUES ('a', 'done', ?)", [done_at])
    conn.close()
    store, _ = Store.open(path)
    try:
        due = datetime.fromisoformat(done_at) + timedelta(days=1)
        assert store.study.next_reviews() == {"a": due}
    finally:
        store.close()


def test_due_reviews_become_prompts_by_the_end_of_the_local_day(store: Store) -> None:
    store.study.save_settings(timezone="Europe/Berlin")
    done_at = _finish(store, "a")
    _finish(store, "not-in-curriculum")
    due_day = (done_at + timedelta(days=1)).astimezone(BERLIN).date()
    assert due_reviews(store, SMALL, due_day - timedelta(days=1)) == ()
    prompts = due_reviews(store, SMALL, due_day)
    assert [p.topic.id for p in prompts] == ["a"]
    assert prompts[0].text == ("Topic a\n\nWhat a is about.\n\n- a point one\n- a point two")


def test_project_links_accept_only_http_urls(store: Store) -> None:
    assert store.study.link_project("a", " https://github.com/me/a ") == "https://github.com/me/a"
    store.study.link_project("a", "http://example.org/x")
    store.study.link_project("a", "https://github.com/me/a")
    for bad in ("file:///etc/passwd", "javascript:alert(1)", "github.com/me", "https://"):
        with pytest.raises(StudyError):
            store.study.link_project("a", bad)
    assert store.study.project_links() == {"a": ("http://example.org/x", "https://github.com/me/a")}
    assert store.study.unlink_project("a", "http://example.org/x")
    assert not store.study.unlink_project("a", "http://example.org/x")


def test_load_plan_pins_the_start_and_follows_curriculum_edits(store: Store) -> None:
    plan = load_plan(store, SMALL, date(2024, 1, 1))
    assert plan.settings.start == date(2024, 1, 1)
    assert plan.settings.weekly_hours == 17.5
    assert load_plan(store, SMALL, date(2024, 1, 20)).settings.start == date(2024, 1, 1)
    store.progress.set_topic_state("a", TopicState.DONE)
    store.study.log_session("b", date(2024, 1, 2), 60)
    edited = roadmap([("b", 2), ("z", 1)])
    again = load_plan(store, edited, date(2024, 1, 3))
    # 175 minutes a day by default: b, 55 minutes of z, then z's last 5 (logs do not move it)
    assert [(s.topic_id, s.minutes) for s in again.schedule.sessions] == [
        ("b", 120),
        ("z", 55),
        ("z", 5),
    ]
    assert dict(again.standing.credit) == {"b": 60, "z": 0}
    assert store.progress.topic_state("a").state is TopicState.DONE


def test_a_replan_through_the_plan_leaves_log_and_states_alone(store: Store) -> None:
    store.study.save_settings(start=date(2024, 1, 1), weekly_hours=10, weekdays=(0, 2, 4))
    store.progress.set_topic_state("b", TopicState.DONE)
    store.study.log_session("a", date(2024, 1, 1), 100)
    today = date(2024, 1, 10)
    plan = load_plan(store, SMALL, today)
    # Monday asked for 200 min of a and got 100: undone, whatever b being done adds up to
    assert plan.pace(today).message == "4 days behind"
    store.study.add_replan(plan.replan(today, keep_end=False))
    after = load_plan(store, SMALL, today)
    assert after.pace(today).message == "on track"
    assert after.standing == plan.standing
    assert store.study.minutes_by_topic() == {"a": 100}
    assert store.progress.topic_state("b").state is TopicState.DONE
    assert [s for s in after.schedule.sessions if s.day < today] == [
        s for s in plan.schedule.sessions if s.day < today
    ]
