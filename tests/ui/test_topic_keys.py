"""A topic key pressed where it cannot act says why, instead of silently doing nothing."""

from __future__ import annotations

from mlroad_tui.ui.panes.roadmap import RoadmapTree
from tests.roadmap_files import roadmap_file, topic
from tests.ui.conftest import screen_text

SIZE = (120, 40)


def said(app) -> list[str]:
    return [f"{n.title}: {n.message}" for n in app._notifications]


async def test_topic_keys_on_a_phase_explain_themselves(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        assert app.query_one(RoadmapTree).highlighted_topic() is None  # the cursor is on a phase
        for key, words in (
            ("x", "Skipping (x)"),
            ("n", "Notes (n)"),
            ("o", "Opening a resource (o)"),
            ("t", "The timer (t)"),
        ):
            app.clear_notifications()
            await pilot.press(key)
            assert said(app) == [
                f"No topic here: {words} works on a topic: move the cursor to one first."
            ]
        assert app.states == {} and app.study_timer is None
        app.clear_notifications()
        await pilot.press("enter")  # on a phase, Enter folds: that is its job, nothing to say
        assert said(app) == []


async def test_o_on_a_topic_without_resources_says_so(make_app, tmp_path) -> None:
    roadmap = roadmap_file(
        tmp_path / "bare.toml", topic("reading", "Reading alone"), id="bare", title="Bare"
    )
    app = make_app(roadmap)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "down", "o")
        assert said(app) == ["Nothing to open: Reading alone lists no resource to open."]


async def test_p_when_on_track_says_there_is_nothing_to_re_plan(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await screen_text(pilot)
        await pilot.press("p")
        await pilot.pause()
        assert any(
            message.startswith("Nothing to re-plan")
            for message in [str(n.message) for n in app._notifications]
        )
