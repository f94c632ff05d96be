"""Keys typed faster than the screen redraws (a fast typist, a paste, tmux send-keys) go where
the key before them sent the keyboard: "3/cou" filters the resources, it never checks links (c),
opens a page (o) or toggles the unhealthy view (u)."""

from __future__ import annotations

from textual import events
from textual.app import App
from textual.widgets import Input

from mlroad_tui.ui.panes.news import NewsTable
from mlroad_tui.ui.panes.resources import ResourcesPane, ResourceTable
from tests.ui.conftest import screen_text, until

SIZE = (100, 30)


def burst(app: App[object], keys: str | list[str]) -> None:
    """Queue every key at once, as a terminal delivers typed-ahead input: no redraw between.
    A key is a character, or a key name (in a list) that types none."""
    assert app._driver is not None
    for key in keys:
        character = key if len(key) == 1 else None
        event = events.Key({"/": "slash"}.get(key, key), character)
        event.set_sender(app)
        app._driver.send_message(event)


async def test_a_filter_typed_ahead_reaches_the_filter_box(make_app, browser) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.query(ResourceTable))  # built just after the first frame
        burst(app, "3/cou")
        await pilot.pause()
        await pilot.pause()
        box = app.focused
        assert isinstance(box, Input) and box.value == "cou"
        assert browser.opened == []
        assert not any(worker.name == "checking links" for worker in app.workers)
        assert not app.query_one(ResourcesPane).unhealthy_only
        table = app.query_one(ResourceTable)
        assert 0 < table.row_count < 38  # "cou" matches the courses, not every resource
        assert "Khan Academy" in await screen_text(pilot)


async def test_a_news_search_typed_ahead_reaches_the_search_box(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.query(NewsTable))
        burst(app, "4/rsu")
        await pilot.pause()
        await pilot.pause()
        box = app.focused
        assert isinstance(box, Input) and box.value == "rsu"


async def test_a_search_typed_ahead_after_ctrl_f_reaches_the_search_box(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.query(NewsTable))
        event = events.Key("ctrl+f", None)
        event.set_sender(app)
        assert app._driver is not None
        app._driver.send_message(event)
        burst(app, "linear")
        await until(pilot, lambda: isinstance(app.focused, Input) and app.focused.value)
        assert app.focused.value == "linear"


async def test_the_cursor_stays_shown_while_text_is_deleted(make_app) -> None:
    """Backspace is bound at once (it never reaches the Input's own key handler, which keeps
    the cursor shown while typing): deleting a key every 0.2 s, the cursor never blinks off."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3", "slash", *"linear algebra")
        box = app.focused
        assert isinstance(box, Input)
        shown = []
        for _ in range(6):  # 1.2 s: a blink (every 0.5 s) would hide it at least once
            await pilot.press("backspace")
            await pilot.pause(0.2)
            shown.append(box._cursor_visible)
        assert box.value == "linear a" and all(shown)


async def test_keys_typed_into_a_box_are_not_overtaken_by_the_keys_after_them(make_app) -> None:
    """A key bound at once (ctrl+k in the box, ctrl+s on the screen) waits for the keys typed
    before it that the box still has to take: "16" then ctrl+s saves 16 hours, not 1 (or
    the 17.5 the box held before ctrl+a ctrl+k cleared it)."""
    from tests.ui.test_welcome import saved_settings, welcomed

    app = make_app(plan=False)
    async with app.run_test(size=SIZE) as pilot:
        await welcomed(pilot)
        burst(app, ["tab", "ctrl+a", "ctrl+k", "1", "6", "ctrl+s"])
        await until(pilot, lambda: app.today_view is not None)
        await pilot.pause()
    assert saved_settings().weekly_hours == 16.0
