"""Shared fixtures: every test gets its own MLROAD_HOME, so no test touches real user data."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
BUNDLED = REPO / "curriculum" / "ml-roadmap.toml"


@pytest.fixture(autouse=True)
def mlroad_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "mlroad-home"
    monkeypatch.setenv("MLROAD_HOME", str(home))
    monkeypatch.delenv("MLROAD_CURRICULUM", raising=False)
    return home
