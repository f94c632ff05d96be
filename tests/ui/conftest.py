"""UI fixtures: the real app over the bundled roadmap, and a browser that only records."""

from __future__ import annotations

import webbrowser
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot

from mlroad_tui import config
from mlroad_tui.curriculum import CurriculumInvalid, load_roadmap
from mlroad_tui.store import Store
from mlroad_tui.ui.app import MlroadApp
from tests.conftest import BUNDLED, eventually


class RecordingBrowser(webbrowser.BaseBrowser):
    """Stands in for the learner's web browser: remembers what it was asked to open."""

    def __init__(self) -> None:
        super().__init__("recording")
        self.opened: list[str] = []

    def open(self, url: str, new: int = 0, autoraise: bool = True) -> bool:
        self.opened.append(url)
        return True


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> RecordingBrowser:
    recorder = RecordingBrowser()
    monkeypatch.setattr(webbrowser, "get", lambda using=None: recorder)
    return recorder


# The two sizes every pane and dialog is drawn at in the snapshot tests.
SIZES = {"80x24": (80, 24), "120x40": (120, 40)}

# Every UI test and snapshot sees the same day (a Wednesday), so the study plan is the same.
UI_TODAY = date(2025, 3, 12)


def plan_from(curriculum: Path, day: date) -> None:
    """A learner past the first run of this roadmap: its plan starts on `day` (the welcome
    questions were answered with the defaults), unless a test saved another start already.
    A roadmap that does not load gets no plan: the app shows its problems instead."""
    try:
        roadmap_id = load_roadmap(curriculum).id
    except CurriculumInvalid:
        return
    store, _ = Store.open(config.db_path())
    try:
        store.for_roadmap(roadmap_id).study.pin_start(day)
    finally:
        store.close()


@pytest.fixture
def make_app(mlroad_home: Path):
    """The app on `today` (UI_TODAY unless given), for a learner with a plan that starts that
    day; `plan=False` leaves the database untouched (a first run gets the welcome questions)."""

    def make(curriculum: Path = BUNDLED, *, plan: bool = True, **options: Any) -> MlroadApp:
        options.setdefault("today", UI_TODAY)
        if plan:
            plan_from(curriculum, options["today"])
        return MlroadApp(curriculum_path=curriculum, **options)

    return make


def visible_text(app: App[object]) -> str:
    """The characters the terminal shows right now (styles dropped)."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


async def screen_text(pilot: Pilot) -> str:
    """The characters the terminal shows once pending updates are drawn (styles dropped)."""
    await pilot.pause()
    return visible_text(pilot.app)


async def until(pilot: Pilot, condition: Callable[[], object], within: float = 10.0) -> float:
    """`eventually`, letting the app run (and redraw) between looks."""
    return await eventually(condition, within, lambda: pilot.pause(0.02))
