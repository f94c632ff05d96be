"""Launching the TUI: the only CLI path that imports Textual."""

from __future__ import annotations

import argparse
import gc

from mlroad_tui import config


def launch(args: argparse.Namespace) -> int:
    # Until the first frame, nearly everything allocated lives as long as the app, so the
    # collector's passes over it (~20 ms of startup) free nothing. The app resumes it then.
    gc.disable()
    from mlroad_tui.ui.app import MlroadApp

    app = MlroadApp(curriculum_path=config.curriculum_path(args.curriculum))
    app.run()
    return app.return_code or 0
