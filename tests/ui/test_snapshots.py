"""Snapshot tests guard the look of every pane and dialog, at 80×24 and at 120×40
(regenerate with `pytest tests/ui/test_snapshots.py --snapshot-update`, then look at them)."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from mlroad_tui.store.feeds import NewItem
from mlroad_tui.store.schema import SCHEMA_VERSION
from tests.roadmap_files import BROKEN_ROADMAP
from tests.ui.conftest import SIZES, UI_TODAY
from tests.ui.study_data import noon, open_store


@pytest.fixture(params=SIZES.values(), ids=SIZES.keys())
def size(request: pytest.FixtureRequest) -> tuple[int, int]:
    return request.param


@pytest.mark.parametrize("key", ["1", "2", "3", "4"], ids=["roadmap", "today", "resources", "news"])
def test_pane_looks(snap_compare, make_app, size, key: str) -> None:
    assert snap_compare(make_app(), press=[key], terminal_size=size)


def test_progress_shows_in_the_tree(snap_compare, make_app, size) -> None:
    assert snap_compare(
        make_app(), press=["down", "down", "enter", "down", "enter", "enter"], terminal_size=size
    )


def test_help_screen_looks(snap_compare, make_app, size) -> None:
    assert snap_compare(make_app(), press=["question_mark"], terminal_size=size)


def test_notes_dialog_looks(snap_compare, make_app, size) -> None:
    keys = ["down", "down", "n", *"Eigenvalues: see 3Blue1Brown."]
    assert snap_compare(make_app(), press=keys, terminal_size=size)


def test_settings_dialog_looks(snap_compare, make_app, size) -> None:
    assert snap_compare(make_app(), press=["comma"], terminal_size=size)


def test_settings_dialog_explains_a_bad_value(snap_compare, make_app, size) -> None:
    keys = ["comma", "tab", "ctrl+a", "ctrl+k", "0", "enter"]
    assert snap_compare(make_app(), press=keys, terminal_size=size)


def test_timer_recovery_dialog_looks(snap_compare, make_app, size) -> None:
    now = noon(UI_TODAY)
    with open_store() as store:
        store.study.start_timer("calculus", now - timedelta(minutes=95))
    assert snap_compare(make_app(clock=lambda: now), terminal_size=size)


def test_error_screen_looks(snap_compare, make_app, size, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)  # the screen names the file as given: the same in every run
    broken = Path("broken.toml")
    broken.write_text(BROKEN_ROADMAP)
    assert snap_compare(make_app(broken), terminal_size=size)


def seed_news() -> None:
    """Two feeds (one failing) and a few undated items (so shown as fetched "now": the
    same picture in every run), without the network."""
    with open_store() as store:
        store.feeds.seed_defaults([])
        papers = store.feeds.add("https://example.org/papers.xml", "Papers on learning")
        blog = store.feeds.add("https://example.org/blog.xml", "A blog with a very long name")
        titles = (
            "Broadcasting Rules in NumPy, Explained With Many Diagrams and Worked Examples",
            "Sparse Attention Transformers",
            "Eigenvectors for the impatient",
        )
        items = [
            NewItem(
                key=f"guid:{n}",
                link=f"https://example.org/{n}",
                title=title,
                author="A. Author",
                summary="What the item is about, in a sentence or two.",
                tags=("ml",),
                published_at=None,
            )
            for n, title in enumerate(titles)
        ]
        store.feeds.save_items(papers.id, items)
        store.feeds.note_failure(blog.id, "http", "HTTP 503 Service Unavailable", 503)


def test_news_with_items_looks(snap_compare, make_app, size) -> None:
    seed_news()
    assert snap_compare(make_app(), press=["4"], terminal_size=size)


def test_feeds_dialog_looks(snap_compare, make_app, size) -> None:
    seed_news()
    assert snap_compare(make_app(), press=["4", "F"], terminal_size=size)


def test_welcome_dialog_looks(snap_compare, make_app, size) -> None:
    assert snap_compare(make_app(plan=False), terminal_size=size)


def test_database_error_looks(snap_compare, make_app, size, mlroad_home, monkeypatch) -> None:
    monkeypatch.setenv("HOME", str(mlroad_home.parent))  # the screen shows the file as ~/…
    mlroad_home.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(mlroad_home / "mlroad.db")  # from a newer mlroad
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    assert snap_compare(make_app(plan=False), terminal_size=size)
