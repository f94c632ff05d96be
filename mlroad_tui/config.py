"""Where mlroad keeps its files: computed on demand, never created at import time."""

from __future__ import annotations

import os
from pathlib import Path

DB_FILENAME = "mlroad.db"
CONFIG_FILENAME = "config.toml"
BUNDLED_CURRICULUM_NAME = "ml-roadmap.toml"


def data_dir() -> Path:
    """The data folder: `MLROAD_HOME` when set, else the platform's user data dir."""
    override = os.environ.get("MLROAD_HOME")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("mlroad", appauthor=False))


def cache_dir() -> Path:
    """Things mlroad can always rebuild (validated roadmaps), kept to start faster: the
    platform's user cache dir, or `cache/` in `MLROAD_HOME` when set (tests, second profiles)."""
    if os.environ.get("MLROAD_HOME"):
        return data_dir() / "cache"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("mlroad", appauthor=False))


def db_path() -> Path:
    """The one SQLite file that holds all of a learner's state."""
    return data_dir() / DB_FILENAME


def config_path() -> Path:
    """config.toml: `MLROAD_CONFIG` when set; else beside the data when `MLROAD_HOME` is set
    (so a test or a second profile never reads the learner's own); else the user config dir."""
    chosen = os.environ.get("MLROAD_CONFIG")
    if chosen:
        return Path(chosen).expanduser()
    if os.environ.get("MLROAD_HOME"):
        return data_dir() / CONFIG_FILENAME
    from platformdirs import user_config_dir

    return Path(user_config_dir("mlroad", appauthor=False)) / CONFIG_FILENAME


def bundled_curriculum_dir() -> Path:
    """The roadmap shipped with mlroad: inside the wheel, or the repo's `curriculum/`."""
    here = Path(__file__).resolve().parent
    packaged = here / "_curriculum"
    return packaged if packaged.is_dir() else here.parent / "curriculum"


def curriculum_path(
    cli_value: str | os.PathLike[str] | None = None, configured: Path | None = None
) -> Path:
    """The roadmap to load: `--curriculum`, else `MLROAD_CURRICULUM`, else config.toml's
    `roadmap` (`configured`), else the bundled one."""
    return chosen_curriculum(cli_value, configured) or bundled_curriculum()


def chosen_curriculum(
    cli_value: str | os.PathLike[str] | None = None, configured: Path | None = None
) -> Path | None:
    """The roadmap the learner named (`--curriculum`, `MLROAD_CURRICULUM`, config.toml), if
    any: without one, the TUI reopens the roadmap it showed last."""
    chosen = cli_value or os.environ.get("MLROAD_CURRICULUM") or configured
    return Path(chosen).expanduser() if chosen else None


def bundled_curriculum() -> Path:
    return bundled_curriculum_dir() / BUNDLED_CURRICULUM_NAME
