"""The reader driven by keys: an item's content as Markdown, numbered links, n/p, offline."""

from __future__ import annotations

import pytest
from textual.widgets import Markdown

from mlroad_tui.store import Store
from mlroad_tui.ui.panes.news import NewsTable
from mlroad_tui.ui.screens.reader import ReaderScreen
from tests.feedserver import FeedServer, fixture, serving
from tests.ui.conftest import screen_text
from tests.ui.test_news_ui import refreshed, subscribe

SIZE = (120, 40)


@pytest.fixture
def blog(feed_server: FeedServer) -> FeedServer:
    """The feed site with a blog whose items hold whole articles."""
    feed_server.add("/blog", fixture("article.xml"))
    return feed_server


async def read(pilot, title: str) -> str:
    """Highlight the item with this title in News, press Enter, wait for its article."""
    app = pilot.app
    table = app.query_one(NewsTable)
    titles = [app.news.items[n].title for n in range(len(app.news.items))]
    table.cursor = titles.index(title)
    await pilot.press("enter")
    await app.workers.wait_for_complete()
    return await screen_text(pilot)


def markdown_of(app) -> str:
    return app.screen.query_one(Markdown).source


async def test_enter_reads_an_item_as_markdown_and_marks_it_read(
    make_app, blog, mlroad_home
) -> None:
    subscribe(mlroad_home, blog.url("/blog"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await refreshed(pilot)
        shown = await read(pilot, "Attention, explained")
        assert isinstance(app.screen, ReaderScreen)
        assert "Reader's Digest of ML · 2025-03-10 · Ada Lovelace" in shown
        assert "Categories: transformers, tutorial" in shown
        assert "Queries, keys and values" in shown  # the content, not the short summary
        assert "## Queries, keys and values" in markdown_of(app)
        assert "- Scaled dot product" in markdown_of(app)
        assert "[1] the paper  https://arxiv.example/abs/1706.03762" in shown
        assert "[2] our softmax post  https://blog.example/softmax" in shown
        assert "[image: a diagram]" in shown and "pixel.png" not in shown
        item = next(i for i in app.news.items if i.title == "Attention, explained")
        assert item.read
        await pilot.press("escape")
        assert not isinstance(app.screen, ReaderScreen)


async def open_link(pilot, *keys: str) -> None:
    """Type a link number (the prompt opens on the first key) and press Enter."""
    await pilot.press(*keys)
    await pilot.pause()
    await pilot.press("enter")
    await pilot.app.workers.wait_for_complete()


async def test_links_open_by_number_and_only_http(make_app, blog, mlroad_home, browser) -> None:
    subscribe(mlroad_home, blog.url("/blog"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await refreshed(pilot)
        await read(pilot, "Attention, explained")
        await open_link(pilot, "2")
        assert browser.opened == ["https://blog.example/softmax"]
        await pilot.press("o")
        await app.workers.wait_for_complete()
        assert browser.opened[-1] == "https://blog.example/attention"
        await open_link(pilot, "l", "9")
        assert "No link numbered '9'" in " ".join(str(n.message) for n in app._notifications)

        await pilot.press("escape")
        await read(pilot, "Hostile post")
        await open_link(pilot, "1")  # javascript:
        await open_link(pilot, "2")  # file:
        assert len(browser.opened) == 2
        refused = [n.message for n in app._notifications if n.title == "Link not opened"]
        assert any("javascript:" in message for message in refused)
        assert any("file:" in message for message in refused)


async def test_hostile_content_is_inert(make_app, blog, mlroad_home, browser) -> None:
    subscribe(mlroad_home, blog.url("/blog"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await refreshed(pilot)
        shown = await read(pilot, "Hostile post")
        assert app.is_running and isinstance(app.screen, ReaderScreen)
        assert "[bold red]loud[/] and [@click=app.quit]quit[/] stay text." in shown
        assert "Colour red and a title change." in shown
        source = markdown_of(app)
        for gone in ("\x1b", "\x07", "pwned", "SCRIPT RAN", "FRAME TEXT", "display: none"):
            assert gone not in source and gone not in shown
        assert "track.gif" not in source and "[image: tracker]" in shown
        assert "[fake](javascript:alert(1))" in shown  # text that looks like a link, as text
        assert "javascript:alert%28document.cookie%29  (not http(s): never opened)" in shown
        assert browser.opened == []


async def test_next_and_previous_follow_the_news_list(make_app, blog, mlroad_home) -> None:
    subscribe(mlroad_home, blog.url("/blog"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await refreshed(pilot)
        order = [item.title for item in app.news.items]
        await read(pilot, order[0])
        for expected in (order[1], order[2]):
            await pilot.press("n")
            await app.workers.wait_for_complete()
            assert app.screen.item.title == expected
            assert expected in await screen_text(pilot)
        await pilot.press("n")  # past the last one: stays, says so
        assert app.screen.item.title == order[2]
        await pilot.press("p")
        await app.workers.wait_for_complete()
        assert app.screen.item.title == order[1]
        assert all(item.read for item in app.news.items)


async def test_stored_content_reads_offline(make_app, mlroad_home) -> None:
    with serving() as server:
        server.add("/blog", fixture("article.xml"))
        subscribe(mlroad_home, server.url("/blog"))
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await refreshed(pilot)
    # The server is gone: a new launch reads what the refresh stored.
    store, _ = Store.open(mlroad_home / "mlroad.db")
    store.close()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await app.workers.wait_for_complete()
        shown = await read(pilot, "Attention, explained")
        assert "Queries, keys and values" in shown
        assert "[1] the paper" in shown
