"""Launching the TUI: the only CLI path that imports Textual."""

from __future__ import annotations

import argparse

from mlroad_tui import config


def launch(args: argparse.Namespace) -> int:
    from mlroad_tui.ui.app import MlroadApp

    app = MlroadApp(curriculum_path=config.curriculum_path(args.curriculum))
    app.run()
    return app.return_code or 0
