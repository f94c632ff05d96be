"""The command palette's own entries: each pane, then what mlroad's keys do, by name (the
palette finds a command by words when its key is forgotten)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING

from textual.app import SystemCommand

from mlroad_tui.ui.panes.registry import PANES
from mlroad_tui.ui.widgets.topic_actions import TopicActions

if TYPE_CHECKING:
    from mlroad_tui.ui.app import MlroadApp


def commands(app: MlroadApp) -> Iterator[SystemCommand]:
    """The entries, each calling what the key would."""
    for pane in PANES:
        show = partial(app.action_show_pane, pane.id)
        yield SystemCommand(f"Go to {pane.title}", f"Show the {pane.title} pane", show)
    timer = "Time the highlighted topic, or stop the running timer"
    for title, what, do in (
        ("Keys", "Show every key binding", app.action_help),
        ("Check links", "Check every resource link", app.library.check_links),
        ("Refresh news", "Fetch every enabled feed", app.newsdesk.refresh),
        ("Feeds", "Add, remove, rename feeds", app.action_feeds),
        ("Search", "Find words in topics, resources, notes and news", app.action_search),
        ("Stats", "Hours, streaks and the study heatmap", app.action_stats),
        ("Review", "Rate the reviews due (spaced repetition)", app.action_review),
        ("Plan settings", "Start date, weekly hours, study days", app.action_settings),
        ("Start/stop timer", timer, partial(toggle_highlighted_timer, app)),
        ("Switch roadmap", "Open another roadmap used here", app.action_roadmaps),
        ("Undo", "Take back the last change", app.action_undo),
    ):
        yield SystemCommand(title, what, do)


def toggle_highlighted_timer(app: MlroadApp) -> None:
    """The timer on the topic highlighted in the main screen, if any (as `t` there)."""
    focused = app.screen_stack[0].focused
    topic = focused.highlighted_topic() if isinstance(focused, TopicActions) else None
    app.study.toggle_timer(topic.id if topic else None)
