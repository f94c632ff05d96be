"""Snapshots of Today and Stats for a learner two months into the plan, on a fixed day
(regenerate with `pytest tests/ui/test_study_snapshots.py --snapshot-update`, then look)."""

from __future__ import annotations

import pytest

from tests.ui.conftest import UI_TODAY
from tests.ui.study_data import noon, seed_study

SIZE = (120, 40)


@pytest.mark.parametrize("keys", [["2"], ["S"]], ids=["today", "stats"])
def test_study_views_look(snap_compare, make_app, monkeypatch, keys: list[str]) -> None:
    seed_study(monkeypatch, UI_TODAY)
    app = make_app(clock=lambda: noon(UI_TODAY))
    assert snap_compare(app, press=keys, terminal_size=SIZE)
