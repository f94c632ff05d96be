"""Launching the TUI: the only CLI path that imports Textual."""

from __future__ import annotations

import argparse
import gc
import sys

from mlroad_tui import config
from mlroad_tui.cli.common import say_upgrading
from mlroad_tui.user_config import load_user_config


def launch(args: argparse.Namespace) -> int:
    # Until the first frame, nearly everything allocated lives as long as the app, so the
    # collector's passes over it (~20 ms of startup) free nothing. The app resumes it then.
    gc.disable()
    from mlroad_tui.ui.app import MlroadApp

    loaded = load_user_config()  # a broken file is reported inside the app, which starts anyway
    path = config.chosen_curriculum(args.curriculum, loaded.settings.roadmap)
    app = MlroadApp(curriculum_path=path, user_config=loaded, on_upgrade=say_upgrading)
    app.run()
    if app.crash is not None:
        raise app.crash  # to the entry point's last-resort handler: one line and the log
    if app.preferences.unsaved:  # the screen is the terminal's again: say it there
        print(f"mlroad: {app.preferences.unsaved}", file=sys.stderr)
    return app.return_code or 0
