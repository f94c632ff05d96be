"""Snapshots of Today and the study dialogs for a learner two months into the plan, on a fixed
day, at 80×24 and 120×40 (regenerate with
`pytest tests/ui/test_study_snapshots.py --snapshot-update`, then look at them)."""

from __future__ import annotations

import pytest

from tests.ui.conftest import SIZES, UI_TODAY
from tests.ui.study_data import noon, seed_study


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES.keys())
@pytest.mark.parametrize(
    "keys",
    [["2"], ["S"], ["v"], ["v", "space"], ["2", "p"]],
    ids=["today", "stats", "review", "review-answer", "replan"],
)
def test_study_views_look(snap_compare, make_app, monkeypatch, keys: list[str], size) -> None:
    seed_study(monkeypatch, UI_TODAY)
    app = make_app(clock=lambda: noon(UI_TODAY))
    assert snap_compare(app, press=keys, terminal_size=size)
