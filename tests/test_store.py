"""The store: migrations keep old rows, corruption is set aside, two writers coexist."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from mlroad_tui.feeds.model import NewItem
from mlroad_tui.progress import TopicState
from mlroad_tui.store import SchemaTooNew, Store
from mlroad_tui.store.core import check_in_full
from mlroad_tui.store.schema import MIGRATIONS, SCHEMA_VERSION


def test_fresh_database_is_wal_and_current(tmp_path: Path) -> None:
    store, moved = Store.open(tmp_path / "new" / "mlroad.db")
    assert moved is None
    assert store.core.rows("PRAGMA journal_mode")[0][0] == "wal"
    assert store.core.rows("PRAGMA user_version")[0][0] == SCHEMA_VERSION
    assert store.core.rows("PRAGMA busy_timeout")[0][0] >= 5000


def test_progress_round_trip_and_history(tmp_path: Path) -> None:
    path = tmp_path / "mlroad.db"
    store, _ = Store.open(path)
    store.progress.set_topic_state("calculus", TopicState.DOING)
    store.progress.set_topic_state("calculus", TopicState.DONE)
    store.progress.save_note("calculus", "chain rule!")
    assert store.progress.toggle_bookmark("khan") is True
    store.progress.mark_visited("khan")
    store.close()

    again, _ = Store.open(path)
    assert again.progress.topic_state("calculus").state is TopicState.DONE
    assert [s for s, _ in again.progress.topic_history("calculus")] == [
        TopicState.DOING,
        TopicState.DONE,
    ]
    assert again.progress.note("calculus") == "chain rule!"
    state = again.progress.resource_states()["khan"]
    assert state.bookmarked and state.visited_at
    again.progress.save_note("calculus", "  ")
    assert again.progress.note("calculus") == ""


def test_a_change_steps_from_the_stored_state_and_undo_only_if_unchanged(tmp_path: Path) -> None:
    """One statement reads the stored state, writes the step, the history and the review
    card of a topic done; a revert applies only while the change still stands."""
    store, _ = Store.open(tmp_path / "mlroad.db")
    other, _ = Store.open(tmp_path / "mlroad.db")  # another window on the same file
    progress = store.progress
    assert progress.change_topic("calculus", TopicState.advanced)[0] is TopicState.TODO
    other.progress.set_topic_state("calculus", TopicState.DOING)  # meanwhile, elsewhere
    before, after = progress.change_topic("calculus", TopicState.advanced)
    assert (before, after.state) == (TopicState.DOING, TopicState.DONE)
    assert after == progress.topic_state("calculus")
    assert set(store.study.next_reviews()) == {"calculus"}

    other.progress.set_topic_state("calculus", TopicState.SKIPPED)
    assert progress.revert_topic("calculus", TopicState.DONE, TopicState.DOING) is False
    assert progress.topic_state("calculus").state is TopicState.SKIPPED
    assert progress.revert_topic("calculus", TopicState.SKIPPED, TopicState.DONE) is True
    assert [s for s, _ in progress.topic_history("calculus")] == [
        TopicState.DOING,
        TopicState.DOING,
        TopicState.DONE,
        TopicState.SKIPPED,
        TopicState.DONE,
    ]
    changes = store.core.rows("SELECT before, state FROM topic_changes WHERE topic_id = 'calculus'")
    assert [tuple(r) for r in changes] == [
        ("todo", "doing"),
        ("doing", "doing"),
        ("doing", "done"),
        ("done", "skipped"),
        ("skipped", "done"),
    ]
    store.close()
    other.close()


def first_release(path: Path) -> sqlite3.Connection:
    """A database as the first release made it (schema 1 only), open for rows to go in."""
    from sqlite_utils import Database

    conn = sqlite3.connect(path, isolation_level=None)
    db = Database(conn)
    db.execute("BEGIN")
    MIGRATIONS[0](db)
    db.execute("PRAGMA user_version = 1")
    db.execute("COMMIT")
    return conn


def test_old_schema_is_migrated_and_keeps_rows(tmp_path: Path) -> None:
    """A database made by the first release (schema 1 only) upgrades in place."""
    path = tmp_path / "mlroad.db"
    conn = first_release(path)
    conn.execute(
        "INSERT INTO topic_progress VALUES ('linear-algebra', 'done', '2026-01-02T00:00:00+00:00')"
    )
    conn.execute(
        "INSERT INTO notes VALUES ('linear-algebra', 'eigen', '2026-01-02T00:00:00+00:00')"
    )
    conn.close()

    store, moved = Store.open(path)
    assert moved is None
    assert store.core.rows("PRAGMA user_version")[0][0] == SCHEMA_VERSION
    assert store.progress.topic_state("linear-algebra").state is TopicState.DONE
    assert store.progress.note("linear-algebra") == "eigen"


def test_an_upgrade_is_announced_before_it_runs_and_a_new_file_is_not(tmp_path: Path) -> None:
    heard: list[tuple[int, int, int]] = []
    path = tmp_path / "mlroad.db"
    first_release(path).close()

    def hear(found: int, target: int) -> None:
        version = sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0]
        heard.append((found, target, version))

    Store.open(path, on_upgrade=hear)[0].close()
    Store.open(path, on_upgrade=hear)[0].close()
    Store.open(tmp_path / "new.db", on_upgrade=hear)[0].close()
    assert heard == [(1, SCHEMA_VERSION, 1)]


def test_the_cli_says_it_is_upgrading(capsys: pytest.CaptureFixture[str]) -> None:
    """A launch on a large old file is silent for seconds while it upgrades: it says why."""
    from mlroad_tui import config
    from mlroad_tui.cli import main

    config.db_path().parent.mkdir(parents=True, exist_ok=True)
    first_release(config.db_path()).close()
    assert main(["topics", "--json"]) == 0
    assert f"upgrading the database from schema 1 to {SCHEMA_VERSION}" in capsys.readouterr().err
    assert main(["topics", "--json"]) == 0
    assert "upgrading" not in capsys.readouterr().err


def test_the_oldest_database_upgrades_to_the_schema_a_new_one_gets(tmp_path: Path) -> None:
    """Every migration, run one by one on a database of the first release that holds rows,
    gives the tables, columns, indexes, views and triggers that a new database gets."""
    old = tmp_path / "old.db"
    conn = first_release(old)
    stamp = "2026-01-02T00:00:00+00:00"
    conn.execute("INSERT INTO topic_progress VALUES ('linear-algebra', 'done', ?)", [stamp])
    conn.execute("INSERT INTO topic_events VALUES (1, 'linear-algebra', 'done', ?)", [stamp])
    conn.execute("INSERT INTO resource_state VALUES ('khan', ?, 1)", [stamp])
    conn.execute("INSERT INTO notes VALUES ('linear-algebra', 'eigen', ?)", [stamp])
    conn.close()

    upgraded, _ = Store.open(old)
    fresh, _ = Store.open(tmp_path / "new.db")
    assert schema_of(upgraded.core.conn) == schema_of(fresh.core.conn)
    assert upgraded.progress.note("linear-algebra") == "eigen"
    upgraded.close()
    fresh.close()


def schema_of(conn: sqlite3.Connection) -> dict[str, object]:
    """Each object of sqlite_master by name: its SQL with white space and quotes around names
    folded (hand-written and sqlite-utils' SQL differ only there), and a table's columns as
    SQLite reports them (name, type, not null, default, key, hidden)."""
    shape: dict[str, object] = {}
    for kind, name, sql in conn.execute("SELECT type, name, sql FROM sqlite_master"):
        columns = conn.execute(f'PRAGMA table_xinfo("{name}")').fetchall()
        text = " ".join((sql or "").replace('"', "").split())
        shape[name] = (kind, text, [tuple(c) for c in columns])
    return shape


def test_newer_schema_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "mlroad.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    with pytest.raises(SchemaTooNew):
        Store.open(path)
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 5


def test_garbage_file_is_set_aside_not_deleted(tmp_path: Path) -> None:
    path = tmp_path / "mlroad.db"
    path.write_bytes(b"this is not a database, it is a shopping list\n" * 200)
    store, moved = Store.open(path)
    assert moved is not None and moved.exists()
    assert moved.read_bytes().startswith(b"this is not a database")
    assert moved.name.startswith("mlroad.db.corrupt-")
    store.progress.set_topic_state("numpy", TopicState.DONE)
    assert store.progress.topic_state("numpy").state is TopicState.DONE


def test_damaged_pages_fail_quick_check_and_are_set_aside(tmp_path: Path) -> None:
    path = tmp_path / "mlroad.db"
    store, _ = Store.open(path)
    for n in range(300):
        store.progress.save_note(f"topic-{n}", "x" * 500)
    store.core.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    data = bytearray(path.read_bytes())
    page = 4096
    data[page * 3 : page * 6] = b"\xff" * (page * 3)  # scribble over b-tree pages
    path.write_bytes(bytes(data))
    _, moved = Store.open(path)
    assert moved is not None and moved.read_bytes() == bytes(data)


def damaged_news(path: Path) -> bytes:
    """A database whose news items' pages are scribbled over after a clean close."""
    store, _ = Store.open(path)
    feed = store.feeds.add("https://example.org/feed.xml")
    items = [NewItem(f"k{n}", None, f"Item {n}", "", "words " * 80, (), None) for n in range(400)]
    store.feeds.save_items(feed.id, items)
    store.core.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    pages = [row[0] for row in store.core.rows("SELECT pageno FROM dbstat WHERE name = 'items'")]
    store.close()
    data = bytearray(path.read_bytes())
    page = 4096
    for n in pages[len(pages) // 2 :]:
        data[page * (n - 1) : page * n] = b"\xff" * page
    path.write_bytes(bytes(data))
    return bytes(data)


def test_a_clean_open_checks_the_learners_tables_and_a_full_check_runs_apart(tmp_path) -> None:
    path = tmp_path / "mlroad.db"
    data = damaged_news(path)
    store, moved = Store.open(path)  # the news tables are not read on an ordinary open
    assert moved is None
    store.close()
    assert not check_in_full(path)  # the full check (run after the first frame) finds it ...
    _, moved = Store.open(path)  # ... and the next open checks in full and sets it aside
    assert moved is not None and moved.read_bytes() == data


def test_after_an_unclean_shutdown_the_whole_file_is_checked(tmp_path: Path) -> None:
    path = tmp_path / "mlroad.db"
    data = damaged_news(path)
    path.with_name("mlroad.db-wal").touch()  # left by a session that did not close
    _, moved = Store.open(path)
    assert moved is not None and moved.read_bytes() == data


def test_a_wal_file_of_a_window_still_open_asks_no_full_check(tmp_path: Path) -> None:
    """While another store has the file open its WAL file is there by right: an open beside
    it checks the learner's tables only, as after a clean close (the full check, 0.4 s at
    100k items, would otherwise run on every command while the TUI is open)."""
    path = tmp_path / "mlroad.db"
    data = damaged_news(path)
    window, _ = Store.open(path)
    assert path.with_name("mlroad.db-wal").exists()
    command, moved = Store.open(path)
    assert moved is None and path.read_bytes()[:100] == data[:100]
    command.close()
    window.close()
    path.with_name("mlroad.db-wal").touch()  # now nobody has it open: left by a crash
    _, moved = Store.open(path)
    assert moved is not None


WRITER = """
import sys
from pathlib import Path
from mlroad_tui.store import Store
from mlroad_tui.progress import TopicState
store, _ = Store.open(Path(sys.argv[1]))
for n in range(200):
    store.progress.set_topic_state(f"{sys.argv[2]}-{n}", TopicState.DONE)
    store.progress.save_note(f"{sys.argv[2]}-{n}", "note")
store.close()
"""


def test_two_processes_write_at_once_and_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "mlroad.db"
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), name]) for name in ("a", "b")
    ]
    assert [p.wait(timeout=60) for p in procs] == [0, 0]
    store, moved = Store.open(path)
    assert moved is None
    states = store.progress.topic_states()
    assert len(states) == 400
    assert len(store.progress.notes()) == 400
    assert len(store.core.rows("SELECT * FROM topic_events")) == 400


def test_state_transitions_of_the_keys() -> None:
    """Enter/space cycles todo → doing → done → todo; x skips and un-skips."""
    assert [TopicState.TODO.advanced(), TopicState.DOING.advanced()] == [
        TopicState.DOING,
        TopicState.DONE,
    ]
    assert TopicState.DONE.advanced() is TopicState.TODO
    assert TopicState.DOING.skip_toggled() is TopicState.SKIPPED
    assert TopicState.SKIPPED.skip_toggled() is TopicState.TODO
