"""The pane names under the header: which pane is showing, and a click target for each.

One widget drawing two lines (the names, then a rule marking the active one) instead of
TabbedContent's tabs, underline and panes: the same picture for ~20 ms less before the first
frame. The keys 1–4 stay the main way to switch; a click asks for the same thing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.text import Text
from textual import events
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

GAP = 1  # cells between two names


class PaneTabs(Widget):
    """Pane titles, the active one bold and marked; a click posts `PaneTabs.Chosen`."""

    COMPONENT_CLASSES = {
        "pane-tabs--active",
        "pane-tabs--inactive",
        "pane-tabs--rule",
        "pane-tabs--marker",
    }

    active: reactive[str] = reactive("")

    class Chosen(Message):
        """The learner clicked a pane's name."""

        def __init__(self, pane: str) -> None:
            super().__init__()
            self.pane = pane

    def __init__(self, panes: Mapping[str, str], active: str, **kwargs: Any) -> None:
        """`panes` maps each pane's id to its title, in display order."""
        super().__init__(**kwargs)
        self.labels = {pane: f" {title} " for pane, title in panes.items()}
        self.set_reactive(PaneTabs.active, active)

    def render(self) -> Text:
        style = {
            name: self.get_component_rich_style(f"pane-tabs--{name}")
            for name in ("active", "inactive", "rule", "marker")
        }
        names, rule = Text(no_wrap=True), Text(no_wrap=True)
        for pane, label in self.labels.items():
            shown = pane == self.active
            names.append(label, style["active" if shown else "inactive"])
            rule.append("━" * len(label), style["marker" if shown else "rule"])
            names.append(" " * GAP)
            rule.append("━" * GAP, style["rule"])
        rule.append("━" * max(0, self.content_size.width - rule.cell_len), style["rule"])
        return Text("\n", no_wrap=True).join((names, rule))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        start = 0
        for pane, label in self.labels.items():
            if start <= offset.x < start + len(label):
                self.post_message(self.Chosen(pane))
                return
            start += len(label) + GAP
