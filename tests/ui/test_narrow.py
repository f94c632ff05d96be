"""At 80×24 every pane keeps what matters: the current month and the progress bars, the link
health, the feed and age of news, and in the Footer the pane's keys with `?`, `v` and `q`."""

from __future__ import annotations

import pytest

from tests.ui.conftest import screen_text

SIZE = (80, 24)


@pytest.mark.parametrize(
    ("key", "first_key"),
    [("1", "⏎ Advance"), ("2", "⏎ Advance"), ("3", "⏎ Open"), ("4", "⏎ Read")],
    ids=["roadmap", "today", "resources", "news"],
)
async def test_the_footer_keeps_help_review_and_quit(make_app, key: str, first_key: str) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(key)
        footer = (await screen_text(pilot)).splitlines()[-1]
        assert footer.startswith(first_key)
        for words in ("v Review", "? Keys", "q Quit"):
            assert words in footer


@pytest.mark.parametrize("key", "1234", ids=["roadmap", "today", "resources", "news"])
async def test_help_and_quit_end_six_cells_before_the_edge(make_app, key: str) -> None:
    """Room to spare at 80 columns: a longer key or label must not push `q` off the screen."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(key)
        footer = (await screen_text(pilot)).splitlines()[-1]
        for words in ("? Keys", "q Quit"):
            assert words in footer
            assert footer.index(words) + len(words) <= SIZE[0] - 6, footer


async def test_the_roadmap_shows_the_current_month_and_its_bars(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        month = (await screen_text(pilot)).splitlines()[3]
        assert "M1 Fundamentals" in month and "▱▱▱▱▱   0% ◀ now" in month


async def test_a_wide_tree_that_scrolls_keeps_the_current_month_beside_its_scrollbar(
    make_app,
) -> None:
    """120 columns but few lines: the tree scrolls, and its labels make room for the bar."""
    app = make_app()
    async with app.run_test(size=(120, 16)) as pilot:
        month = (await screen_text(pilot)).splitlines()[3]
        assert "M1 Fundamentals" in month and "0% ◀ now" in month


async def test_resources_and_news_keep_the_columns_that_matter(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        header = (await screen_text(pilot)).splitlines()[3]
        assert header.split() == ["Title", "Kind", "Month", "Visited", "Link"]
        await pilot.press("4")
        header = next(line for line in (await screen_text(pilot)).splitlines() if "Title" in line)
        assert header.split() == ["Title", "Feed", "Age"]


async def test_the_detail_indents_wrapped_list_items_under_their_text(make_app) -> None:
    """At 80 columns the detail is ~36 wide: every line a goal or resource wraps onto starts
    under its text, and no bullet is left alone on its line."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*["down"] * 15)  # month 5: long resource titles
        lines = [line.split("▕", 1)[1] for line in (await screen_text(pilot)).splitlines()[3:-1]]
        bullets = [n for n, line in enumerate(lines) if line.startswith("  • ")]
        assert len(bullets) >= 3
        for n in bullets:
            assert lines[n].strip() != "•"
            follower = lines[n + 1]
            assert follower.startswith(("    ", "  • ")) or not follower.strip(), follower
