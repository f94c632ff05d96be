"""Snapshot tests guard the look of each pane (regenerate with `pytest --snapshot-update`)."""

from __future__ import annotations

import pytest

SIZE = (120, 40)


@pytest.mark.parametrize("key", ["1", "2", "3", "4"], ids=["roadmap", "today", "resources", "news"])
def test_pane_looks(snap_compare, make_app, key: str) -> None:
    assert snap_compare(make_app(), press=[key], terminal_size=SIZE)


def test_progress_shows_in_the_tree(snap_compare, make_app) -> None:
    assert snap_compare(
        make_app(), press=["down", "down", "enter", "down", "enter", "enter"], terminal_size=SIZE
    )


def test_help_screen_looks(snap_compare, make_app) -> None:
    assert snap_compare(make_app(), press=["question_mark"], terminal_size=SIZE)
