"""The News pane driven by keys: refresh from real local feeds, relevance, untrusted text."""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path

import pytest
from textual._compositor import Compositor

from mlroad_tui.feeds.model import NewItem
from mlroad_tui.feeds.view import PAGE, NewsView
from mlroad_tui.store import Store
from mlroad_tui.store.feeds import Feeds
from mlroad_tui.store.schema import FORGOTTEN_KEY
from mlroad_tui.ui.news import NewsDesk
from mlroad_tui.ui.panes.news import NewsTable
from mlroad_tui.ui.screens.feeds import FeedsScreen
from mlroad_tui.ui.widgets.text_view import TextView
from tests.feedserver import FeedServer, fixture
from tests.ui.conftest import screen_text, until

SIZE = (120, 40)


@pytest.fixture
def feeds(feed_server: FeedServer) -> FeedServer:
    """The feed site with two feeds: arXiv's and a hostile one."""
    feed_server.add("/arxiv", fixture("arxiv_cs_lg.xml"))
    feed_server.add("/hostile", fixture("hostile.xml"))
    return feed_server


def subscribe(home: Path, *urls: str) -> None:
    """A learner who replaced the default feeds by these (so no test reaches the internet)."""
    store, _ = Store.open(home / "mlroad.db")
    store.feeds.seed_defaults([])
    for url in urls:
        store.feeds.add(url)
    store.close()


def papers(home: Path, count: int, summary: str = "About it.") -> None:
    """A learner with one feed of `count` stored items, "Paper 0" the oldest."""
    subscribe(home, "https://feed.example/rss")
    store, _ = Store.open(home / "mlroad.db")
    items = [NewItem(str(n), None, f"Paper {n}", "", summary, (), None) for n in range(count)]
    store.feeds.save_items(store.feeds.subscriptions()[0].id, items)
    store.close()


def counted(compositor: Compositor, calls: list[object]) -> Callable[..., object]:
    """The compositor's `render_full_update`, noting each call in `calls`."""
    full = compositor.render_full_update

    def render_full_update(*args: object, **kwargs: object) -> object:
        calls.append(args)
        return full(*args, **kwargs)

    return render_full_update


async def refreshed(pilot) -> str:
    await pilot.press("4", "r")
    await pilot.app.workers.wait_for_complete()
    await pilot.app.workers.wait_for_complete()  # the reload the refresh started
    return await screen_text(pilot)


def row(shown: str, words: str) -> str:
    return next(line for line in shown.splitlines() if words in line)


def detail_text(app) -> str:
    """What the News detail draws now (not what the last frame showed)."""
    detail = app.query_one("#news-detail", TextView)
    return "\n".join(detail.render_line(y).text for y in range(detail.size.height))


async def test_refresh_lists_items_flags_relevant_ones(make_app, feeds, mlroad_home) -> None:
    subscribe(mlroad_home, feeds.url("/arxiv"), feeds.url("/hostile"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        shown = await refreshed(pilot)
        assert "Sparse Attention Transformers" in shown
        # Month 1 is about linear algebra and NumPy: that paper is flagged, the sourdough not.
        assert "◆" in row(shown, "Broadcasting Rules in NumPy")
        assert "◆" not in row(shown, "Sourdough")
        assert "News refreshed" in " ".join(str(n.title) for n in app._notifications)
        await pilot.press("u", "u", "u")  # all → unread → starred → relevant
        shown = await screen_text(pilot)
        assert "relevant" in shown.splitlines()[3]
        assert "Broadcasting Rules in NumPy" in shown and "Sourdough" not in shown


async def test_a_refresh_tidies_the_search_index_last(make_app, feeds, mlroad_home) -> None:
    """Rows the index was told to forget (a removed feed's items here) are merged away
    after the refresh, once they outnumber the items left."""
    subscribe(mlroad_home, feeds.url("/hostile"), feeds.url("/arxiv"))
    store, _ = Store.open(mlroad_home / "mlroad.db")
    gone = store.feeds.subscriptions()[1]
    items = [NewItem(str(n), None, f"Old {n}", "", "", (), None) for n in range(5)]
    store.feeds.save_items(gone.id, items)
    store.feeds.remove(gone.id)
    store.close()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await refreshed(pilot)
        await app.workers.wait_for_complete()
        left = app.store.core.rows("SELECT value FROM feed_meta WHERE key = ?", [FORGOTTEN_KEY])
        assert left[0][0] == "0"  # 5 forgotten rows, 3 items: merged away


async def test_hostile_text_is_shown_literally_and_never_acts(
    make_app, feeds, mlroad_home, browser
) -> None:
    subscribe(mlroad_home, feeds.url("/hostile"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        shown = await refreshed(pilot)
        assert "[bold red]x[/] marks the spot" in shown
        table = app.query_one(NewsTable)
        titles = {str(item.id): item.title for item in app.news.items}

        def at(words: str) -> int:
            return next(n for n, key in enumerate(table.keys) if words in titles[key])

        table.cursor = at("marks")
        shown = await screen_text(pilot)
        assert "[@click=app.quit]Mallory[/]" in shown  # the author, literally, and no quit
        assert "[link=https://evil.example/phish]here[/link]" in shown
        assert "\x1b" not in shown
        # A javascript: and a file: link are shown but never opened.
        for title in ("Escapes", "Local file link"):
            table.cursor = at(title)
            await pilot.press("o")  # the page in the browser (Enter reads it here)
            await app.workers.wait_for_complete()
        assert browser.opened == []
        refusals = [str(n.message) for n in app._notifications if n.title == "Link not opened"]
        assert len(refusals) == 2 and "javascript:" in refusals[0] and "file:" in refusals[1]
        assert app.is_running


async def test_open_marks_read_and_star_sticks(make_app, feeds, mlroad_home, browser) -> None:
    subscribe(mlroad_home, feeds.url("/arxiv"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await refreshed(pilot)
        first = app.store.feeds.item(app.news.items[0].id)
        assert first is not None and not first.read
        await pilot.press("o")
        await app.workers.wait_for_complete()
        assert browser.opened == [first.link]
        await pilot.press("s")
        await pilot.pause()
        assert app.news.items[0].read and app.news.items[0].starred
        assert "★" in row(await screen_text(pilot), first.title[:30])
    store, _ = Store.open(mlroad_home / "mlroad.db")
    again = store.feeds.item(first.id)
    assert again is not None and again.read and again.starred
    store.close()


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def test_offline_says_so_and_keeps_cached_items(make_app, feeds, mlroad_home) -> None:
    subscribe(mlroad_home, feeds.url("/arxiv"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await refreshed(pilot)
    feeds.stop()  # the network goes away
    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        shown = await refreshed(pilot)
        assert "offline: showing the items stored here" in shown
        assert "Sparse Attention Transformers" in shown


async def test_many_failures_are_summed_up_calmly(make_app, feeds, mlroad_home) -> None:
    gone = [feeds.url(f"/missing-{n}") for n in range(5)]  # each answers 404
    subscribe(mlroad_home, feeds.url("/arxiv"), *gone)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        shown = await refreshed(pilot)
        assert "Sparse Attention Transformers" in shown
        (summary,) = [str(n.message) for n in app._notifications if n.title == "News refreshed"]
        assert "5 of 6 feeds failed" in summary and "and 2 more (F shows every feed)" in summary
        assert summary.count("HTTP 404") == 3


async def test_feeds_screen_adds_renames_disables_and_removes(make_app, feeds, mlroad_home) -> None:
    subscribe(mlroad_home, feeds.url("/arxiv"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4", "F")
        await pilot.pause()
        assert isinstance(app.screen, FeedsScreen)
        await pilot.press("a", *feeds.url("/hostile"), "enter")
        await app.workers.wait_for_complete()
        assert len(app.news.statuses) == 2
        await pilot.press("e", "ctrl+u", *"Papers", "enter")
        await app.workers.wait_for_complete()
        assert app.news.statuses[0].feed.title == "Papers"
        await pilot.press("space")
        await app.workers.wait_for_complete()
        assert not app.news.statuses[0].feed.enabled
        await pilot.press("d", "d")
        await app.workers.wait_for_complete()
        assert [s.feed.url for s in app.news.statuses] == [feeds.url("/hostile")]
        await pilot.press("a", *"file:///etc/passwd", "enter")
        await pilot.pause()
        assert any("not an http(s) URL" in str(n.message) for n in app._notifications)
        assert "Papers" not in await screen_text(pilot)


async def test_today_shows_the_most_relevant_unread_news(make_app, feeds, mlroad_home) -> None:
    subscribe(mlroad_home, feeds.url("/arxiv"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await refreshed(pilot)
        await pilot.press("2")
        shown = await screen_text(pilot)
        assert "News about this month" in shown
        assert "◆ Broadcasting Rules in NumPy" in shown and "Sourdough" not in shown


async def test_capital_a_marks_everything_read(make_app, feeds, mlroad_home) -> None:
    subscribe(mlroad_home, feeds.url("/arxiv"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await refreshed(pilot)
        assert not any(item.read for item in app.news.items)
        await pilot.press("A")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.news.items and all(item.read for item in app.news.items)
        assert "●" not in (await screen_text(pilot)).split("Title", 1)[1].split("─")[0]


async def test_feeds_screen_says_now_and_a_switched_off_feed_is_not_failing(
    make_app, feeds, mlroad_home
) -> None:
    subscribe(mlroad_home, feeds.url("/arxiv"), feeds.url("/missing"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        shown = await refreshed(pilot)
        assert "1 feed(s) failing" in shown
        await pilot.press("F")
        await pilot.pause()
        shown = await screen_text(pilot)
        assert "✓ now" in shown and "now ago" not in shown
        assert "✗ HTTP 404" in shown
        await pilot.press("down", "space")  # switch the failing feed off
        await app.workers.wait_for_complete()
        shown = await screen_text(pilot)
        assert "switched off" in shown and "✗" not in shown
        await pilot.press("escape")
        assert "failing" not in await screen_text(pilot)


async def test_search_keystrokes_reuse_the_feed_counts_until_items_change(
    make_app, feeds, mlroad_home, monkeypatch
) -> None:
    subscribe(mlroad_home, feeds.url("/arxiv"))
    counted = []
    original = Feeds.feed_statuses

    def feed_statuses(self: Feeds) -> list:
        counted.append(1)
        return original(self)

    monkeypatch.setattr(Feeds, "feed_statuses", feed_statuses)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await refreshed(pilot)
        before = len(counted)
        await pilot.press("slash", *"model")
        await app.workers.wait_for_complete()
        assert len(counted) == before and app.news.query.text == "model"  # counts kept
        await pilot.press("escape", "m")  # an item read: its feed's unread count changes
        await app.workers.wait_for_complete()
        await pilot.press("slash", "x")
        await app.workers.wait_for_complete()
        assert len(counted) == before + 1


async def test_a_keystroke_that_puts_another_item_first_draws_it_with_the_list(
    make_app, mlroad_home, monkeypatch
) -> None:
    """The new first item's detail is drawn as the list is set, not a turn of the event loop
    (and a read of the item) later: it is then in the frame that shows the list."""
    subscribe(mlroad_home, "https://feed.example/rss")
    store, _ = Store.open(mlroad_home / "mlroad.db")
    items = [
        NewItem(
            str(n), None, f"Paper {n} {'odd' if n % 2 else 'even'}", "", f"About {n}.", (), None
        )
        for n in range(10)
    ]
    store.feeds.save_items(store.feeds.subscriptions()[0].id, items)
    store.close()
    app = make_app()
    with_the_list: list[str] = []
    original = NewsDesk._loaded

    def loaded(self: NewsDesk, view: NewsView) -> None:
        original(self, view)
        with_the_list.append(detail_text(app))

    monkeypatch.setattr(NewsDesk, "_loaded", loaded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await app.workers.wait_for_complete()
        await until(pilot, lambda: "About 9." in detail_text(app))  # the newest, first
        read: list[int] = []  # by the pane, for its detail (the load reads the first too)
        reader = app.news_reader
        app.news_reader = lambda key: (read.append(key), reader(key))[1]
        await pilot.pause()
        reads = len(read)
        await pilot.press("slash", *"eve")  # "e", "ev": no item; "eve*": the even ones
        await app.workers.wait_for_complete()
        assert "About 8." in with_the_list[-1]
        assert len(read) == reads  # not read again: the view brought it


async def test_a_move_in_the_list_draws_the_items_detail_in_the_same_turn(
    make_app, mlroad_home, monkeypatch
) -> None:
    """The item the cursor lands on is read (one row) and drawn as the cursor moves, not on a
    request answered after the frame that shows the cursor: each j/k drew twice, 33 ms."""
    subscribe(mlroad_home, "https://feed.example/rss")
    store, _ = Store.open(mlroad_home / "mlroad.db")
    items = [NewItem(str(n), None, f"Paper {n}", "", f"About {n}.", (), None) for n in range(5)]
    store.feeds.save_items(store.feeds.subscriptions()[0].id, items)
    store.close()
    app = make_app()
    shown: list[tuple[str | None, str]] = []
    move = NewsTable.action_move

    def moved(table: NewsTable, step: int) -> None:
        move(table, step)
        shown.append((table.highlighted_key, detail_text(app)))

    monkeypatch.setattr(NewsTable, "action_move", moved)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await app.workers.wait_for_complete()
        await until(pilot, lambda: "About 4." in detail_text(app))  # the newest, first
        await pilot.press("j", "j", "k")
        await pilot.pause()
    assert [text.split("About ")[1][0] for _, text in shown] == ["3", "2", "3"]


async def test_g_shows_one_folder_at_a_time(make_app, feeds, mlroad_home) -> None:
    store, _ = Store.open(mlroad_home / "mlroad.db")
    store.feeds.seed_defaults([])
    store.feeds.add(feeds.url("/arxiv"), folder="Papers")
    store.feeds.add(feeds.url("/hostile"))
    store.close()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        shown = await refreshed(pilot)
        assert "Local file link" in shown and "Sparse Attention Transformers" in shown
        await pilot.press("g")
        await app.workers.wait_for_complete()
        shown = await screen_text(pilot)
        assert "folder Papers" in shown
        assert "Sparse Attention Transformers" in shown and "Local file link" not in shown
        await pilot.press("g")  # back to all feeds
        await app.workers.wait_for_complete()
        assert "Local file link" in await screen_text(pilot)


async def test_news_shown_first_is_laid_out_with_its_scrollbars(make_app, mlroad_home) -> None:
    """The list (taller than the screen) and the summary (always scrollable) have their
    scrollbars before News first shows (it is laid out while parked): the switch is one
    layout, where finding them as it showed took two more, a frame apart."""
    papers(mlroad_home, 80, "x " * 400)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await until(pilot, lambda: app.news is not None)  # and its first item, in full
        await pilot.pause(0.1)
        layouts: list[object] = []
        app.screen.screen_layout_refresh_signal.subscribe(app, layouts.append)
        await pilot.press("4")
        await pilot.pause(0.2)
        assert "80 items" in await screen_text(pilot)
        assert app.query_one(NewsTable).show_vertical_scrollbar
        assert len(layouts) == 1
        detail = app.query_one("#news-detail", TextView)  # no word under its scrollbar
        assert 0 < detail.virtual_size.width <= detail.scrollable_content_region.width


async def test_a_filter_keystroke_lays_nothing_out(make_app, mlroad_home, monkeypatch) -> None:
    """A layout is a frame of its own (10-30 ms at 100,000 items): typing in the `/` box,
    from more items than the screen holds to none and back, changes rows and the status
    text, never a widget's size, and redraws those, not the whole screen. A status that
    wraps to another height is laid out again."""
    papers(mlroad_home, 80)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4", "slash", *"pap")
        await app.workers.wait_for_complete()
        await pilot.pause()
        layouts: list[object] = []
        app.screen.screen_layout_refresh_signal.subscribe(app, layouts.append)
        compositor = app.screen._compositor
        whole: list[object] = []  # frames that drew the whole screen again
        monkeypatch.setattr(compositor, "render_full_update", counted(compositor, whole))
        shown = []
        for key in ("x", "backspace"):  # "papx": none; "pap": every item again
            await pilot.press(key)
            await app.workers.wait_for_complete()
            await pilot.pause()
            shown.append(await screen_text(pilot))
        assert "“papx” · 0 items" in shown[0] and "“pap” · 80 items" in shown[1]
        assert layouts == [] and whole == []
        await pilot.press(*" paper" * 12)  # a status longer than the screen is wide
        await app.workers.wait_for_complete()
        shown = (await screen_text(pilot)).splitlines()
        assert layouts
        status = next(n for n, line in enumerate(shown) if "“pap paper" in line)
        assert "relevant to this month" in shown[status + 1]


async def test_a_long_list_loads_a_page_then_the_rest_near_its_end(make_app, mlroad_home) -> None:
    """The list loads its first PAGE items (its count says more are there), the rest once it
    is scrolled near its end, and a page again for a new filter; the detail reads the
    highlighted item's summary, which the list does not hold."""
    subscribe(mlroad_home, "https://feed.example/rss")
    store, _ = Store.open(mlroad_home / "mlroad.db")
    count = PAGE + 50
    items = [NewItem(str(n), None, f"Paper {n}", "", f"About {n}.", (), None) for n in range(count)]
    store.feeds.save_items(store.feeds.subscriptions()[0].id, items)
    store.close()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await app.workers.wait_for_complete()
        shown = await screen_text(pilot)
        assert f"{PAGE}+ items" in shown and f"About {count - 1}." in shown  # newest first
        await pilot.press("end")
        await until(pilot, lambda: app.news and len(app.news.items) == count)
        shown = await screen_text(pilot)
        assert f"{count} items" in shown and "About 50." in shown  # the cursor stayed
        await pilot.press("end")
        assert "About 0." in await screen_text(pilot)
        await pilot.press("slash", *"paper")
        await app.workers.wait_for_complete()
        assert f"“paper” · {PAGE}+ items" in await screen_text(pilot)
