"""config.toml inside the app: its theme and keymap applied, its problems reported, and a
theme chosen in the command palette written back to it when the app closes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mlroad_tui.ui.keymap import every_binding
from mlroad_tui.user_config import LoadedConfig, NotSaved, save_theme

if TYPE_CHECKING:
    from mlroad_tui.ui.app import MlroadApp

PROBLEMS_SHOWN = 4  # in the notification; `mlroad config show` lists them all


class Preferences:
    """The learner's settings for `app`; `unsaved` says why a chosen theme was not kept."""

    def __init__(self, app: MlroadApp, loaded: LoadedConfig) -> None:
        self.app = app
        self.loaded = loaded
        self.settings = loaded.settings
        self.unsaved: str | None = None
        self.first_theme = ""

    def apply(self) -> None:
        """Before the first frame, so the first frame already has the learner's look and keys."""
        theme = self.settings.theme
        if theme is not None and theme in self.app.available_themes:
            self.app.theme = theme
        self.first_theme = self.app.theme
        self.app.set_keymap(self.settings.keymap)

    def report(self) -> None:
        """Say what is wrong with config.toml, line by line; the defaults are in force."""
        loaded = self.loaded
        problems = loaded.problems
        if not problems and (loaded.settings.theme or loaded.settings.keymap):
            ids = {binding.id for _, binding in every_binding()}
            problems = loaded.unknown_names(self.app.available_themes, ids)
        if not problems:
            return
        lines = [str(p) for p in problems[:PROBLEMS_SHOWN]]
        if len(problems) > PROBLEMS_SHOWN:
            lines.append(f"… and {len(problems) - PROBLEMS_SHOWN} more (mlroad config show)")
        what = "the defaults are" if loaded.problems else "those settings are not"
        self.app.say(
            "\n".join(lines),
            title=f"config.toml: {what} in use",
            severity="warning",
            timeout=30,
        )

    def remember_theme(self) -> None:
        """When the app closes: keep a theme chosen in the palette for the next launch."""
        theme = self.app.theme
        if theme == self.first_theme:
            return
        try:
            save_theme(self.loaded.path, theme)
        except NotSaved as reason:
            self.unsaved = f"the theme {theme!r} was not remembered: {reason}"
