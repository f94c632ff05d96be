"""Every key binding of mlroad, read from the classes that declare them without building an
App: the help screen, the check of config.toml's [keymap] and `mlroad config show` all list
these same bindings, so none of them can forget one."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from textual.binding import Binding

if TYPE_CHECKING:
    from mlroad_tui.ui.screens.help import HelpSection


def help_sections() -> list[HelpSection]:
    """The bindings the `?` screen lists, grouped by where they work."""
    from mlroad_tui.ui.app import MlroadApp
    from mlroad_tui.ui.panes.registry import PANES
    from mlroad_tui.ui.screens.notes import NotesScreen
    from mlroad_tui.ui.screens.review import ReviewScreen
    from mlroad_tui.ui.screens.search import SearchScreen

    return [
        ("Everywhere", MlroadApp.BINDINGS),
        *(section for p in PANES for section in p.widget_class().help_sections()),
        ("Notes editor", NotesScreen.BINDINGS),
        ("Review", ReviewScreen.BINDINGS),
        ("Search (ctrl+f)", SearchScreen.BINDINGS),
    ]


def dialog_sections() -> list[HelpSection]:
    """The bindings of dialogs that say their keys themselves, so `?` leaves them out."""
    from mlroad_tui.ui.screens.error import CurriculumErrorScreen
    from mlroad_tui.ui.screens.fix_link import FixLinkScreen
    from mlroad_tui.ui.screens.help import HelpScreen
    from mlroad_tui.ui.screens.replan import ReplanScreen
    from mlroad_tui.ui.screens.roadmaps import RoadmapsScreen
    from mlroad_tui.ui.screens.settings import SettingsScreen
    from mlroad_tui.ui.screens.stats import StatsScreen
    from mlroad_tui.ui.screens.timer_recovery import TimerRecoveryScreen
    from mlroad_tui.ui.screens.welcome import WelcomeScreen
    from mlroad_tui.ui.widgets.grouped_list import GroupedList
    from mlroad_tui.ui.widgets.virtual_table import VirtualTable

    return [
        ("Lists", [*VirtualTable.BINDINGS, *GroupedList.BINDINGS]),
        ("Fix a moved link (f in Resources)", FixLinkScreen.BINDINGS),
        ("Roadmaps (R)", RoadmapsScreen.BINDINGS),
        ("Plan settings (,)", SettingsScreen.BINDINGS),
        ("Welcome (first run)", WelcomeScreen.BINDINGS),
        ("Re-plan (p in Today)", ReplanScreen.BINDINGS),
        ("Stats (S)", StatsScreen.BINDINGS),
        ("Timer left running", TimerRecoveryScreen.BINDINGS),
        ("Keys (?)", HelpScreen.BINDINGS),
        ("Roadmap errors", CurriculumErrorScreen.BINDINGS),
    ]


def every_binding() -> Iterator[tuple[str, Binding]]:
    """Each binding that has an id, once, with the title of the first section naming it."""
    seen: set[str] = set()
    for title, bindings in [*help_sections(), *dialog_sections()]:
        for binding in bindings:
            if isinstance(binding, Binding) and binding.id and binding.id not in seen:
                seen.add(binding.id)
                yield title, binding
