"""The News pane: items from the learner's feeds, stored locally."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

EMPTY_NEWS = (
    "No news yet.\n\n"
    "mlroad will follow arXiv listings and ML blogs for you here, so you can stay updated "
    "(the roadmap's fifth tip). Items are stored on this machine and read offline."
)


class NewsPane(Vertical):
    """Feed items, newest first; an explanation while there are none."""

    can_focus = True

    def compose(self) -> ComposeResult:
        yield Static(EMPTY_NEWS, id="news-empty")
