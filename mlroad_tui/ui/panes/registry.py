"""Every pane, declared once: the App builds the pane strip, the keys 1–n, the palette entries,
the focus on switching and the help sections from this list.

A pane is a widget class taking `(roadmap, *, id)` whose reactives named in `binds` are fed
from the App's reactives of the same name (data down), and which lists its keys for the help
screen in `help_sections()`. It is imported by name, so the panes after the first one load
after the first frame. Its requests (messages up) derive from the request of the desk that
answers them (ui/messages.py), so a new pane adds no route to the App: it touches its module,
this list, app.tcss, its tests and the README's keys (tried with a fifth pane).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from textual.dom import DOMNode
    from textual.widget import Widget

    from mlroad_tui.curriculum import Roadmap
    from mlroad_tui.ui.screens.help import HelpSection

    class PaneWidget(Protocol):
        """What a pane class offers the App (besides being a Widget)."""

        def __call__(self, roadmap: Roadmap, *, id: str) -> Widget: ...

        def help_sections(self) -> list[HelpSection]: ...


@dataclass(frozen=True)
class Pane:
    """One pane of the dashboard."""

    id: str
    title: str
    key: str  # switches to it, everywhere
    focus: str  # selector of the widget that takes the keyboard when it shows
    widget: str  # "module:Class", imported when the pane is built
    binds: tuple[str, ...]  # the App's reactives the pane shows

    def widget_class(self) -> PaneWidget:
        module, _, name = self.widget.partition(":")
        return getattr(import_module(module), name)

    def build(self, roadmap: Roadmap, source: type[DOMNode]) -> Widget:
        """The pane, its reactives bound to those of `source` (the App) of the same name."""
        widget = self.widget_class()(roadmap, id=self.id)
        return widget.data_bind(*(getattr(source, name) for name in self.binds))


PANES: tuple[Pane, ...] = (
    Pane(
        "roadmap",
        "Roadmap",
        "1",
        "#roadmap-tree",
        "mlroad_tui.ui.panes.roadmap:RoadmapPane",
        ("states", "notes", "link_results"),
    ),
    Pane(
        "today",
        "Today",
        "2",
        "#today-list",
        "mlroad_tui.ui.panes.today:TodayPane",
        ("today_view", "today_news"),
    ),
    Pane(
        "resources",
        "Resources",
        "3",
        "#resource-table",
        "mlroad_tui.ui.panes.resources:ResourcesPane",
        ("resource_states", "link_results", "check_progress", "resource_finder"),
    ),
    Pane(
        "news",
        "News",
        "4",
        "#news-table",
        "mlroad_tui.ui.panes.news:NewsPane",
        ("news", "news_reader", "feed_progress"),
    ),
)
FIRST = PANES[0]  # built before the first frame; the others just after it
