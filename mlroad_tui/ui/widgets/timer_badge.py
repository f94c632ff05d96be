"""The running study timer, shown in the Header: "⏱ Linear Algebra 12:34", ticking each second."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Header

from mlroad_tui.ui.views import Clock, ShownTimer


def format_elapsed(seconds: float) -> str:
    """12:34 under an hour, 1:02:03 beyond; never negative (a clock set back shows 0:00)."""
    minutes, secs = divmod(max(0, int(seconds)), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class TimerBadge(Widget):
    """Hidden while no timer runs; redrawn every second while one does."""

    timer: reactive[ShownTimer | None] = reactive(None)

    def __init__(self, clock: Clock, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.clock = clock

    def on_mount(self) -> None:
        self._ticker = self.set_interval(1, self.tick, pause=True, name="timer badge")
        self.watch_timer()

    def watch_timer(self) -> None:
        running = self.timer is not None
        self.display = running
        if not hasattr(self, "_ticker"):
            return
        if running:
            self._ticker.resume()
        else:
            self._ticker.pause()
        self.tick()

    def tick(self) -> None:
        """Redraw with the time now; 9:59 → 10:00 makes the badge wider, hence the layout."""
        self.refresh(layout=True)

    def render(self) -> Text:
        if self.timer is None:
            return Text()
        elapsed = (self.clock() - self.timer.started_at).total_seconds()
        return Text.assemble("⏱ ", self.timer.title, " ", (format_elapsed(elapsed), "bold"))


class TimerHeader(Header):
    """Textual's Header with the timer badge docked on its right."""

    timer: reactive[ShownTimer | None] = reactive(None)

    def __init__(self, clock: Clock, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.clock = clock

    def compose(self) -> ComposeResult:
        yield from super().compose()
        yield TimerBadge(self.clock).data_bind(TimerHeader.timer)
