"""Link health in the TUI: live badges, a responsive UI during a slow check, dead-link marks."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from textual.widgets import ContentSwitcher
from textual.worker import WorkerState

from mlroad_tui.links import CheckOptions, LinkResult, Verdict
from mlroad_tui.store import Store
from mlroad_tui.ui.panes.resources import ResourceTable
from mlroad_tui.ui.screens.fix_link import FixLinkScreen
from tests.conftest import BUNDLED
from tests.roadmap_files import resource, roadmap_file, topic
from tests.test_links_fix import changed_lines
from tests.ui.conftest import screen_text, until, visible_text

SIZE = (120, 40)
# Short waits between tries; a timeout long enough for a loopback answer on a busy machine
# (0.5 s timed out "Fine page" with two cores under load).
FAST = CheckOptions(timeout=5, backoff=0.01, retry_after_cap=0.5)


def curriculum(tmp_path: Path, base: str, *extra: dict[str, Any]) -> Path:
    """Two topics whose three links are on `base` (one fine, one gone, one moved)."""
    return roadmap_file(
        tmp_path / "links.toml",
        topic("healthy-topic", "Healthy topic", 4, ["fine"], "Its link works."),
        topic("rotten-topic", "Rotten topic", 4, ["gone", "moved"], "Its link is gone."),
        id="links-test",
        title="Links test",
        weekly_hours=(15, 20),
        resources=[
            resource("fine", "Fine page", f"{base}/status/200"),
            resource("gone", "Gone page", f"{base}/status/404"),
            resource("moved", "Moved page", f"{base}/redirect/301?to=/status/200"),
            *extra,
        ],
    )


async def test_c_checks_every_link_and_badges_update(
    tmp_path, link_server, make_app, mlroad_home
) -> None:
    app = make_app(curriculum(tmp_path, link_server.base()), link_options=FAST)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3", "c")
        await app.workers.wait_for_complete()

        def badge(title: str) -> str:
            return next((line for line in visible_text(app).splitlines() if title in line), "")

        def notified() -> str:
            return " ".join(str(n.message) for n in app._notifications)

        # Badges and the summary arrive a moment after the check: wait for them.
        await until(
            pilot,
            lambda: (
                "✓ 200" in badge("Fine page")
                and "✗ 404" in badge("Gone page")
                and "→" in badge("Moved page")
            ),
        )
        await until(pilot, lambda: "3 links:" in notified())
        # The detail of the moved resource suggests its new address.
        await pilot.press("j", "j")
        suggestion = "use instead: " + link_server.base() + "/status/200"
        await until(pilot, lambda: suggestion in visible_text(app))
        # Only the unhealthy ones.
        await pilot.press("u")
        await until(pilot, lambda: app.query_one(ResourceTable).row_count == 2)
        # The Roadmap marks the topic whose resource is dead.
        await pilot.press("1")
        await until(pilot, lambda: "✗ 1 dead link" in visible_text(app))
        shown = await screen_text(pilot)
        assert "Rotten topic" in shown
        healthy = next(line for line in shown.splitlines() if "Healthy topic" in line)
        assert "dead" not in healthy
    # The verdicts were stored.
    store, _ = Store.open(mlroad_home / "mlroad.db")
    verdicts = {url: r.verdict for url, r in store.links.results().items()}
    assert verdicts[link_server.url("/status/404")] is Verdict.BROKEN
    store.close()


async def test_keys_work_during_a_slow_check_and_quitting_is_clean(
    tmp_path, link_server, make_app, mlroad_home
) -> None:
    slow = resource("slow", "Slow page", f"{link_server.base()}/slow/20")
    path = curriculum(tmp_path, link_server.base(), slow)
    app = make_app(path, link_options=CheckOptions(timeout=30))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3", "c")
        worker = next(w for w in app.workers if w.name == "checking links")
        table = app.query_one(ResourceTable)
        for _ in range(20):  # until the fast links are in and only the slow one is left
            if len(app.link_results) == 3:
                break
            await pilot.pause(0.05)
        assert worker.state is WorkerState.RUNNING
        assert "Gone page" in await screen_text(pilot)
        before = table.cursor
        await pilot.press("j")
        assert table.cursor == before + 1
        await pilot.press("1")
        assert app.query_one(ContentSwitcher).current == "roadmap"
        assert worker.state is WorkerState.RUNNING
        started = time.monotonic()
        await pilot.press("q")
    assert time.monotonic() - started < 3
    assert worker.state is WorkerState.CANCELLED
    store, _ = Store.open(mlroad_home / "mlroad.db")
    assert len(store.links.results()) == 3  # what came back before quitting was kept
    store.close()


async def settle(app, pilot, *keys: str) -> None:
    """Press the keys, then wait for the workers they started and the screen they changed."""
    await pilot.press(*keys)
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_f_fixes_a_moved_link_in_the_roadmap_file(tmp_path, link_server, make_app) -> None:
    path = curriculum(tmp_path, link_server.base())
    before = path.read_text(encoding="utf-8")
    app = make_app(path, link_options=FAST)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot, "3", "c")
        await settle(app, pilot, "f")  # on the fine link: it says why nothing happens
        assert not isinstance(app.screen, FixLinkScreen)
        assert "Not moved" in " ".join(str(n.title) for n in app._notifications)
        await pilot.press("j", "j")
        assert "(f: fix it in the roadmap file)" in await screen_text(pilot)
        await settle(app, pilot, "f")
        assert isinstance(app.screen, FixLinkScreen)
        shown = await screen_text(pilot)
        old, new = link_server.url("/redirect/301?to=/status/200"), link_server.url("/status/200")
        assert f'-url = "{old}"' in shown and f'+url = "{new}"' in shown
        await settle(app, pilot, "y")
        assert not isinstance(app.screen, FixLinkScreen)
        assert "Link fixed" in " ".join(str(n.title) for n in app._notifications)
    after = path.read_text(encoding="utf-8")
    assert changed_lines(before, after) == [f'-url = "{old}"', f'+url = "{new}"']


async def test_n_leaves_the_file_and_the_bundled_roadmap_is_never_offered(
    tmp_path, link_server, make_app, mlroad_home
) -> None:
    path = curriculum(tmp_path, link_server.base())
    before = path.read_text(encoding="utf-8")
    app = make_app(path, link_options=FAST)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot, "3", "c")
        await settle(app, pilot, "j", "j", "f")
        assert isinstance(app.screen, FixLinkScreen)
        await pilot.press("n")
        assert not isinstance(app.screen, FixLinkScreen)
    assert path.read_text(encoding="utf-8") == before
    # The bundled roadmap: its moved link is reported, the file is not touched.
    seaborn = "https://seaborn.pydata.org/"
    store, _ = Store.open(mlroad_home / "mlroad.db")
    store.links.save(
        [LinkResult(seaborn, Verdict.REDIRECTED, 301, seaborn + "x", True, datetime.now(UTC), 1)]
    )
    store.close()
    bundled = BUNDLED.read_bytes()
    app = make_app(BUNDLED)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot, "3", "slash", *"seaborn.pydata", "enter", "f")
        assert not isinstance(app.screen, FixLinkScreen)
        assert "Not fixed" in " ".join(str(n.title) for n in app._notifications)
    assert BUNDLED.read_bytes() == bundled


async def test_at_80_columns_the_fix_dialog_shows_the_whole_change(
    tmp_path, link_server, make_app
) -> None:
    app = make_app(curriculum(tmp_path, link_server.base()), link_options=FAST)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot, "3", "c", "j", "j")
        footer = (await screen_text(pilot)).splitlines()[-1]
        assert all(words in footer for words in ("v Review", "? Keys", "q Quit"))
        await settle(app, pilot, "f")
        assert isinstance(app.screen, FixLinkScreen)
        shown = await screen_text(pilot)
        old, new = link_server.url("/redirect/301?to=/status/200"), link_server.url("/status/200")
        assert f'-url = "{old}"' in shown and f'+url = "{new}"' in shown
