"""The app driven by keys through Textual's Pilot, asserting on what the screen holds."""

from __future__ import annotations

import gc
import importlib
import inspect
import pkgutil
from pathlib import Path

from rich.table import Table
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Input

from mlroad_tui.progress import TopicState
from mlroad_tui.store import Store
from mlroad_tui.ui import screens
from mlroad_tui.ui.messages import OpenUrl
from mlroad_tui.ui.panes.resources import ResourcesPane, ResourceTable
from mlroad_tui.ui.panes.roadmap import RoadmapTree
from mlroad_tui.ui.panes.today import TodayList
from mlroad_tui.ui.screens.error import CurriculumErrorScreen
from mlroad_tui.ui.screens.help import HelpScreen
from mlroad_tui.ui.screens.notes import NotesScreen
from mlroad_tui.ui.widgets.keys_footer import KeysFooter
from mlroad_tui.ui.widgets.pane_tabs import PaneTabs
from mlroad_tui.ui.widgets.text_view import TextView
from tests.roadmap_files import BROKEN_ROADMAP
from tests.ui.conftest import screen_text
from tests.ui.study_data import open_store

SIZE = (120, 40)


async def test_panes_switch_with_number_keys(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        panes = app.query_one(ContentSwitcher)
        assert panes.current == "roadmap"
        for key, pane in (("2", "today"), ("3", "resources"), ("4", "news"), ("1", "roadmap")):
            await pilot.press(key)
            assert panes.current == pane
            assert app.query_one(PaneTabs).active == pane
        await pilot.press("4")
        assert "No news yet" in await screen_text(pilot)


async def test_footer_keys_come_with_the_first_screen_and_follow_the_pane(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        footer = app.query_one(KeysFooter)
        footer_line = (await screen_text(pilot)).splitlines()[-1]
        assert "Advance" in footer_line and "Quit" in footer_line  # the roadmap's and the app's
        await pilot.press("3")
        assert "Bookmark" in (await screen_text(pilot)).splitlines()[-1]
        shown = list(footer.children)
        await pilot.press("3")  # the same pane again: the same keys, not composed anew
        await pilot.pause()
        assert list(footer.children) == shown


async def test_a_pane_seen_first_adds_its_keys_and_keeps_the_footers_others(make_app) -> None:
    """Each pane's first showing mounts only the keys it brings: the keys already laid out keep
    their widgets, so the next showing of their pane is laid out in one pass."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        footer = app.query_one(KeysFooter)
        seen: list[object] = []
        for key, brought in (("2", "Advance"), ("3", "Bookmark"), ("4", "Refresh")):
            before = list(footer.children)
            await pilot.press(key)
            await pilot.pause()
            assert brought in (await screen_text(pilot)).splitlines()[-1]
            after = list(footer.children)
            assert [w for w in after if w in before] == before  # none replaced, order kept
            seen = after
        await pilot.press("1", "2", "3", "4")
        await pilot.pause()
        assert list(footer.children) == seen


async def test_clicking_a_pane_name_shows_that_pane(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        tabs = app.query_one(PaneTabs)
        line = (await screen_text(pilot)).splitlines()[1]
        await pilot.click(PaneTabs, offset=(line.index("Resources") + 2 - tabs.region.x, 0))
        assert app.query_one(ContentSwitcher).current == "resources"
        assert tabs.active == "resources"
        assert "Khan Academy - Linear Algebra" in await screen_text(pilot)


async def test_enter_advances_a_topic_and_it_survives_a_restart(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        tree = app.query_one(RoadmapTree)
        # The cursor starts on the current phase; two steps down is its first topic.
        await pilot.press("down", "down")
        topic = tree.highlighted_topic()
        assert topic is not None and topic.id == "linear-algebra"
        await pilot.press("enter")
        assert app.states[topic.id].state is TopicState.DOING
        assert str(tree.cursor_node.label).startswith("◐")
        await pilot.press("space")
        assert app.states[topic.id].state is TopicState.DONE
        shown = await screen_text(pilot)
        assert "● Linear Algebra" in shown and "● done · 16 h" in shown

    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        assert again.states["linear-algebra"].state is TopicState.DONE
        await pilot.press("2")
        listing = again.query_one(TodayList)
        today_ids = [listing.get_option_at_index(i).id for i in range(listing.option_count)]
        assert "linear-algebra" not in today_ids and today_ids


async def test_the_roadmap_opens_at_the_current_month(make_app) -> None:
    """The first screen opens the first month with work left, at the cursor and marked
    `◀ now`, however far the learner has come (it opened month 1 while the learner's states
    were still on their way to the tree)."""
    app = make_app()
    done = [t.id for phase in app.roadmap.phases[:2] for t in phase.topics]
    with open_store() as store:
        for topic_id in done:
            store.for_roadmap(app.roadmap.id).progress.set_topic_state(topic_id, TopicState.DONE)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        tree = app.query_one(RoadmapTree)
        third = app.roadmap.phases[2]
        assert tree.cursor_node.data is third and tree.cursor_node.is_expanded
        assert [n.data for n in tree.root.children if n.is_expanded] == [third]
        assert "M3 Intermediate ML" in await screen_text(pilot)
        assert "◀ now" in str(tree.cursor_node.label)


async def test_today_enter_marks_progress_seen_in_roadmap(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        listing = app.query_one(TodayList)
        first = listing.highlighted_topic()
        assert first is not None
        await pilot.press("enter")
        assert app.states[first.id].state is TopicState.DOING
        await pilot.press("x")
        assert app.states[first.id].state is TopicState.SKIPPED


async def test_filter_resources_incrementally(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        table = app.query_one(ResourceTable)
        everything = table.row_count
        assert everything >= 38
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.focused, Input)
        await pilot.press(*"khan")
        assert table.row_count == 3
        await pilot.press(*" calc")
        assert table.row_count == 1
        shown = await screen_text(pilot)
        assert "Khan Academy - Calculus" in shown and "Khan Academy - Linear" not in shown
        await pilot.press("escape")
        assert table.row_count == everything
        assert "Khan Academy - Linear Algebra" in await screen_text(pilot)


async def test_a_pane_shown_again_is_laid_out_once(make_app) -> None:
    """Every layout is a frame: a switch's work is laid out together, and the roadmap tree,
    shown again, keeps its lines instead of asking for a second layout (Textual's Tree does
    on any Resize, and a pane shown again gets none: it kept its size while parked)."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        for key in "21":  # the Today pane and the Footer's keys, laid out once
            await pilot.press(key)
            await pilot.pause(0.1)
        layouts: list[object] = []
        app.screen.screen_layout_refresh_signal.subscribe(app, layouts.append)
        for key in "21":
            await pilot.press(key)
            await pilot.pause(0.1)
        assert app.query_one(ContentSwitcher).current == "roadmap"
        assert len(layouts) == 2
        assert "◀ now" in await screen_text(pilot)


async def test_a_pane_shown_first_is_laid_out_once(make_app) -> None:
    """The panes not shown are laid out at the stack's size all along, drawn nowhere and out
    of the focus chain; their keys are in the Footer already: a first showing is one layout,
    as any other switch, not a layout from nothing and a second one a frame later."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause(0.2)
        stack = app.query_one(ContentSwitcher)
        for pane in stack.children:
            assert pane.size == stack.size
            parked = pane.id != "roadmap"
            assert (pane.region.x >= SIZE[0]) is parked  # off the screen
        for _ in range(6):
            await pilot.press("tab")
            assert app.focused is not None and "roadmap" in {n.id for n in app.focused.ancestors}
        layouts: list[object] = []
        app.screen.screen_layout_refresh_signal.subscribe(app, layouts.append)
        for key in "234":
            count = len(layouts)
            await pilot.press(key)
            await pilot.pause(0.1)
            assert len(layouts) == count + 1, key
        assert "No news yet" in await screen_text(pilot)


async def test_a_filter_keystroke_lays_nothing_out(make_app) -> None:
    """A layout is a frame of its own, and the scroll views draw their scrollbars again a frame
    later: a keystroke in the filter box changes rows and text, never the size of a widget,
    not even when the rows go from more than the table shows to fewer (and back)."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3", "slash")
        await pilot.pause()
        table = app.query_one(ResourceTable)
        assert table.row_count > table.size.height  # every resource: more than fit
        layouts: list[object] = []
        app.screen.screen_layout_refresh_signal.subscribe(app, layouts.append)
        await pilot.press(*"khan", *["backspace"] * 4, *"khan academy")
        await pilot.press(*" linear algebra and more" * 5)  # wider than the box
        await pilot.pause()
        assert table.row_count == 0 and layouts == []
        box = app.query_one("#resource-filter", Input)
        assert box.cursor_position == len(box.value) and box.scroll_x > 0  # it still scrolls


async def test_a_row_moved_to_shows_its_detail_in_the_same_turn(make_app, monkeypatch) -> None:
    """The detail is drawn as the cursor moves, not on a message handled after the frame that
    shows the cursor there: each j/k then drew twice, a frame (~17 ms) apart."""
    app = make_app()
    shown: list[tuple[str | None, str]] = []
    move = ResourceTable.action_move

    def moved(table: ResourceTable, step: int) -> None:
        move(table, step)
        detail = app.query_one("#resource-detail", TextView)
        lines = (detail.render_line(y).text for y in range(detail.size.height))
        shown.append((table.highlighted_key, "\n".join(lines)))

    monkeypatch.setattr(ResourceTable, "action_move", moved)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3", "j", "j", "k")
        await pilot.pause()
        entries = app.query_one(ResourcesPane)._by_id
    assert len(shown) == 3
    for key, text in shown:
        assert key is not None and entries[key].resource.title in text, (key, text)


async def test_enter_opens_the_resource_and_marks_it_visited(make_app, browser) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert browser.opened == ["https://www.khanacademy.org/math/linear-algebra"]
        first_row = next(
            line for line in (await screen_text(pilot)).splitlines() if "Linear Algebra" in line
        )
        assert "✓" in first_row


async def test_file_url_is_refused_with_a_notice(make_app, browser) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.query_one(RoadmapTree).post_message(OpenUrl("file:///etc/passwd"))
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert browser.opened == []
        notices = [str(n.message) for n in app._notifications]
        assert any("Refused to open 'file:///etc/passwd'" in n for n in notices)


async def test_notes_are_saved_to_the_store(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "down", "n")
        assert isinstance(app.screen, NotesScreen)
        await pilot.press(*"eigenvectors [b]!", "escape")
        assert not isinstance(app.screen, NotesScreen)
        assert app.store.progress.note("linear-algebra") == "eigenvectors [b]!"
        assert "eigenvectors [b]!" in await screen_text(pilot)


def dialog_style_files() -> set[Path]:
    """The .tcss files the app's screens bring (their CSS_PATH, beside their module)."""
    found: set[Path] = set()
    for module in pkgutil.iter_modules(screens.__path__, f"{screens.__name__}."):
        for _, member in inspect.getmembers(importlib.import_module(module.name), inspect.isclass):
            if issubclass(member, Screen) and member.__module__ == module.name and member.CSS_PATH:
                paths = member.CSS_PATH if isinstance(member.CSS_PATH, list) else [member.CSS_PATH]
                found |= {Path(inspect.getfile(member)).parent / path for path in paths}
    return found


async def test_opening_a_dialog_restyles_nothing(make_app) -> None:
    """Every dialog's styles are read once the panes are built: a screen bringing a file not
    read yet has Textual restyle every widget of the app in the keystroke that opens it."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        files = dialog_style_files()
        assert len(files) >= 4
        for path in files:
            assert app.stylesheet.has_source(str(path)), path
        restyled: list[object] = []
        update = app.stylesheet.update
        app.stylesheet.update = lambda *args, **kwargs: (restyled.append(args), update(*args))
        for key in ("question_mark", "S", "ctrl+f", "comma"):
            await pilot.press(key)
            await pilot.pause()
            assert app.screen is not app.screen_stack[0], key
            await pilot.press("escape")
            await pilot.pause()
        assert restyled == []


async def test_the_help_tables_are_drawn_once(make_app, monkeypatch) -> None:
    """Rich measures every cell of a table each time it is drawn, and Textual draws a Static
    to learn its height and again to paint it: opened again, the help draws no table."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        await pilot.press("escape")
        drawn: list[Table] = []
        draw = Table.__rich_console__
        monkeypatch.setattr(
            Table, "__rich_console__", lambda t, *a: (drawn.append(t), draw(t, *a))[1]
        )
        await pilot.press("question_mark")
        await pilot.pause()
        assert "topic-advance" in await screen_text(pilot) and drawn == []


async def test_help_lists_every_binding(make_app) -> None:
    """Words only the help screen shows (section titles, hidden bindings, binding ids), so the
    Footer and the pane tabs cannot pass this test for it."""
    only_in_help = (
        "Everywhere",
        "Roadmap and Today",
        "Settings",  # a binding the Footer hides
        "Clear filter",  # the Resources pane's, shown while the Roadmap is
        "topic-advance",  # ids name bindings for config.toml's [keymap]
        "fix-moved-link",
    )
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        before = await screen_text(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        shown = await screen_text(pilot)
        for words in only_in_help:
            assert words not in before and words in shown, words
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_broken_curriculum_shows_problems_not_a_traceback(make_app, tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text(BROKEN_ROADMAP)
    app = make_app(broken)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CurriculumErrorScreen)
        text = await screen_text(pilot)
        assert "broken.toml" in text and "bogus" in text
        await pilot.press("q")
    assert app.return_code == 1  # mlroad could not start: a failure for scripts too


async def test_corrupt_database_is_reported(make_app, mlroad_home: Path) -> None:
    mlroad_home.mkdir(parents=True)
    (mlroad_home / "mlroad.db").write_text("not sqlite at all " * 100)
    app = make_app(plan=False)  # the damaged file must reach the app as it is
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        notices = [str(n.message) for n in app._notifications]
        assert any("set aside" in n and "mlroad.db.corrupt-" in n for n in notices)
    assert list(mlroad_home.glob("mlroad.db.corrupt-*"))


async def test_garbage_collection_paused_for_startup_resumes_after_the_first_frame(
    make_app,
) -> None:
    """`mlroad` pauses the collector while it starts; the app must turn it back on."""
    gc.disable()
    try:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert gc.isenabled()
    finally:
        gc.enable()
        gc.unfreeze()


async def test_a_damaged_database_found_after_the_first_frame_is_reported(
    make_app, monkeypatch
) -> None:
    checked = []

    def damaged(store: Store) -> bool:
        checked.append(store.core.path)
        return False

    monkeypatch.setattr(Store, "check_in_full", damaged)
    app = make_app()
    async with app.run_test(size=SIZE):
        await app.workers.wait_for_complete()
        assert checked and "failed its integrity check" in " ".join(
            str(n.message) for n in app._notifications
        )


def test_a_roadmap_read_from_its_file_is_cached_before_the_first_screen(
    make_app, mlroad_home: Path
) -> None:
    """A launch that finds no cached roadmap caches it before any screen, so a session closed
    (or killed, as a closed terminal does) right after its first frame still leaves it, and no
    half-written file."""
    cache = mlroad_home / "cache"
    make_app()
    assert [p.name.startswith("roadmap-") for p in cache.iterdir()] == [True]


async def test_an_upgrade_at_launch_is_told_before_the_first_screen(make_app) -> None:
    """The launch passes `on_upgrade` (the CLI prints it while the terminal is the shell's);
    the app then starts on the upgraded file."""
    from mlroad_tui import config
    from mlroad_tui.store.schema import SCHEMA_VERSION
    from tests.test_store import first_release

    config.db_path().parent.mkdir(parents=True, exist_ok=True)
    first_release(config.db_path()).close()
    heard: list[tuple[int, int]] = []
    app = make_app(plan=False, on_upgrade=lambda found, target: heard.append((found, target)))
    assert heard == [(1, SCHEMA_VERSION)]
    async with app.run_test() as pilot:
        assert app.opened.db_error is None and app.store is not None
        await pilot.pause()
