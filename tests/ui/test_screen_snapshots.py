"""Snapshots of the screens reached from a pane, at 80×24 and 120×40: the roadmaps switcher,
the search screen, the news reader and the link-fix dialog (regenerate with
`pytest tests/ui/test_screen_snapshots.py --snapshot-update`, then look at them).

Each picture is the same in every run: no temp-dir path, port or clock time on screen."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from textual.pilot import Pilot

from mlroad_tui.feeds.model import NewItem
from mlroad_tui.links import LinkResult, Verdict
from tests.conftest import BUNDLED
from tests.ui.conftest import SIZES
from tests.ui.study_data import open_store
from tests.ui.test_links_ui import curriculum
from tests.ui.test_search_ui import ready


@pytest.fixture(params=SIZES.values(), ids=SIZES.keys())
def size(request: pytest.FixtureRequest) -> tuple[int, int]:
    return request.param


async def settled(pilot: Pilot, *keys: str) -> None:
    """Press the keys, then wait for the workers they started and the frame they changed."""
    await pilot.press(*keys)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_roadmaps_switcher_looks(
    snap_compare, make_app, size, other_roadmap, tmp_path, monkeypatch
) -> None:
    """Another roadmap in the home folder (shown as ~/…), one whose file is gone, and the
    bundled one, open now."""
    monkeypatch.setenv("HOME", str(tmp_path))
    with open_store() as store:  # as the app records it once drawn, not racing the R key
        store.roadmaps.record(
            "ml-roadmap", "6-Month Machine Learning Roadmap", BUNDLED, opened=True
        )
        store.roadmaps.record("data-eng", "Data Engineering", other_roadmap)
        store.roadmaps.record("old-plan", "An old plan", tmp_path / "notes" / "old-plan.toml")
    assert snap_compare(make_app(), run_before=lambda p: settled(p, "R"), terminal_size=size)


def searchable() -> None:
    """A note and two news items that the word "eigen" finds, beside the roadmap's topic."""
    with open_store() as store:
        store.feeds.seed_defaults([])
        feed = store.feeds.add("https://feeds.example/ml")
        items = [
            NewItem("guid:1", "https://x.example/1", "Eigenfaces revisited", "", "", (), None),
            NewItem("guid:2", None, "[bold red]Eigen[/] loud", "", "", (), None),
        ]
        store.feeds.save_items(feed.id, items, title="ML Blog")
        store.progress.save_note("calculus", "eigen stuff to remember")


def test_search_screen_with_results_looks(snap_compare, make_app, size) -> None:
    searchable()

    async def search(pilot: Pilot) -> None:
        await ready(pilot)  # the roadmap indexed, after the first frame
        await settled(pilot, "ctrl+f")
        await settled(pilot, *"eigen")

    assert snap_compare(make_app(), run_before=search, terminal_size=size)


ARTICLE = """
<h2>Queries, keys and values</h2>
<p>Attention weighs every token by how well its <b>key</b> matches the query; see
<a href="https://arxiv.example/abs/1706.03762">the paper</a> and
<a href="https://blog.example/softmax">our softmax post</a>.</p>
<ul><li>Scaled dot product</li><li>Multi-head: several at once</li></ul>
<pre><code>weights = softmax(q @ k.T / sqrt(d))</code></pre>
"""


def test_news_reader_looks(snap_compare, make_app, size) -> None:
    """An item with Markdown content (heading, list, code) and two numbered links."""
    with open_store() as store:
        store.feeds.seed_defaults([])
        feed = store.feeds.add("https://blog.example/feed.xml")
        item = NewItem(
            "guid:attention",
            "https://blog.example/attention",
            "Attention, explained",
            "Ada Lovelace",
            "What attention computes.",
            ("transformers", "tutorial"),
            "2025-03-10T09:00:00+00:00",
            content=ARTICLE,
        )
        store.feeds.save_items(feed.id, [item], title="Reader's Digest of ML")
    keys = ("4", "enter")
    assert snap_compare(make_app(), run_before=lambda p: settled(p, *keys), terminal_size=size)


def test_link_fix_dialog_looks(snap_compare, make_app, size, tmp_path, monkeypatch) -> None:
    """A link that moved for good, in a roadmap named as given (not by its temp path)."""
    monkeypatch.chdir(tmp_path)
    base = "https://docs.example.org"
    roadmap = curriculum(tmp_path, base).relative_to(tmp_path)
    moved = f"{base}/redirect/301?to=/status/200"
    checked = datetime.now(UTC)
    with open_store() as store:
        store.links.save(
            [LinkResult(moved, Verdict.REDIRECTED, 301, f"{base}/status/200", True, checked, 1)]
        )
    keys = ("3", "j", "j", "f")
    assert snap_compare(
        make_app(roadmap), run_before=lambda p: settled(p, *keys), terminal_size=size
    )
