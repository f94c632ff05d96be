"""Tables that mirror an enum name every member: a new member fails here, not at render time
(a KeyError in a badge) or silently (a verdict left out of the CLI's table and counts)."""

from __future__ import annotations

from fsrs import Rating

from mlroad_tui.cli.links import VERDICT_ORDER
from mlroad_tui.links.model import Verdict
from mlroad_tui.plan.model import RATINGS
from mlroad_tui.plan.pace import PaceStatus
from mlroad_tui.progress import TopicState
from mlroad_tui.ui.panes.today import PACE_STYLES
from mlroad_tui.ui.screens.timer_recovery import CHOSEN, LABELS, Choice
from mlroad_tui.ui.widgets.badges import BADGES
from mlroad_tui.ui.widgets.labels import STATE_GLYPHS


def test_every_verdict_has_a_badge() -> None:
    assert set(BADGES) == set(Verdict)


def test_the_cli_lists_and_counts_every_verdict_once() -> None:
    assert sorted(VERDICT_ORDER) == sorted(Verdict)


def test_every_pace_status_has_a_style() -> None:
    assert set(PACE_STYLES) == {status.value for status in PaceStatus}


def test_every_topic_state_has_a_glyph() -> None:
    assert set(STATE_GLYPHS) == set(TopicState)


def test_the_ratings_are_fsrs_ratings() -> None:
    assert set(RATINGS) == {rating.value for rating in Rating}


def test_every_timer_recovery_choice_is_shown_and_acts() -> None:
    assert set(LABELS) == set(Choice)
    assert set(CHOSEN) == set(Choice)
