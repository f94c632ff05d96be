"""Hours studied per week as vertical bars, with the weekly target drawn across them."""

from __future__ import annotations

import math

from rich.style import Style
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from mlroad_tui.plan.stats import WeekHours
from mlroad_tui.ui.widgets.heatmap import LABEL_WIDTH

HEIGHT = 6
EIGHTHS = " ▁▂▃▄▅▆▇█"
TARGET = "┈"


def scale_top(weeks: tuple[WeekHours, ...], target: float) -> int:
    """The hours at the top of the chart: the busiest week or the target, rounded up to 5."""
    highest = max([target, *(w.hours for w in weeks)])
    return max(5, math.ceil(highest / 5) * 5)


def bar_cell(hours: float, top: int, row: int) -> str:
    """The block drawn for a bar of `hours` in `row` (0 is the bottom row)."""
    eighths = round(hours / top * HEIGHT * 8) - row * 8
    return EIGHTHS[max(0, min(8, eighths))]


class WeeklyBars(Widget):
    """One bar per week, oldest on the left, in the same columns as the heatmap's weeks."""

    COMPONENT_CLASSES = {
        "weekly-bars--axis",
        "weekly-bars--bar",
        "weekly-bars--met",
        "weekly-bars--target",
    }

    weeks: reactive[tuple[WeekHours, ...]] = reactive(tuple, layout=True)
    target: reactive[float] = reactive(0.0)

    def render(self) -> Text:
        if not self.weeks:
            return Text()
        top = scale_top(self.weeks, self.target)
        target_row = min(HEIGHT - 1, int(self.target / top * HEIGHT))
        axis = self.get_component_rich_style("weekly-bars--axis")
        line_style = self.get_component_rich_style("weekly-bars--target")
        text = Text(end="")
        for row in reversed(range(HEIGHT)):
            label = f"{top}h" if row == HEIGHT - 1 else "0h" if row == 0 else ""
            text.append(label.rjust(LABEL_WIDTH - 1) + " ", style=axis)
            for week in self.weeks:
                style = self._bar_style(week.hours)
                cell = bar_cell(week.hours, top, row)
                if row == target_row and self.target:
                    gap = TARGET if cell == " " else cell
                    text.append(gap, style=line_style if cell == " " else style)
                    text.append(TARGET, style=line_style)
                else:
                    text.append(cell, style=style)
                    text.append(" ")
            if row:
                text.append("\n")
        return text

    def _bar_style(self, hours: float) -> Style:
        met = self.target and hours >= self.target
        return self.get_component_rich_style("weekly-bars--met" if met else "weekly-bars--bar")
