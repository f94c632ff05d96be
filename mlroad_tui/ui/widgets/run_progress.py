"""The progress bar of a background run (link check, feed refresh), shown only while it runs."""

from __future__ import annotations

from typing import Any

from textual.reactive import reactive
from textual.widgets import ProgressBar


class RunProgress(ProgressBar):
    """Bind `run` to a pane's `(done, total)` reactive; None hides the bar."""

    run: reactive[tuple[int, int] | None] = reactive(None)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(show_eta=False, **kwargs)

    def watch_run(self, run: tuple[int, int] | None) -> None:
        self.display = run is not None
        if run is not None:
            self.update(progress=run[0], total=run[1])
