"""Plan settings, the study log, the running timer, FSRS reviews and project links."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from mlroad_tui.limits import PLAN_START, WEEKLY_HOURS, DateRange, Range
from mlroad_tui.plan.model import (
    RATINGS,
    DueReview,
    LoggedSession,
    NoTimer,
    Replan,
    ReviewOutcome,
    RunningTimer,
    SavedSettings,
    StudyError,
    TimerRunning,
    format_weekdays,
    local_day,
    parse_weekdays,
    utc,
)
from mlroad_tui.progress import TopicState
from mlroad_tui.store.core import StoreCore, utc_now
from mlroad_tui.urls import BadUrl, check_url

if TYPE_CHECKING:
    import sqlite3

    from fsrs import Scheduler


def _stamp(instant: datetime) -> str:
    """Instants are stored like `utc_now()`: ISO-8601 UTC text, to the second (sortable)."""
    return utc(instant).isoformat(timespec="seconds")


def _scheduler() -> Scheduler:
    """FSRS at day granularity: a topic review is a session, not a flashcard, so no minute-long
    learning steps; no fuzz either, since a few dozen topics need no load spreading."""
    from fsrs import Scheduler

    return Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)


def check_project_url(url: str) -> str:
    """Only absolute http(s) URLs may be attached to a topic."""
    try:
        return check_url(url)
    except BadUrl as error:
        raise StudyError(str(error)) from None


def _in_range(limits: Range | DateRange, text: str | None, parse: Callable[[str], Any]) -> Any:
    """A stored setting parsed and within its range, else None."""
    if text is None:
        return None
    try:
        return limits.check(parse(text))
    except ValueError:  # unreadable, or OutOfRange
        return None


class Study:
    """The learner's study time and plan choices on one roadmap; rows for removed topics are
    kept."""

    def __init__(self, core: StoreCore, roadmap_id: str) -> None:
        self._core = core
        self.roadmap_id = roadmap_id

    # settings --------------------------------------------------------------------------

    def settings(self) -> SavedSettings:
        """The saved choices; one out of its range (stored by an mlroad that did not check,
        or edited by hand) reads as unset, so the default applies instead of a crash."""
        rows = self._core.rows(
            "SELECT key, value FROM settings WHERE roadmap_id = ?", [self.roadmap_id]
        )
        values = {r["key"]: r["value"] for r in rows}
        return SavedSettings(
            start=_in_range(PLAN_START, values.get("start"), date.fromisoformat),
            weekly_hours=_in_range(WEEKLY_HOURS, values.get("weekly_hours"), float),
            weekdays=parse_weekdays(values["weekdays"]) if "weekdays" in values else None,
            timezone=values.get("timezone"),
        )

    def save_settings(
        self,
        *,
        start: date | None = None,
        weekly_hours: float | None = None,
        weekdays: tuple[int, ...] | None = None,
        timezone: str | None = None,
    ) -> SavedSettings:
        """Save the values given (others stay). A new start date drops earlier re-plans,
        which were made against the old dates."""
        if timezone is not None:
            try:
                ZoneInfo(timezone)
            except (ZoneInfoNotFoundError, ValueError):
                raise StudyError(f"unknown time zone {timezone!r}") from None
        if weekdays is not None and not weekdays:
            raise StudyError("choose at least one study weekday")
        values = {
            "start": start.isoformat() if start else None,
            "weekly_hours": repr(float(weekly_hours)) if weekly_hours is not None else None,
            "weekdays": format_weekdays(weekdays) if weekdays else None,
            "timezone": timezone,
        }
        with self._core.transaction() as conn:
            for key, value in values.items():
                if value is not None:
                    _put_setting(conn, self.roadmap_id, key, value)
            if start is not None:
                conn.execute("DELETE FROM plan_changes WHERE roadmap_id = ?", [self.roadmap_id])
        return self.settings()

    def pin_start(self, today: date) -> date:
        """The plan's start date, fixed to `today` the first time it is asked for, so an
        unset start does not slide forward day after day (a read-only database: `today`)."""
        if self._core.read_only:
            return self.settings().start or today
        with self._core.transaction() as conn:
            conn.execute(
                "INSERT INTO settings (roadmap_id, key, value) VALUES (?, 'start', ?) "
                "ON CONFLICT DO UPDATE SET value = excluded.value WHERE value NOT BETWEEN ? AND ?",
                [
                    self.roadmap_id,
                    today.isoformat(),
                    PLAN_START.low.isoformat(),
                    PLAN_START.high.isoformat(),
                ],
            )
            row = conn.execute(
                "SELECT value FROM settings WHERE roadmap_id = ? AND key = 'start'",
                [self.roadmap_id],
            ).fetchone()
        return date.fromisoformat(row[0])

    def replans(self) -> tuple[Replan, ...]:
        rows = self._core.rows(
            "SELECT day, daily_minutes, snapshot FROM plan_changes WHERE roadmap_id = ? "
            "ORDER BY day, id",
            [self.roadmap_id],
        )
        return tuple(_replan_from(r) for r in rows)

    def add_replan(self, replan: Replan) -> int:
        """Record a re-plan; the log and topic states are left exactly as they are. Returns
        its id (to undo it)."""
        snapshot = {"finished": sorted(replan.finished), "logged": dict(replan.logged)}
        with self._core.transaction() as conn:
            cursor = conn.execute(
                "INSERT INTO plan_changes (roadmap_id, day, daily_minutes, snapshot, made_at) "
                "VALUES (?, ?, ?, ?, ?)",
                [
                    self.roadmap_id,
                    replan.day.isoformat(),
                    replan.daily_minutes,
                    json.dumps(snapshot),
                    utc_now(),
                ],
            )
        return cursor.lastrowid or 0

    def remove_replan(self, replan_id: int) -> bool:
        """Take a re-plan back (undo); False if it is gone already."""
        return self._remove("plan_changes", replan_id)

    def _remove(self, table: str, row_id: int) -> bool:
        with self._core.transaction() as conn:
            cursor = conn.execute(
                f"DELETE FROM {table} WHERE roadmap_id = ? AND id = ?", [self.roadmap_id, row_id]
            )
        return cursor.rowcount > 0

    def signature(self) -> tuple[Any, ...]:
        """Changes whenever the roadmap's log, timer, settings, re-plans or reviews do: what
        another window needs to know to redraw Today (one query)."""
        row = self._core.rows(
            "SELECT (SELECT count(*) || ':' || coalesce(max(id), 0) || ':' || total(minutes) "
            "FROM study_log WHERE roadmap_id = :r), "
            "(SELECT group_concat(key || '=' || value) FROM settings WHERE roadmap_id = :r), "
            "(SELECT count(*) || ':' || coalesce(max(id), 0) FROM plan_changes "
            "WHERE roadmap_id = :r), "
            "(SELECT topic_id || started_at FROM running_timer WHERE roadmap_id = :r), "
            "(SELECT count(*) || ':' || coalesce(max(id), 0) FROM review_log "
            "WHERE roadmap_id = :r)",
            {"r": self.roadmap_id},
        )[0]
        return tuple(row)

    # the study log ---------------------------------------------------------------------

    def log_session(
        self, topic_id: str, day: date, minutes: float, started_at: datetime | None = None
    ) -> LoggedSession:
        """Add study time by hand (`mlroad log`)."""
        if minutes <= 0:
            raise StudyError("a study session must last longer than zero minutes")
        with self._core.transaction() as conn:
            return _insert_session(
                conn, self.roadmap_id, topic_id, day, minutes, started_at, "manual"
            )

    def remove_session(self, session_id: int) -> bool:
        """Take a logged session back (undo); False if it is gone already."""
        return self._remove("study_log", session_id)

    def sessions(self, since: date | None = None) -> list[LoggedSession]:
        """Logged sessions, oldest first, optionally from a day on."""
        rows = self._core.rows(
            "SELECT id, topic_id, day, minutes, started_at, source FROM study_log "
            "WHERE roadmap_id = ? AND day >= ? ORDER BY day, id",
            [self.roadmap_id, (since or date.min).isoformat()],
        )
        return [_session_from(r) for r in rows]

    def minutes_by_day(self) -> dict[date, float]:
        """Total minutes studied per local day, every topic included (removed ones too)."""
        rows = self._core.rows(
            "SELECT day, SUM(minutes) AS m FROM study_log WHERE roadmap_id = ? GROUP BY day",
            [self.roadmap_id],
        )
        return {date.fromisoformat(r["day"]): r["m"] for r in rows}

    def minutes_by_topic(self) -> dict[str, float]:
        rows = self._core.rows(
            "SELECT topic_id, SUM(minutes) AS m FROM study_log WHERE roadmap_id = ? "
            "GROUP BY topic_id",
            [self.roadmap_id],
        )
        return {r["topic_id"]: r["m"] for r in rows}

    # the timer -------------------------------------------------------------------------

    def running_timer(self) -> RunningTimer | None:
        """The timer left running, also by a process that crashed or was killed."""
        rows = self._core.rows(
            "SELECT topic_id, started_at FROM running_timer WHERE roadmap_id = ?",
            [self.roadmap_id],
        )
        return _timer_from(rows[0]) if rows else None

    def start_timer(self, topic_id: str, now: datetime) -> RunningTimer:
        """Store the start at once, so a crash loses nothing; raise TimerRunning if one runs."""
        with self._core.transaction() as conn:
            row = _timer_row(conn, self.roadmap_id)
            if row is not None:
                raise TimerRunning(_timer_from(row))
            conn.execute(
                "INSERT INTO running_timer (roadmap_id, topic_id, started_at) VALUES (?, ?, ?)",
                [self.roadmap_id, topic_id, _stamp(now)],
            )
        return RunningTimer(topic_id, utc(now).replace(microsecond=0))

    def stop_timer(self, now: datetime, zone: tzinfo | None = None) -> LoggedSession:
        """Stop the timer and log the session on the local day it started (in `zone`, else
        the learner's saved zone, else the system's). Elapsed time is real UTC time, so a
        DST change during the session neither adds nor removes an hour."""
        zone = zone or self.settings().zone()
        with self._core.transaction() as conn:
            row = _timer_row(conn, self.roadmap_id)
            if row is None:
                raise NoTimer()
            timer = _timer_from(row)
            minutes = timer.elapsed_minutes(now)
            if minutes <= 0:
                raise StudyError("the timer cannot stop before it started")
            conn.execute("DELETE FROM running_timer WHERE roadmap_id = ?", [self.roadmap_id])
            day = local_day(timer.started_at, zone)
            return _insert_session(
                conn, self.roadmap_id, timer.topic_id, day, minutes, timer.started_at, "timer"
            )

    def discard_timer(self) -> RunningTimer | None:
        """Throw the running timer away without logging it; return what was discarded."""
        with self._core.transaction() as conn:
            row = _timer_row(conn, self.roadmap_id)
            conn.execute("DELETE FROM running_timer WHERE roadmap_id = ?", [self.roadmap_id])
        return _timer_from(row) if row else None

    # reviews ---------------------------------------------------------------------------

    def review_due(self, now: datetime) -> list[DueReview]:
        """Finished topics whose review is due by `now`, most overdue first. Only reads: a
        topic enters the queue when it is finished (the schema's `topic_changes` trigger)."""
        rows = self._core.rows(
            "SELECT r.topic_id, r.due_at, (SELECT COUNT(*) FROM review_log l "
            "WHERE l.roadmap_id = r.roadmap_id AND l.topic_id = r.topic_id) AS n "
            "FROM reviews r JOIN topic_progress p USING (roadmap_id, topic_id) "
            "WHERE r.roadmap_id = ? AND p.state = ? AND r.due_at <= ? "
            "ORDER BY r.due_at, r.topic_id",
            [self.roadmap_id, TopicState.DONE.value, _stamp(now)],
        )
        return [DueReview(r["topic_id"], datetime.fromisoformat(r["due_at"]), r["n"]) for r in rows]

    def next_reviews(self) -> dict[str, datetime]:
        """When each queued topic is next due (also those not due yet)."""
        rows = self._core.rows(
            "SELECT topic_id, due_at FROM reviews WHERE roadmap_id = ?", [self.roadmap_id]
        )
        return {r["topic_id"]: datetime.fromisoformat(r["due_at"]) for r in rows}

    def record_review(self, topic_id: str, rating: int, now: datetime) -> ReviewOutcome:
        """Rate a review 1–4 (again, hard, good, easy); FSRS stores the next due date."""
        from fsrs import Card, Rating

        if rating not in RATINGS:
            raise StudyError(f"rating must be 1–4 ({', '.join(RATINGS.values())}), not {rating}")
        reviewed_at = utc(now).replace(microsecond=0)
        with self._core.transaction() as conn:
            row = conn.execute(
                "SELECT card FROM reviews WHERE roadmap_id = ? AND topic_id = ?",
                [self.roadmap_id, topic_id],
            ).fetchone()
            if row is None:
                raise StudyError(f"{topic_id} is not in the review queue: finish it first")
            card, _ = _scheduler().review_card(
                Card.from_json(row["card"]), Rating(rating), reviewed_at
            )
            conn.execute(
                "UPDATE reviews SET card = ?, due_at = ?, last_review_at = ? "
                "WHERE roadmap_id = ? AND topic_id = ?",
                [card.to_json(), _stamp(card.due), _stamp(reviewed_at), self.roadmap_id, topic_id],
            )
            conn.execute(
                "INSERT INTO review_log (roadmap_id, topic_id, rating, reviewed_at) "
                "VALUES (?, ?, ?, ?)",
                [self.roadmap_id, topic_id, rating, _stamp(reviewed_at)],
            )
        return ReviewOutcome(topic_id, rating, reviewed_at, card.due)

    # project links ---------------------------------------------------------------------

    def link_project(self, topic_id: str, url: str) -> str:
        """Attach a project repository (http/https only) to a topic, for the report."""
        url = check_project_url(url)
        with self._core.transaction() as conn:
            conn.execute(
                "INSERT INTO topic_links (roadmap_id, topic_id, url) VALUES (?, ?, ?) "
                "ON CONFLICT DO NOTHING",
                [self.roadmap_id, topic_id, url],
            )
        return url

    def unlink_project(self, topic_id: str, url: str) -> bool:
        with self._core.transaction() as conn:
            cursor = conn.execute(
                "DELETE FROM topic_links WHERE roadmap_id = ? AND topic_id = ? AND url = ?",
                [self.roadmap_id, topic_id, url.strip()],
            )
        return cursor.rowcount > 0

    def project_links(self) -> dict[str, tuple[str, ...]]:
        links: dict[str, tuple[str, ...]] = {}
        rows = self._core.rows(
            "SELECT topic_id, url FROM topic_links WHERE roadmap_id = ? ORDER BY topic_id, url",
            [self.roadmap_id],
        )
        for r in rows:
            links[r["topic_id"]] = (*links.get(r["topic_id"], ()), r["url"])
        return links


def _put_setting(conn: sqlite3.Connection, roadmap_id: str, key: str, value: str) -> None:
    conn.execute(
        "INSERT INTO settings (roadmap_id, key, value) VALUES (?, ?, ?) "
        "ON CONFLICT (roadmap_id, key) DO UPDATE SET value = excluded.value",
        [roadmap_id, key, value],
    )


def _timer_row(conn: sqlite3.Connection, roadmap_id: str) -> sqlite3.Row | None:
    return conn.execute(
        "SELECT topic_id, started_at FROM running_timer WHERE roadmap_id = ?", [roadmap_id]
    ).fetchone()


def _insert_session(
    conn: sqlite3.Connection,
    roadmap_id: str,
    topic_id: str,
    day: date,
    minutes: float,
    started_at: datetime | None,
    source: str,
) -> LoggedSession:
    stamp = _stamp(started_at) if started_at else None
    cursor = conn.execute(
        "INSERT INTO study_log (roadmap_id, topic_id, day, minutes, started_at, source) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [roadmap_id, topic_id, day.isoformat(), minutes, stamp, source],
    )
    started = datetime.fromisoformat(stamp) if stamp else None
    return LoggedSession(cursor.lastrowid or 0, topic_id, day, minutes, started, source)


def _replan_from(row: sqlite3.Row) -> Replan:
    snapshot = json.loads(row["snapshot"])
    return Replan(
        day=date.fromisoformat(row["day"]),
        daily_minutes=row["daily_minutes"],
        finished=frozenset(snapshot["finished"]),
        logged=snapshot["logged"],
    )


def _session_from(row: sqlite3.Row) -> LoggedSession:
    started = datetime.fromisoformat(row["started_at"]) if row["started_at"] else None
    return LoggedSession(
        row["id"],
        row["topic_id"],
        date.fromisoformat(row["day"]),
        row["minutes"],
        started,
        row["source"],
    )


def _timer_from(row: sqlite3.Row) -> RunningTimer:
    return RunningTimer(row["topic_id"], datetime.fromisoformat(row["started_at"]))
