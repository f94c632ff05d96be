"""The first run asks for the plan (start, hours a week, study days) instead of assuming it."""

from __future__ import annotations

import re
from datetime import date

import pytest
from textual.widgets import Input, SelectionList

from mlroad_tui import config
from mlroad_tui.plan.model import WEEKDAY_NAMES
from mlroad_tui.plan.settings import DEFAULT_WEEKDAYS, resolve
from mlroad_tui.store import Store
from mlroad_tui.ui.screens.welcome import WelcomeScreen
from tests.ui.conftest import SIZES, UI_TODAY, screen_text

SIZE = (120, 40)


def saved_settings():
    store, _ = Store.open(config.db_path())
    try:
        return store.study.settings()
    finally:
        store.close()


async def welcomed(pilot) -> WelcomeScreen:
    """The welcome screen once it is drawn (it comes just after the first frame)."""
    for _ in range(50):
        if "Welcome to mlroad" in await screen_text(pilot):
            assert isinstance(pilot.app.screen, WelcomeScreen)
            return pilot.app.screen
    raise AssertionError(f"no welcome screen, but {pilot.app.screen}")


async def test_the_first_run_asks_and_esc_keeps_the_defaults(make_app) -> None:
    app = make_app(plan=False)
    async with app.run_test(size=SIZE) as pilot:
        await welcomed(pilot)
        shown = await screen_text(pilot)
        assert "Welcome to mlroad" in shown and "Esc: keep the defaults" in shown
        assert UI_TODAY.isoformat() in shown and "17.5" in shown  # the defaults, filled in
        await pilot.press("escape")
        assert "Plan ready" in [n.title for n in app._notifications]
    saved = saved_settings()
    assert (saved.start, saved.weekly_hours, saved.weekdays) == (UI_TODAY, None, None)

    again = make_app(plan=False)  # a plan exists now: no more questions
    async with again.run_test(size=SIZE) as pilot:
        for _ in range(5):
            await pilot.pause()
        assert not isinstance(again.screen, WelcomeScreen)


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES)
async def test_esc_keeps_the_study_days_the_boxes_show(make_app, size) -> None:
    """A box not ticked must look so without colour too: Textual's boxes all read `▐X▌`,
    which made Monday to Saturday look like seven days (seen in tmux)."""
    app = make_app(plan=False)
    async with app.run_test(size=size) as pilot:
        await welcomed(pilot)
        boxes = re.findall(r"▐(.)▌ (\w{3})", await screen_text(pilot))
        assert [day for _, day in boxes] == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        ticked = [day.lower() for tick, day in boxes if tick == "X"]
        assert {tick for tick, _ in boxes} == {"X", " "}  # ticked or empty, nothing else
        await pilot.press("escape")
        assert "Plan ready" in [n.title for n in app._notifications]
        kept = resolve(saved_settings(), app.roadmap, UI_TODAY)
    assert [WEEKDAY_NAMES[day] for day in kept.weekdays] == ticked
    assert kept.weekdays == DEFAULT_WEEKDAYS  # the planner's own default, shown as it is


async def test_the_answers_make_the_plan(make_app) -> None:
    app = make_app(plan=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await welcomed(pilot)
        screen.query_one("#settings-start", Input).value = "2025-04-01"
        screen.query_one("#settings-hours", Input).value = "10"
        days = screen.query_one(SelectionList)
        days.deselect_all()
        for weekday in (0, 2, 4):
            days.select(weekday)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, WelcomeScreen)
        assert app.today_view is not None
    saved = saved_settings()
    assert (saved.start, saved.weekly_hours, saved.weekdays) == (date(2025, 4, 1), 10.0, (0, 2, 4))


async def test_a_wrong_answer_is_explained_and_nothing_is_saved(make_app) -> None:
    app = make_app(plan=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await welcomed(pilot)
        screen.query_one("#settings-hours", Input).value = "0"
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, WelcomeScreen)
        assert "hours" in await screen_text(pilot)
    assert saved_settings().weekly_hours is None
