"""Shared fixtures: every test gets its own MLROAD_HOME, so no test touches real user data."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlroad_tui.cli import RERAISE_VARIABLE

REPO = Path(__file__).resolve().parent.parent
BUNDLED = REPO / "curriculum" / "ml-roadmap.toml"


@pytest.fixture(autouse=True)
def mlroad_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "mlroad-home"
    monkeypatch.setenv("MLROAD_HOME", str(home))
    monkeypatch.delenv("MLROAD_CURRICULUM", raising=False)
    # A bug that reaches `mlroad`'s last-resort handler fails the test instead of hiding.
    monkeypatch.setenv(RERAISE_VARIABLE, "1")
    return home
