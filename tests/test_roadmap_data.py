"""Per-roadmap learner data: the upgrade of a database made before it, and two roadmaps that
share topic ids keeping apart in the store and in every CLI command."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from mlroad_tui.cli import main
from mlroad_tui.progress import TopicState
from mlroad_tui.store import Store, schema
from mlroad_tui.store.core import connect

BEFORE = 6  # the schema version of the last mlroad without per-roadmap data

# One row in every learner table of version 6, as that version wrote them.
OLD_ROWS = {
    "topic_progress": [("linear-algebra", "done", "2025-02-01T10:00:00+00:00")],
    "topic_events": [(1, "linear-algebra", "doing", "2025-01-30T10:00:00+00:00")],
    "resource_state": [("khan-linear-algebra", "2025-01-29T10:00:00+00:00", 1)],
    "notes": [("linear-algebra", "eigenvectors click now", "2025-02-01T10:00:00+00:00")],
    "settings": [("start", "2025-01-06"), ("weekly_hours", "15.0")],
    "study_log": [(1, "linear-algebra", "2025-01-30", 95.0, None, "manual")],
    "running_timer": [(1, "calculus", "2025-02-03T09:00:00+00:00")],
    "reviews": [("linear-algebra", "{}", "2025-02-02T10:00:00+00:00", None)],
    "review_log": [(1, "linear-algebra", 3, "2025-02-02T11:00:00+00:00")],
    "topic_links": [("linear-algebra", "https://github.com/me/la")],
    "plan_changes": [(1, "2025-02-03", 120, '{"finished": [], "logged": {}}', "now")],
    "link_results": [("https://example.org/", "ok", 200, None, 0, "now", 12.5, None)],
    "feed_meta": [("seeded", "1")],
}


def old_database(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A database made by the schema code at version 6, filled the way that version filled it."""
    with monkeypatch.context() as patch:
        patch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:BEFORE])
        patch.setattr(schema, "SCHEMA_VERSION", BEFORE)
        conn = connect(path)
        schema.migrate(conn)
    for table, rows in OLD_ROWS.items():
        marks = ", ".join("?" * len(rows[0]))
        conn.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
    conn.close()


def test_upgrade_moves_every_row_to_the_bundled_roadmap(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "mlroad.db"
    old_database(path, monkeypatch)
    store, moved = Store.open(path, "ml-roadmap")
    assert moved is None and schema.version(store.core.conn) == schema.SCHEMA_VERSION
    conn = store.core.conn
    for table, rows in OLD_ROWS.items():
        found = [tuple(r) for r in conn.execute(f"SELECT * FROM {table}")]
        if table in schema._PER_ROADMAP:
            columns = [c[1] for c in conn.execute(f"PRAGMA table_info({table})")]
            at = columns.index("roadmap_id")
            assert {r[at] for r in found} == {"ml-roadmap"}, table
            found = [r[:at] + r[at + 1 :] for r in found]
        if table == "running_timer":
            rows = [r[1:] for r in rows]  # one timer per roadmap: the `id = 1` column went
        assert found == rows, table
    # and the store reads it all back through the new queries
    assert store.progress.topic_state("linear-algebra").state is TopicState.DONE
    assert store.progress.note("linear-algebra") == "eigenvectors click now"
    assert store.progress.resource_states()["khan-linear-algebra"].bookmarked
    assert store.study.settings().start == date(2025, 1, 6)
    assert [s.minutes for s in store.study.sessions()] == [95.0]
    assert store.study.running_timer().topic_id == "calculus"
    assert store.study.project_links() == {"linear-algebra": ("https://github.com/me/la",)}
    assert len(store.study.replans()) == 1
    assert store.search.find('"eigenvectors"', _note_kind(), "ml-roadmap", 5)
    # another roadmap sees none of it
    other = store.for_roadmap("data-eng")
    assert other.progress.topic_states() == {} and other.study.sessions() == []
    assert other.study.running_timer() is None
    assert not store.search.find('"eigenvectors"', _note_kind(), "data-eng", 5)
    store.close()


def _note_kind():
    from mlroad_tui.search.model import Kind

    return Kind.NOTE


def test_a_write_that_forgets_its_roadmap_fails(tmp_path: Path) -> None:
    store, _ = Store.open(tmp_path / "mlroad.db")
    with pytest.raises(sqlite3.IntegrityError):
        store.core.conn.execute(
            "INSERT INTO notes (topic_id, body, updated_at) VALUES ('a', 'b', 'c')"
        )
    store.close()


# -- two roadmaps that share topic ids, through the CLI ---------------------------------------


def run(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert err == "" or code != 0, err
    return code, out


def run_json(capsys, *argv: str):
    code, out = run(capsys, *argv, "--json")
    assert code == 0
    return json.loads(out)


def test_two_roadmaps_keep_separate_data_in_every_command(capsys, other_roadmap: Path) -> None:
    other = ("--curriculum", str(other_roadmap))
    day = ("--date", "2025-02-03")
    assert run(capsys, *other, "topic", "set", "linear-algebra", "done")[0] == 0
    assert run(capsys, *other, "plan", "set", "--start", "2025-01-06", "--hours", "5")[0] == 0
    assert run(capsys, *other, "log", "calculus", "2h", "--date", "2025-02-01")[0] == 0
    assert run(capsys, *other, "project", "add", "calculus", "https://github.com/me/c")[0] == 0
    assert run(capsys, *other, "timer", "start", "calculus")[0] == 0
    assert run(capsys, "plan", "set", "--start", "2025-01-31", "--hours", "17.5")[0] == 0

    mine = run_json(capsys, "status")
    theirs = run_json(capsys, *other, "status")
    assert (mine["roadmap"], theirs["roadmap"]) == ("ml-roadmap", "data-eng")
    assert mine["overall"]["done"] == 0 and theirs["overall"]["done"] == 1

    mine_plan = run_json(capsys, "plan", "show", *day)
    their_plan = run_json(capsys, *other, "plan", "show", *day)
    assert mine_plan["settings"]["start"] == "2025-01-31"
    assert their_plan["settings"]["start"] == "2025-01-06"
    assert mine_plan["settings"]["weekly_hours"] == 17.5  # not stretched by the other plan
    assert their_plan["settings"]["weekly_hours"] == 5
    assert mine_plan["pace"]["done_minutes"] == 0
    assert their_plan["pace"]["done_minutes"] > 0

    assert run_json(capsys, "stats", *day)["total_hours"] == 0
    assert run_json(capsys, *other, "stats", *day)["total_hours"] == 2
    assert run_json(capsys, "project", "list") == {}
    assert run_json(capsys, "timer", "status") == {"running": False}
    assert run_json(capsys, *other, "timer", "status")["topic_id"] == "calculus"
    assert "[x] Linear Algebra" not in run(capsys, "report", *day)[1]
    assert "[x] Linear Algebra" in run(capsys, *other, "report", *day)[1]
    assert [t["state"] for t in run_json(capsys, "topics") if t["id"] == "linear-algebra"] == [
        "todo"
    ]


def test_roadmaps_lists_each_with_its_progress_and_a_vanished_file(
    capsys, other_roadmap: Path
) -> None:
    other = ("--curriculum", str(other_roadmap))
    assert run(capsys, *other, "topic", "set", "linear-algebra", "done")[0] == 0
    assert run(capsys, "status")[0] == 0
    other_roadmap.rename(other_roadmap.with_name("moved.toml"))
    listed = {r["id"]: r for r in run_json(capsys, "roadmaps")}
    assert set(listed) == {"ml-roadmap", "data-eng"}
    assert (listed["ml-roadmap"]["status"], listed["ml-roadmap"]["done"]) == ("ok", 0)
    assert listed["data-eng"]["status"] == "missing"
    assert listed["data-eng"]["file"] == str(other_roadmap.resolve())
    assert "moved or deleted" in listed["data-eng"]["problem"]
    # its data is kept: the file, back in place, shows the progress again
    other_roadmap.with_name("moved.toml").rename(other_roadmap)
    listed = {r["id"]: r for r in run_json(capsys, "roadmaps")}
    assert (listed["data-eng"]["status"], listed["data-eng"]["done"]) == ("ok", 1)
    code, out = run(capsys, "roadmaps")
    assert code == 0 and "Data Engineering" in out and "1/52" in out
