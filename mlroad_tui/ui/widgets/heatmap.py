"""A contribution-graph calendar: one column per week, one square per day, darker = more study."""

from __future__ import annotations

import math
from datetime import timedelta

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from mlroad_tui.plan.stats import Heatmap

LEVELS = 4
ROW_LABELS = ("Mon", "", "Wed", "", "Fri", "", "Sun")
LABEL_WIDTH = 4
CELL = "■"


def level(minutes: float, most: float) -> int:
    """0 for a day without study, else 1–4 by its share of the busiest day."""
    if minutes <= 0 or most <= 0:
        return 0
    return max(1, min(LEVELS, math.ceil(minutes / most * LEVELS)))


def month_labels(heatmap: Heatmap) -> str:
    """Month names above the first column of each month, where there is room for them."""
    line = " " * LABEL_WIDTH
    shown = None
    for n in range(len(heatmap.weeks)):
        monday = heatmap.first_day + timedelta(weeks=n)
        x = LABEL_WIDTH + 2 * n
        if monday.month != shown and len(line) <= x:
            line = line.ljust(x) + f"{monday:%b}"
            shown = monday.month
    return line


class ActivityHeatmap(Widget):
    """The last 26 weeks of study, Monday at the top, like a contribution graph."""

    COMPONENT_CLASSES = {
        "heatmap--label",
        *(f"heatmap--level-{n}" for n in range(LEVELS + 1)),
    }

    heatmap: reactive[Heatmap | None] = reactive(None, layout=True)

    def render(self) -> Text:
        if self.heatmap is None:
            return Text()
        label = self.get_component_rich_style("heatmap--label")
        shades = [self.get_component_rich_style(f"heatmap--level-{n}") for n in range(LEVELS + 1)]
        most = self.heatmap.most
        text = Text(month_labels(self.heatmap), style=label, end="")
        for weekday, name in enumerate(ROW_LABELS):
            text.append("\n")
            text.append(name.ljust(LABEL_WIDTH), style=label)
            for week in self.heatmap.weeks:
                minutes = week[weekday]
                if minutes is None:  # a day still to come
                    text.append("  ")
                else:
                    text.append(CELL, style=shades[level(minutes, most)])
                    text.append(" ")
        text.append("\n" + " " * LABEL_WIDTH)
        text.append("less ", style=label)
        for shade in shades:
            text.append(CELL, style=shade)
            text.append(" ")
        text.append("more", style=label)
        return text
