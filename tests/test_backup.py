"""`mlroad export` / `mlroad import`: a round trip keeps every table of learner data, importing
twice changes nothing, a dry run changes nothing, and a bad file imports nothing."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from mlroad_tui import config
from mlroad_tui.cli import main
from mlroad_tui.plan.model import Replan
from mlroad_tui.progress import TopicState
from mlroad_tui.store import Store
from mlroad_tui.store.backup import _KEYED, _LOGS, _MARKS
from tests.conftest import BUNDLED

NOW = datetime(2025, 2, 3, 9, tzinfo=UTC)


def fill(store: Store) -> None:
    """A row in every table of learner data, for two roadmaps that share topic ids."""
    for roadmap_id in ("ml-roadmap", "data-eng"):
        mine = store.for_roadmap(roadmap_id)
        mine.progress.set_topic_state("linear-algebra", TopicState.DONE)
        mine.progress.set_topic_state("calculus", TopicState.DOING)
        mine.progress.save_note("calculus", f"note for {roadmap_id}")
        mine.progress.toggle_bookmark("khan-linear-algebra")
        mine.progress.mark_visited("khan-linear-algebra")
        mine.study.save_settings(start=date(2025, 1, 6), weekly_hours=12)
        mine.study.log_session("calculus", date(2025, 2, 1), 45)
        mine.study.log_session("calculus", date(2025, 2, 1), 45)  # the same twice: both kept
        mine.study.start_timer("calculus", NOW)
        mine.study.record_review("linear-algebra", 3, NOW)
        mine.study.link_project("calculus", f"https://github.com/me/{roadmap_id}")
        mine.study.add_replan(Replan(date(2025, 2, 3), 90, frozenset({"linear-algebra"})))
    store.roadmaps.record("ml-roadmap", "ML", BUNDLED, opened=True)
    store.roadmaps.record("data-eng", "Data", Path("/gone/data-eng.toml"))
    conn = store.core.conn
    conn.execute(
        "INSERT INTO feeds (url, title, enabled, added_at) VALUES ('https://a.example/feed', "
        "'A', 0, '2025-01-01T00:00:00+00:00')"
    )
    conn.execute(
        "INSERT INTO items (feed_id, key, title, first_seen_at, seen_at, sort_at, read, "
        "starred) VALUES (1, 'k1', 'T', 'x', 'x', 'x', 1, 1)"
    )


def tables(store: Store) -> dict[str, Counter]:
    """Every exported table as a multiset of rows (without rowids, which are each side's)."""
    conn = store.core.conn
    out: dict[str, Counter] = {}
    for name in (*_KEYED, *_LOGS):
        if name == "feeds":
            rows = conn.execute("SELECT url, title, site_url, enabled, added_at FROM feeds")
        else:
            rows = conn.execute(f"SELECT * FROM {name}")
        out[name] = Counter(
            tuple(v for k, v in zip(r.keys(), r, strict=True) if k != "id") for r in rows
        )
    out[_MARKS] = Counter(
        tuple(r) for r in conn.execute("SELECT key, read, starred FROM items WHERE read")
    )
    return out


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_round_trip_keeps_every_table(capsys, tmp_path: Path, monkeypatch) -> None:
    with _opened() as store:
        fill(store)
        before = tables(store)
    assert all(before.values()), [name for name, rows in before.items() if not rows]
    exported = tmp_path / "export.json"
    assert run(capsys, "export", "--output", str(exported))[0] == 0
    data = json.loads(exported.read_text(encoding="utf-8"))
    assert (data["format"], data["version"]) == ("mlroad-export", 1)

    monkeypatch.setenv("MLROAD_HOME", str(tmp_path / "elsewhere"))
    with _opened() as store:  # the feed must exist for its items' marks to land
        store.core.conn.execute(
            "INSERT INTO feeds (url, title, enabled, added_at) VALUES ('https://a.example/feed', "
            "'A', 0, '2025-01-01T00:00:00+00:00')"
        )
        store.core.conn.execute(
            "INSERT INTO items (feed_id, key, title, first_seen_at, seen_at, sort_at) "
            "VALUES (1, 'k1', 'T', 'x', 'x', 'x')"
        )
        empty = tables(store)

    code, out, _ = run(capsys, "import", str(exported), "--dry-run")
    assert code == 0 and "would add or change 4 row(s) of study_log" in out
    with _opened() as store:
        assert tables(store) == empty  # a dry run changes nothing

    assert run(capsys, "import", str(exported))[0] == 0
    with _opened() as store:
        after = tables(store)
    for name in before:
        assert after[name] == before[name], name

    code, out, _ = run(capsys, "import", str(exported))
    assert (code, out) == (0, "nothing to import: everything in the file is here already\n")
    with _opened() as store:
        assert tables(store) == after


def _opened():
    from contextlib import closing

    return closing(Store.open(config.db_path())[0])


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("[]", "not an mlroad export"),
        ('{"format": "mlroad-export", "version": 99, "tables": {}}', "export version 99"),
        ('{"format": "mlroad-export", "version": 1, "tables": {"users": []}}', "unknown table"),
        (
            '{"format": "mlroad-export", "version": 1, "tables": {"notes": '
            '[{"roadmap_id": "x", "topic_id": "a", "body": "b", "evil; DROP": 1}]}}',
            "unknown columns",
        ),
        (
            '{"format": "mlroad-export", "version": 1, "tables": {"study_log": [{"roadmap_id":'
            ' "x", "topic_id": "a", "day": "2025-01-01", "minutes": -5, "source": "manual"}]}}',
            "breaks a rule",
        ),
        ("{not json", "is not JSON"),
    ],
)
def test_a_bad_file_imports_nothing(capsys, tmp_path: Path, content: str, words: str) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    code, out, err = run(capsys, "import", str(bad))
    assert code == 1 and out == "" and words in err
    with _opened() as store:
        assert store.core.conn.execute("SELECT COUNT(*) FROM study_log").fetchone()[0] == 0


def test_where_both_hold_a_row_the_newer_wins(tmp_path: Path) -> None:
    """A keyed row present on both sides: the file's copy replaces an older one of ours and
    leaves a newer one alone; a row without a timestamp takes the file's values."""
    from mlroad_tui.store.backup import export, merge

    with _opened() as store:
        store.progress.save_note("calculus", "old here")
        store.progress.save_note("numpy", "new here")
        store.progress.toggle_bookmark("khan-linear-algebra")
        data = export(store.core)
    rows = data["tables"]
    for note in rows["notes"]:
        older_here = note["topic_id"] == "calculus"
        note["body"] = "from the file"
        note["updated_at"] = "2999-01-01T00:00:00+00:00" if older_here else "2000-01-01"
    [bookmark] = rows["resource_state"]
    bookmark["bookmarked"] = 0
    with _opened() as store:
        counts = merge(store.core, data)
        assert (counts["notes"], counts["resource_state"]) == (1, 1)
        assert store.progress.notes() == {"calculus": "from the file", "numpy": "new here"}
        assert not store.progress.resource_states()["khan-linear-algebra"].bookmarked
