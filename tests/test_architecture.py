"""The house rules that keep the code in shape: the domain never loads Textual, SQL stays in
the store, and the first screen does not wait for the heavy network and database libraries.

`lint-imports` (contracts in pyproject.toml) checks the static import graph; these tests check
what it cannot see (deferred imports really defer) and that its contracts can fail at all."""

from __future__ import annotations

import os
import pkgutil
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import mlroad_tui

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "mlroad_tui"
# Only these may load Textual; __main__ runs the CLI when imported.
FRONT_ENDS = ("mlroad_tui.cli", "mlroad_tui.ui", "mlroad_tui.__main__")


def every_module() -> list[str]:
    """Every module of the package, found on disk, so a new one is checked without a list."""
    return sorted(
        info.name for info in pkgutil.walk_packages(mlroad_tui.__path__, prefix="mlroad_tui.")
    )


def below_the_front_ends(name: str) -> bool:
    return not any(name == front or name.startswith(f"{front}.") for front in FRONT_ENDS)


def loaded_after(imports: str) -> set[str]:
    code = f"import sys; {imports}; print('\\n'.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def first_loaders(modules: list[str], watched: tuple[str, ...]) -> dict[str, str]:
    """Import `modules` in order in a fresh interpreter; for each watched module that got
    loaded, the first of `modules` whose import loaded it."""
    code = (
        "import importlib, sys\n"
        f"watched = {watched!r}\n"
        "for name in sys.argv[1:]:\n"
        "    importlib.import_module(name)\n"
        "    for w in watched:\n"
        "        if w in sys.modules:\n"
        "            print(w, name)\n"
        "            watched = tuple(x for x in watched if x != w)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, *modules], capture_output=True, text=True, check=True
    )
    return dict(line.split() for line in out.stdout.splitlines())


def test_the_walk_finds_the_domain_store_and_front_ends() -> None:
    modules = every_module()
    for name in ("mlroad_tui.plan.schedule", "mlroad_tui.feeds.refresh", "mlroad_tui.store.study"):
        assert name in modules
    assert any(not below_the_front_ends(name) for name in modules)


def test_no_module_below_cli_and_ui_loads_textual() -> None:
    """Walks every module, so `import textual.widgets` added anywhere in the domain, the
    store or the helpers fails here (names the module that did it)."""
    domain = [name for name in every_module() if below_the_front_ends(name)]
    assert first_loaders(domain, ("textual",)) == {}


def test_importing_the_cli_does_not_load_textual() -> None:
    """`mlroad status` and friends never pay for Textual: only launching the TUI does."""
    assert first_loaders(["mlroad_tui.cli"], ("textual",)) == {}


def test_the_planner_and_the_feed_parser_load_neither_sqlite_nor_textual() -> None:
    loaded = loaded_after("import mlroad_tui.plan.schedule, mlroad_tui.feeds.parse")
    assert not loaded & {"sqlite3", "_sqlite3", "textual", "mlroad_tui.store"}


def contracts() -> dict[str, dict]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    return {contract["id"]: contract for contract in config["contracts"]}


def test_the_textual_contract_covers_every_top_level_module_but_the_front_ends() -> None:
    top = {
        f"mlroad_tui.{info.name}"
        for info in pkgutil.iter_modules(mlroad_tui.__path__)
        if below_the_front_ends(f"mlroad_tui.{info.name}")
    }
    assert set(contracts()["textual"]["source_modules"]) == top


def test_the_domain_contract_covers_the_whole_domain_layer() -> None:
    """A package that joins the domain layer may not name the store either."""
    layers = contracts()["layers"]["layers"]
    [domain] = [layer for layer in layers if "plan" in layer.split(" : ")]
    expected = {f"mlroad_tui.{name}" for name in domain.split(" : ")}
    assert set(contracts()["domain"]["source_modules"]) == expected


LINT_IMPORTS = shutil.which("lint-imports", path=str(Path(sys.executable).parent))


def lint_imports(
    tmp_path: Path, change: tuple[str, str] | None = None
) -> subprocess.CompletedProcess:
    """Run the project's contracts over a copy of the package, with one line added to one
    module; the copy comes first on the path, so the real tree is never touched."""
    assert LINT_IMPORTS, "lint-imports is missing: install the test extra"
    copy = tmp_path / "src"
    shutil.copytree(PACKAGE, copy / "mlroad_tui", ignore=shutil.ignore_patterns("__pycache__"))
    if change:
        module, line = change
        target = copy / "mlroad_tui" / module
        target.write_text(target.read_text() + f"\n{line}\n")
    env = {**os.environ, "PYTHONPATH": str(copy)}
    return subprocess.run(
        [LINT_IMPORTS, "--no-cache", str(ROOT / "pyproject.toml")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
    )


def test_the_contracts_hold(tmp_path: Path) -> None:
    result = lint_imports(tmp_path)
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        (("plan/schedule.py", "import textual.widgets"), "mlroad_tui.plan.schedule -> textual"),
        (("feeds/refresh.py", "import textual.widgets"), "mlroad_tui.feeds.refresh -> textual"),
        (
            ("store/study.py", "from mlroad_tui.plan import schedule"),
            "mlroad_tui.store.study -> mlroad_tui.plan.schedule",
        ),
        (
            ("store/feeds.py", "from mlroad_tui.feeds import refresh"),
            "mlroad_tui.store.feeds -> mlroad_tui.feeds.refresh",
        ),
        (
            ("plan/model.py", "from mlroad_tui import store"),
            "mlroad_tui.plan.model -> mlroad_tui.store",
        ),
        (
            (
                "links/run.py",
                "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import mlroad_tui.store",
            ),
            "mlroad_tui.links.run -> mlroad_tui.store",
        ),
    ],
    ids=[
        "domain-textual",
        "feeds-textual",
        "store-upward",
        "store-feeds-upward",
        "model-store",
        "domain-annotates-store",
    ],
)
def test_the_contracts_fail_when_a_rule_is_broken(
    tmp_path: Path, change: tuple[str, str], complaint: str
) -> None:
    result = lint_imports(tmp_path, change)
    assert result.returncode == 1
    assert complaint in result.stdout


def test_the_app_module_does_not_load_network_or_database_libraries() -> None:
    loaded = loaded_after("import mlroad_tui.cli, mlroad_tui.ui.app")
    assert not loaded & {"httpx", "feedparser", "sqlite_utils", "fsrs", "icalendar"}


def test_the_first_screen_does_not_import_the_hidden_panes_or_the_toml_parser() -> None:
    """The panes after the first (Today, Resources, News, and any added to the registry) are
    built after the first frame; a cached roadmap needs no TOML parser; the CLI's own helpers
    are not needed to launch."""
    from mlroad_tui.ui.panes.registry import FIRST, PANES

    loaded = loaded_after("import mlroad_tui.cli, mlroad_tui.ui.app")
    hidden = {pane.widget.partition(":")[0] for pane in PANES[1:]}
    assert FIRST.widget.partition(":")[0] not in hidden and len(hidden) == len(PANES) - 1
    assert not loaded & (hidden | {"tomllib", "rtoml", "mlroad_tui.cli.common"})


DESKS = (
    *("study", "news", "library", "search", "roadmaps", "sync"),
    *("undo", "notices", "views", "host"),
)


def test_the_desks_load_no_textual_and_their_tests_pass_without_it() -> None:
    """The desks are plain objects: they import without Textual, and tests/test_desks.py
    passes in an interpreter where Textual cannot be imported at all."""
    loaded = loaded_after(f"import {', '.join(f'mlroad_tui.ui.{d}' for d in DESKS)}")
    assert not {name for name in loaded if name.partition(".")[0] in ("textual", "rich")}
    code = (
        "import sys; sys.modules['textual'] = None; import pytest; sys.exit(pytest.main(["
        "'-q', '-p', 'no:cacheprovider', '-p', 'no:textual-snapshot', 'tests/test_desks.py']))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-2000:]


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
