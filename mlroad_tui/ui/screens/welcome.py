"""The first run: before a plan exists, ask when to start, how many hours a week and which
days, instead of silently starting today at the roadmap's default pace."""

from __future__ import annotations

from textual.binding import Binding

from mlroad_tui.ui.screens.settings import SettingsScreen


class WelcomeScreen(SettingsScreen):
    """The plan settings form, worded for a first launch: every field holds a sensible
    default (today, the roadmap's weekly hours, Monday to Saturday), so Esc is a fine answer."""

    HEADING = "Welcome to mlroad"
    INTRO = "Each answer holds a default: change what does not fit."
    HINT = "Ctrl+S or Enter: start · Esc: keep the defaults\nThe , key changes them later"
    BINDINGS = [
        Binding("ctrl+s", "save", "Start", id="welcome-start"),
        Binding("escape", "dismiss", "Keep defaults", id="welcome-skip"),
    ]
