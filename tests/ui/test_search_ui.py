"""The search screen driven by keys: grouped hits, highlighted safely, Enter jumps to the hit."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlroad_tui.feeds.model import NewItem
from mlroad_tui.search.model import Kind
from mlroad_tui.store import Store
from mlroad_tui.ui.panes.resources import ResourceTable
from mlroad_tui.ui.panes.roadmap import RoadmapTree
from mlroad_tui.ui.screens.reader import ReaderScreen
from mlroad_tui.ui.screens.search import MATCH_STYLE, SHOWN, SearchScreen
from mlroad_tui.ui.widgets.grouped_list import GroupedList
from tests.ui.conftest import screen_text

SIZE = (120, 40)


def learner(home: Path) -> None:
    """A note, and two news items (one with markup in its title), no default feeds."""
    store, _ = Store.open(home / "mlroad.db")
    store.feeds.seed_defaults([])
    feed = store.feeds.add("https://feeds.example/ml")
    store.feeds.save_items(
        feed.id,
        [
            NewItem("guid:1", "https://x.example/1", "Eigenfaces revisited", "", "", (), None),
            NewItem("guid:2", None, "[bold red]Eigen[/] loud", "", "", (), None),
        ],
        title="ML Blog",
    )
    store.progress.save_note("calculus", "eigen stuff to remember")
    store.close()


async def ready(pilot) -> None:
    """After the first frame: the panes are mounted and the roadmap indexed."""
    for _ in range(100):
        await pilot.pause(0.02)
        await pilot.app.workers.wait_for_complete()
        if pilot.app.resource_finder is not None:
            return
    raise AssertionError("the roadmap was never indexed")


async def searched(pilot, words: str) -> str:
    await pilot.press("ctrl+f")
    await pilot.pause()
    assert isinstance(pilot.app.screen, SearchScreen)
    await pilot.press(*words)
    await pilot.app.workers.wait_for_complete()
    return await screen_text(pilot)


async def test_hits_are_grouped_by_kind_and_highlighted(make_app, mlroad_home) -> None:
    learner(mlroad_home)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        shown = await searched(pilot, "eigen")
        results = app.screen.query_one(GroupedList)
        assert [str(text) for text, hit in results.entries if hit is None] == [
            "Topics (1)",
            "Notes (1)",
            "News (2)",
        ]
        assert "[bold red]Eigen[/] loud" in shown  # markup in a title stays text
        assert "4 hit(s)" in shown
        # The matched word is styled; the rest of the title (markup included) is not.
        prompt = next(text for text, _ in results.entries if str(text).startswith("[bold red]"))
        matched = [span for span in prompt.spans if MATCH_STYLE in str(span.style)]
        assert [prompt.plain[s.start : s.end] for s in matched] == ["Eigen"]


async def test_a_kind_with_more_hits_than_shown_says_so(make_app, mlroad_home) -> None:
    """The first SHOWN hits of a kind are listed; a count of SHOWN would hide the thousands a
    common word matches, so the group and the status line say that more match."""
    store, _ = Store.open(mlroad_home / "mlroad.db")
    store.feeds.seed_defaults([])
    feed = store.feeds.add("https://feeds.example/ml")
    count = SHOWN + 5
    items = [NewItem(f"g{n}", None, f"Attention paper {n}", "", "", (), None) for n in range(count)]
    store.feeds.save_items(feed.id, items, title="ML Blog")
    store.close()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        shown = await searched(pilot, "paper")
        results = app.screen.query_one(GroupedList)
        assert [str(text) for text, hit in results.entries if hit is None] == [f"News ({SHOWN}+)"]
        assert sum(hit is not None for _, hit in results.entries) == SHOWN
        assert f"{SHOWN} hits shown, the first {SHOWN} of each kind" in shown
        await pilot.press(*" 12")  # "paper 12": one of them, and nothing more to say
        await app.workers.wait_for_complete()
        shown = await screen_text(pilot)
        assert "News (1)" in shown and "1 hit(s)" in shown


async def test_an_answer_lays_nothing_out(make_app, mlroad_home) -> None:
    """A layout is a frame of its own, and the lists draw their scrollbars again a frame later:
    typing on, from many hits to none and back, changes lines and text, never a size."""
    learner(mlroad_home)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await searched(pilot, "e")
        layouts: list[object] = []
        app.screen.screen_layout_refresh_signal.subscribe(app, layouts.append)
        shown = []
        for keys in ("igen", "zz", "backspace", "backspace", "backspace", "backspace"):
            await pilot.press(*([keys] if keys == "backspace" else keys))
            await app.workers.wait_for_complete()
            await pilot.pause()
            shown.append(len(app.screen.query_one(GroupedList).entries))
        assert shown[0] > 0 and shown[1] == 0 and shown[3] == shown[0]  # eigen, eigenzz, eigen
        assert layouts == []


async def test_nothing_found_and_escape_closes(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        shown = await searched(pilot, "zzqxv")
        assert "Nothing matches." in shown
        await pilot.press("escape")
        assert not isinstance(app.screen, SearchScreen)


@pytest.mark.parametrize("size", [(80, 24), SIZE])
async def test_the_footer_offers_the_search_keys_not_the_panes(make_app, size) -> None:
    """The pane's keys (Advance, Skip…) would not act while the search is open."""
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert "Advance" in (await screen_text(pilot)).splitlines()[-1]
        footer = (await searched(pilot, "attention")).splitlines()[-1]
        assert "Close" in footer
        assert "Advance" not in footer
        assert "Quit" not in footer  # q types a q here


async def test_enter_jumps_to_a_topic_in_the_roadmap(make_app, mlroad_home) -> None:
    learner(mlroad_home)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await searched(pilot, "backprop")
        await pilot.press("enter")  # the first hit
        await pilot.pause()
        await pilot.pause()
        tree = app.query_one(RoadmapTree)
        assert app.focused is tree
        topic = tree.highlighted_topic()
        assert topic is not None
        assert "backprop" in f"{topic.title} {topic.summary} {topic.key_points}".lower()


async def test_the_cursor_moves_over_hits_and_skips_headings(make_app, mlroad_home) -> None:
    learner(mlroad_home)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await searched(pilot, "eigen")  # Topics (1), Notes (1), News (2)
        results = app.screen.query_one(GroupedList)
        seen = []
        for key in ("down", "down", "down", "up", "end", "home"):
            await pilot.press(key)
            hit = results.highlighted
            seen.append(hit.kind if hit else None)
        assert app.focused is results
        assert seen == [Kind.TOPIC, Kind.NOTE, Kind.NEWS, Kind.NOTE, Kind.NEWS, Kind.TOPIC]


@pytest.mark.parametrize("choose", ["down, enter", "click"])
async def test_a_chosen_hit_jumps_to_the_resource(make_app, choose: str) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await searched(pilot, "khan calc")
        if choose == "click":
            results = app.screen.query_one(GroupedList)
            assert await pilot.click(GroupedList, offset=(4, 0))  # "Resources (1)": nothing
            assert await pilot.click(GroupedList, offset=(results.size.width - 1, 2))  # the bar
            await pilot.pause()
            assert isinstance(app.screen, SearchScreen)
            assert await pilot.click(GroupedList, offset=(4, 2))  # the hit's snippet line
        else:
            await pilot.press("down", "enter")
        await pilot.pause()
        table = app.query_one(ResourceTable)
        assert app.focused is table and table.highlighted_key == "khan-calculus"


async def test_a_news_hit_opens_the_reader(make_app, mlroad_home) -> None:
    learner(mlroad_home)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await searched(pilot, "eigenfaces")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.item.title == "Eigenfaces revisited"


async def test_the_palette_offers_search(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        commands = [c.title for c in app.get_system_commands(app.screen)]
        assert "Search" in commands
        app.action_search()
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)


async def test_the_resources_filter_goes_through_the_index(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert app.resource_finder is not None
        await pilot.press("3", "slash", *"khân cälc")  # accents: only the index ignores them
        table = app.query_one(ResourceTable)
        assert table.keys == ["khan-calculus"]


def test_kinds_have_group_titles() -> None:
    from mlroad_tui.ui.screens.search import GROUP_TITLES

    assert set(GROUP_TITLES) == set(Kind)
