"""Issue 9 in the TUI: hostile roadmap text, the error screens, workers that fail, stale results."""

from __future__ import annotations

from pathlib import Path

from mlroad_tui.ui.panes.roadmap import RoadmapTree
from tests.test_faults_input import ESCAPES, hostile_roadmap
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
