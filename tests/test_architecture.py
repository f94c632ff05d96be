"""The house rules that keep the code in shape: the domain never loads Textual, SQL stays in
the store, and the first screen does not wait for the heavy network and database libraries."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "mlroad_tui"
DOMAIN = [
    "mlroad_tui.config",
    "mlroad_tui.curriculum",
    "mlroad_tui.catalog",
    "mlroad_tui.progress",
    "mlroad_tui.store",
    "mlroad_tui.text",
    "mlroad_tui.urls",
    "mlroad_tui.links",
    "mlroad_tui.links.checker",
    "mlroad_tui.links.run",
    "mlroad_tui.feeds",
    "mlroad_tui.plan",
    "mlroad_tui.cli",
]


def loaded_after(imports: str) -> set[str]:
    code = f"import sys; {imports}; print('\\n'.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_domain_modules_do_not_load_textual() -> None:
    loaded = loaded_after("; ".join(f"import {m}" for m in DOMAIN))
    assert not {m for m in loaded if m == "textual" or m.startswith("textual.")}


def test_the_app_module_does_not_load_network_or_database_libraries() -> None:
    loaded = loaded_after("import mlroad_tui.cli, mlroad_tui.ui.app")
    assert not loaded & {"httpx", "feedparser", "sqlite_utils", "fsrs", "icalendar"}


def test_the_first_screen_does_not_import_the_hidden_panes_or_the_toml_parser() -> None:
    """Today, Resources and News are built after the first frame; a cached roadmap needs no
    TOML parser; the CLI's own helpers are not needed to launch."""
    loaded = loaded_after("import mlroad_tui.cli, mlroad_tui.ui.app")
    hidden = {f"mlroad_tui.ui.panes.{pane}" for pane in ("today", "resources", "news")}
    assert not loaded & (hidden | {"tomllib", "mlroad_tui.cli.common"})


SQL = re.compile(
    r"\b(SELECT\s+\S+.*\bFROM|INSERT\s+INTO|CREATE\s+TABLE|DELETE\s+FROM|UPDATE\s+\w+\s+SET)\b"
)


def test_sql_lives_only_in_the_store() -> None:
    offenders = [
        f"{path.relative_to(PACKAGE)}:{n}"
        for path in PACKAGE.rglob("*.py")
        if "store" not in path.relative_to(PACKAGE).parts
        for n, line in enumerate(path.read_text().splitlines(), start=1)
        if SQL.search(line)
    ]
    assert offenders == []
