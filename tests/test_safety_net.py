"""The last-resort handler of `mlroad`: one line, the traceback in the log, exit 70."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from mlroad_tui.cli import RERAISE_VARIABLE, main, progress
from mlroad_tui.cli.errors import Exit


def _explode(args: argparse.Namespace) -> int:
    raise RuntimeError("a bug \x1b]0;pwned\x07 nobody foresaw")


@pytest.fixture
def buggy_status(monkeypatch: pytest.MonkeyPatch) -> None:
    """`mlroad status` with a bug in it."""
    monkeypatch.setattr(progress, "run_status", _explode)


@pytest.mark.usefixtures("buggy_status")
def test_an_unexpected_exception_is_one_line_and_a_log(
    monkeypatch: pytest.MonkeyPatch, mlroad_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv(RERAISE_VARIABLE)
    assert main(["status"]) == Exit.INTERNAL == 70
    out, err = capsys.readouterr()
    log = mlroad_home / "mlroad.log"
    assert out == ""
    assert err == (
        f"mlroad: internal error: RuntimeError: a bug nobody foresaw; details in {log}\n"
    )
    written = log.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in written
    assert "in _explode" in written


@pytest.mark.usefixtures("buggy_status")
def test_the_suite_fails_when_the_handler_is_reached() -> None:
    """conftest sets the variable: a bug surfaces as the test's own error, never as exit 70."""
    with pytest.raises(RuntimeError, match="nobody foresaw"):
        main(["status"])


@pytest.mark.usefixtures("buggy_status")
def test_an_unwritable_log_still_gives_one_line(
    monkeypatch: pytest.MonkeyPatch, mlroad_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv(RERAISE_VARIABLE)
    mlroad_home.mkdir(parents=True, exist_ok=True)
    (mlroad_home / "mlroad.log").mkdir()  # a folder where the log file should be
    assert main(["status"]) == 70
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1
    assert "could not be written" in err


def test_a_crash_in_the_tui_is_one_line_too(
    monkeypatch: pytest.MonkeyPatch, mlroad_home: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """A bug inside the app: Textual's traceback stays off the terminal, the handler says it."""
    from textual.app import App

    from mlroad_tui.ui.app import MlroadApp

    def broken_mount(self: MlroadApp) -> None:
        raise RuntimeError("a bug in the app")

    monkeypatch.setattr(MlroadApp, "on_mount", broken_mount)
    monkeypatch.setattr(MlroadApp, "run", lambda self: App.run(self, headless=True))
    monkeypatch.delenv(RERAISE_VARIABLE)
    assert main([]) == 70
    out, err = capfd.readouterr()
    assert "Traceback" not in out + err
    assert err.strip().endswith(f"details in {mlroad_home / 'mlroad.log'}")
    assert "a bug in the app" in (mlroad_home / "mlroad.log").read_text(encoding="utf-8")
