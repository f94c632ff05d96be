"""The run progress bar: hidden while nothing runs, following the pane's (done, total)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.reactive import reactive

from mlroad_tui.ui.widgets.run_progress import RunProgress


class Runner(App):
    running: reactive[tuple[int, int] | None] = reactive(None)

    def compose(self) -> ComposeResult:
        yield RunProgress().data_bind(run=Runner.running)


async def test_the_bar_shows_a_run_and_hides_when_it_ends() -> None:
    app = Runner()
    async with app.run_test() as pilot:
        bar = app.query_one(RunProgress)
        assert not bar.display
        app.running = (3, 8)
        await pilot.pause()
        assert bar.display and (bar.progress, bar.total) == (3, 8)
        app.running = None
        await pilot.pause()
        assert not bar.display
