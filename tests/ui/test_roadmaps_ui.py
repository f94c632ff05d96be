"""Several roadmaps, several windows: switching roadmaps, windows in sync, undo (Pilot)."""

from __future__ import annotations

from datetime import datetime, timedelta

from mlroad_tui.cli import main
from mlroad_tui.progress import TopicState
from mlroad_tui.ui.screens.roadmaps import RoadmapsScreen
from tests.ui.conftest import UI_TODAY, screen_text, until
from tests.ui.study_data import noon, open_store, seed_study

SIZE = (120, 40)


async def choose_roadmap(pilot, title: str) -> None:
    app = pilot.app
    await pilot.press("R")
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert isinstance(app.screen, RoadmapsScreen)
    options = app.screen.query_one("#roadmaps-choices")
    prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
    index = next(i for i, prompt in enumerate(prompts) if title in prompt)
    options.highlighted = index
    await pilot.press("enter")
    await pilot.pause(0.1)
    await pilot.pause()


async def test_switching_shows_the_other_roadmaps_own_state(make_app, other_roadmap) -> None:
    app = make_app(curriculum=other_roadmap)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "down", "enter", "enter")  # Linear Algebra done, here only
        assert app.states["linear-algebra"].state is TopicState.DONE
        await pilot.pause()
    with open_store() as store:  # a note, a plan and study time of data-eng's own
        theirs = store.for_roadmap("data-eng")
        theirs.progress.save_note("calculus", "limits first")
        theirs.study.save_settings(weekly_hours=5)
        theirs.study.log_session("calculus", UI_TODAY, 120)
    app = make_app()  # the bundled roadmap: nothing done
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await pilot.pause()
        assert "linear-algebra" not in app.states and app.notes == {}
        assert app.today_view.week.hours == 0
        await pilot.press("1")
        await choose_roadmap(pilot, "Data Engineering")
        assert app.roadmap.id == "data-eng" and app.sub_title == "Data Engineering"
        assert app.states["linear-algebra"].state is TopicState.DONE
        assert app.notes == {"calculus": "limits first"}
        assert app.today_view.week.hours == 2 and app.today_view.week.target_hours == 5
        await pilot.press("S")  # stats are data-eng's too
        assert "2h" in await screen_text(pilot)
        await pilot.press("escape")
        assert "Data Engineering" in (await screen_text(pilot)).splitlines()[0]
        await pilot.press("down", "down", "down", "enter")  # Calculus: doing, in data-eng
        await choose_roadmap(pilot, "6-Month Machine Learning Roadmap")
        assert app.roadmap.id == "ml-roadmap" and app.states == {}
    # the last roadmap opened opens again, each with its own state
    app = make_app(curriculum=None, plan=False)
    async with app.run_test(size=SIZE):
        assert app.roadmap.id == "ml-roadmap"


async def test_a_vanished_roadmap_file_is_listed_as_such(make_app, other_roadmap) -> None:
    async with make_app(curriculum=other_roadmap).run_test(size=SIZE) as pilot:
        await pilot.pause()
    other_roadmap.unlink()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("R")
        await app.workers.wait_for_complete()
        shown = await screen_text(pilot)
        assert "Data Engineering" in shown and "was moved or deleted" in shown
        assert "its progress is kept" in shown


async def test_two_windows_see_each_others_changes(make_app) -> None:
    one, two = make_app(), make_app()
    async with one.run_test(size=SIZE) as p1, two.run_test(size=SIZE) as p2:
        await p1.pause(0.2)
        await p2.pause(0.2)
        await p1.press("down", "down", "enter")  # Linear Algebra: doing, in window one
        await until(p2, lambda: "linear-algebra" in two.states)
        assert two.states["linear-algebra"].state is TopicState.DOING
        # Enter in window two steps from the stored state, not from a stale copy
        await p2.press("down", "down", "enter")
        assert two.states["linear-algebra"].state is TopicState.DONE
        await until(p1, lambda: one.states["linear-algebra"].state is TopicState.DONE)


async def test_the_tui_follows_topic_set_and_log_from_the_cli(make_app, capsys) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await pilot.pause(0.3)
        assert main(["topic", "set", "linear-algebra", "done"]) == 0
        await until(pilot, lambda: "linear-algebra" in app.states)
        assert app.states["linear-algebra"].state is TopicState.DONE
        await pilot.press("1", "down", "down", "enter")  # done → todo, from the stored state
        assert app.states["linear-algebra"].state is TopicState.TODO
        week = app.today_view.week.hours
        assert main(["log", "calculus", "90m", "--date", "2025-03-12"]) == 0
        await until(pilot, lambda: app.today_view.week.hours == week + 1.5)
    capsys.readouterr()


async def test_ctrl_z_undoes_several_changes_and_never_a_newer_one(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "down", "enter", "enter")  # todo → doing → done
        await pilot.press("x")  # done → skipped
        assert app.states["linear-algebra"].state is TopicState.SKIPPED
        notes = [str(n.message) for n in app._notifications]
        assert "Linear Algebra: done → skipped · ctrl+z undoes" in notes
        await pilot.press("ctrl+z")
        assert app.states["linear-algebra"].state is TopicState.DONE
        await pilot.press("ctrl+z")
        assert app.states["linear-algebra"].state is TopicState.DOING
        # a change made elsewhere since wins over the undo
        app.store.for_roadmap("ml-roadmap").progress.set_topic_state(
            "linear-algebra", TopicState.DONE
        )
        await pilot.press("ctrl+z")
        assert app.store.progress.topic_state("linear-algebra").state is TopicState.DONE
        assert any("Not undone" in str(n.message) for n in app._notifications)
        await pilot.press("ctrl+z")
        assert any("Nothing to undo" in str(n.message) for n in app._notifications)


class Clock:
    def __init__(self) -> None:
        self.now = noon(UI_TODAY)

    def __call__(self) -> datetime:
        return self.now


async def test_ctrl_z_undoes_a_bookmark_a_logged_session_and_a_replan(make_app, monkeypatch):
    seed_study(monkeypatch, UI_TODAY)  # behind the plan: re-planning is offered
    clock = Clock()
    app = make_app(clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await pilot.pause()
        await pilot.press("b")
        assert any(s.bookmarked for s in app.resource_states.values())
        await pilot.press("ctrl+z")
        assert not any(s.bookmarked for s in app.resource_states.values())

        sessions = len(app.store.study.sessions())
        await pilot.press("2", "t")
        clock.now += timedelta(minutes=25)
        await pilot.press("t")
        assert len(app.store.study.sessions()) == sessions + 1
        await pilot.press("ctrl+z")
        assert len(app.store.study.sessions()) == sessions

        await pilot.press("p", "p")
        await pilot.pause()
        assert len(app.store.study.replans()) == 1
        assert any("ctrl+z undoes" in str(n.message) for n in app._notifications)
        await pilot.press("ctrl+z")
        assert app.store.study.replans() == ()


def test_a_roadmap_path_is_shown_short(tmp_path, monkeypatch) -> None:
    from mlroad_tui.ui.widgets.labels import shown_path
    from tests.conftest import BUNDLED

    monkeypatch.setenv("HOME", str(tmp_path / "me"))
    assert shown_path(tmp_path / "me" / "plans" / "ml.toml") == "~/plans/ml.toml"
    assert shown_path(tmp_path / "elsewhere.toml") == str(tmp_path / "elsewhere.toml")
    assert shown_path(BUNDLED) == "the roadmap that comes with mlroad"
