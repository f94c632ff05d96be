"""Issue 9 in the TUI: hostile roadmap text, the error screens, workers that fail, stale results."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from mlroad_tui.curriculum import load_roadmap
from mlroad_tui.feeds import view as feeds_view
from mlroad_tui.links import run as link_run
from mlroad_tui.links.model import LinkResult, Verdict
from mlroad_tui.store import Store
from mlroad_tui.store.schema import SCHEMA_VERSION
from mlroad_tui.ui.panes.roadmap import RoadmapTree
from mlroad_tui.ui.screens.error import CurriculumErrorScreen, DatabaseErrorScreen
from tests.conftest import BUNDLED
from tests.feedserver import serving
from tests.test_faults_input import ESCAPES, hostile_roadmap
from tests.test_faults_store import read_only
from tests.ui.conftest import screen_text

SIZE = (120, 40)


async def test_markup_and_escapes_in_roadmap_text_show_literally(make_app, tmp_path: Path) -> None:
    app = make_app(hostile_roadmap(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        tree = app.query_one(RoadmapTree)
        await pilot.press("down", "down")
        assert str(tree.cursor_node.label).count("[/] [bold]x") == 1
        for key in ("1", "2", "3", "4", "1", "question_mark", "escape", "n", "escape"):
            await pilot.press(key)
            shown = await screen_text(pilot)
            assert not ESCAPES.search(shown)
        assert "[/] [bold]x" in shown
        assert app.is_running


# Class 7: the error screens offer only what works there

ERROR_SCREEN_KEYS = ("1", "2", "3", "4", "S", "v", "comma", "question_mark", "ctrl+p", "escape")


async def press_everything(pilot) -> str:
    for key in ERROR_SCREEN_KEYS:
        await pilot.press(key)
    shown = await screen_text(pilot)
    assert pilot.app.is_running and pilot.app.return_code is None
    return shown


async def test_the_curriculum_error_screen_keys(make_app, tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text('id = "x"\ntitle = "X"\n', encoding="utf-8")
    app = make_app(broken)
    async with app.run_test(size=SIZE) as pilot:
        shown = await press_everything(pilot)
        assert isinstance(app.screen, CurriculumErrorScreen)
        footer = shown.splitlines()[-1]
        assert "Quit" in footer and "Stats" not in footer and "Review" not in footer


async def test_a_newer_database_gets_the_database_error_screen(make_app, mlroad_home) -> None:
    mlroad_home.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(mlroad_home / "mlroad.db")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    app = make_app(plan=False)
    async with app.run_test(size=SIZE) as pilot:
        shown = await press_everything(pilot)
        assert isinstance(app.screen, DatabaseErrorScreen)
        assert "The database could not be opened" in shown
        assert "newer than this mlroad" in shown and "curriculum" not in shown
        await pilot.press("q")
    assert app.return_code == 1


# Class 5 in the TUI: a database that can only be read


async def test_a_read_only_database_opens_and_refuses_changes_in_words(
    make_app, mlroad_home
) -> None:
    store, _ = Store.open(mlroad_home / "mlroad.db")
    store.feeds.seed_defaults(())
    store.close()
    with read_only(mlroad_home / "mlroad.db", mlroad_home):
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert "Read-only" in titles(app)
            await pilot.press("down", "down", "enter", "n", "x", "escape", "t", "2", "3", "b")
            await pilot.pause()
            assert app.is_running and "Not saved" in titles(app)
            assert "cannot write the database" in messages(app)
            assert "failed" not in messages(app)  # no background check of what cannot change


# Class 8: workers


async def test_a_worker_that_raises_is_said_and_the_app_stays_up(
    make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the checker broke")

    monkeypatch.setattr(link_run, "check_links", explode)
    app = await survives_keys(make_app(), "3", "c")
    assert "checking links failed: RuntimeError: the checker broke" in messages(app)


async def test_a_stale_search_result_is_dropped(
    make_app, mlroad_home, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, _ = Store.open(mlroad_home / "mlroad.db")
    store.feeds.seed_defaults(())
    store.close()
    real = feeds_view.load_news

    def slow_for_a(feeds, phase, query, **options):
        if query.text == "a":
            time.sleep(0.6)  # the first keystroke's search answers last
        return real(feeds, phase, query, **options)

    monkeypatch.setattr(feeds_view, "load_news", slow_for_a)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await app.workers.wait_for_complete()
        await pilot.press("slash", "a", "b")
        await app.workers.wait_for_complete()
        await asyncio.sleep(0.8)
        await pilot.pause()
        assert app.news is not None and app.news.query.text == "ab"


# Class 10: offline is not broken


async def test_unreachable_links_are_not_dead_links(make_app, mlroad_home) -> None:
    store, _ = Store.open(mlroad_home / "mlroad.db")
    now = datetime.now(UTC).replace(microsecond=0)
    urls = [r.url for r in load_roadmap(BUNDLED).resources.values() if r.url]
    offline = [LinkResult(u, Verdict.UNREACHABLE, None, None, False, now, 1.0, "DNS") for u in urls]
    store.links.save(offline)
    store.close()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        shown = await screen_text(pilot)
        assert "dead link" not in shown
        await pilot.press("3")
        assert "not verified (unreachable)" in await screen_text(pilot)
    store, _ = Store.open(mlroad_home / "mlroad.db")
    gone = LinkResult(urls[0], Verdict.BROKEN, 404, None, False, now, 1.0, "HTTP 404")
    store.links.save([gone])
    store.close()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "down")
        assert "dead link" in await screen_text(pilot)


# Classes 1 and 9 in the TUI: a bad feed URL in a refresh, a very long URL opened


async def test_a_refresh_with_an_unbuildable_feed_url_keeps_the_app_up(
    make_app, mlroad_home
) -> None:
    store, _ = Store.open(mlroad_home / "mlroad.db")
    store.feeds.seed_defaults(())
    store.feeds.add("http://127.0.0.1:70000/feed")  # stored by an mlroad that did not check
    store.feeds.add("http://xn--zz-/")
    store.close()
    app = await survives_keys(make_app(), "4", "r")
    assert "News refreshed" in titles(app)
    assert "cannot fetch this URL" in messages(app) or "2 feeds" in messages(app)


async def test_a_very_long_url_is_shortened_in_the_notification(make_app, browser) -> None:
    url = "https://example.org/" + "x" * 5000
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.library.open_link(url)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert browser.opened == [url]
        shown = [n.message for n in app._notifications if "example.org" in n.message]
        assert shown and all(len(message) <= 200 for message in shown)


async def survives_keys(app, *keys: str):
    """Press the keys, let the workers they start finish: the app must still be up."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*keys)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running and app.return_code is None
    return app


def titles(app) -> str:
    return " | ".join(str(n.title) for n in app._notifications)


def messages(app) -> str:
    return " | ".join(n.message for n in app._notifications)


async def test_a_refresh_failure_with_a_very_long_url_is_shortened(make_app, mlroad_home) -> None:
    with serving() as server:  # answers 404 to these very long paths
        store, _ = Store.open(mlroad_home / "mlroad.db")
        store.feeds.seed_defaults(())
        store.feeds.add(server.url("/" + "x" * 5000))
        store.feeds.add(server.url("/" + "y" * 5000))
        store.close()
        app = await survives_keys(make_app(), "4", "r")
    shown = [n.message for n in app._notifications if "127.0.0.1" in n.message]
    assert shown and all(len(message) <= 600 for message in shown)


def test_every_worker_has_the_one_error_path() -> None:
    """Each run_worker / @work passes exit_on_error=False, so the app's Worker.StateChanged
    handler reports a failure instead of Textual ending the app."""
    import ast

    package = Path(__file__).resolve().parents[2] / "mlroad_tui"
    calls = []
    for source in package.rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "run_worker":
                calls.append((f"{source.name}:{node.lineno}", node))
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                for decorator in node.decorator_list:
                    call = decorator if isinstance(decorator, ast.Call) else None
                    target = call.func if call else decorator
                    if getattr(target, "id", getattr(target, "attr", "")) == "work":
                        calls.append(
                            (f"{source.name}:{node.lineno}", call or ast.Call(target, [], []))
                        )
    assert calls
    careless = [
        where
        for where, call in calls
        if not any(
            k.arg == "exit_on_error"
            and isinstance(k.value, ast.Constant)
            and k.value.value is False
            for k in call.keywords
        )
    ]
    assert careless == []
