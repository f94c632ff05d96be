"""Issue 9, class 2: every number and date has a range, checked where it enters."""

from __future__ import annotations

from datetime import date

import pytest

from mlroad_tui import config
from mlroad_tui.cli import main
from mlroad_tui.limits import DAY, PLAN_START, WEEKLY_HOURS
from mlroad_tui.plan.model import SavedSettings
from mlroad_tui.store import Store
from mlroad_tui.ui.screens.settings import SettingsForm, read_form

# (command line, words the one-line error must hold)
REFUSED = [
    (["today", "--date", "9999-12-31"], "from 2000-01-01 to 2100-12-31"),
    (["today", "--date", "0001-01-01"], "from 2000-01-01 to 2100-12-31"),
    (["plan", "set", "--start", "9999-12-31"], "from 2000-01-01 to 2099-12-31"),
    (["plan", "set", "--hours", "1e-9"], "weekly hours must be from 1 to 100 h"),
    (["plan", "set", "--hours", "inf"], "weekly hours must be from 1 to 100 h"),
    (["links", "check", "--timeout", "nan"], "the timeout must be from 0.5 to 600 s"),
    (["links", "check", "--timeout", "1e309"], "the timeout must be from 0.5 to 600 s"),
    (["links", "check", "--max-age", "99999999999d"], "must be from 0 to 36500 days"),
    (["links", "check", "--concurrency", "99999999999999999999"], "from 1 to 1000"),
    (["feeds", "refresh", "--timeout", "nan"], "the timeout must be"),
    (["feeds", "refresh", "--keep-days", "-1"], "the days kept must be"),
    (["news", "--feed", "99999999999999999999"], "the id must be from 1 to"),
    (["news", "--limit", "-5"], "the number of items must be from 0"),
]


@pytest.mark.parametrize(("argv", "words"), REFUSED)
def test_out_of_range_arguments_are_usage_errors(
    argv: list[str], words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 1
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err


@pytest.mark.parametrize(
    "duration", ["9999999999999999999999h", "25h", "99999h", "1441m", "24h1m", "0.001h"]
)
def test_log_refuses_sessions_outside_one_minute_to_24_hours(
    duration: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["log", "linear-algebra", duration]) == 1
    err = capsys.readouterr().err
    assert err.startswith("mlroad: ") and (
        "24 h" in err or "at least a minute" in err or "36500 days" in err
    )


def test_log_takes_a_whole_day_but_not_a_day_to_come(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["log", "linear-algebra", "24h", "--date", "2025-03-01"]) == 0
    assert main(["log", "linear-algebra", "1h", "--date", "2099-01-01"]) == 1
    assert "a day still to come" in capsys.readouterr().err


def test_a_start_stored_out_of_range_no_longer_breaks_every_command(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """An older mlroad stored 9999-12-31; the plan ignores it instead of crashing."""
    store, _ = Store.open(config.db_path())
    store.study.save_settings(start=date(9999, 12, 31))
    store.close()
    for argv in (["today", "--date", "2025-03-12"], ["plan", "show"], ["report"]):
        assert main(argv) == 0, argv
    capsys.readouterr()


def test_the_settings_screen_checks_the_same_ranges() -> None:
    form = SettingsForm(settings=_settings(), timezone=None)
    for start, hours, words in (
        ("9999-12-31", "10", PLAN_START.describe()),
        ("2025-01-01", "nan", WEEKLY_HOURS.describe()),
        ("2025-01-01", "1e-9", WEEKLY_HOURS.describe()),
    ):
        with pytest.raises(ValueError, match=words):
            read_form(form, start, hours, [0], "")
    assert read_form(form, "2025-02-01", "12", [0], "") == SavedSettings(
        start=date(2025, 2, 1), weekly_hours=12.0, weekdays=None, timezone=None
    )


def _settings():
    from mlroad_tui.plan.settings import PlanSettings

    return PlanSettings(DAY.low.replace(year=2025), 17.5, (0,))
