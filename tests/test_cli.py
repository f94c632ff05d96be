"""The `mlroad` entry point: a command builds only its own module's parser."""

from __future__ import annotations

import argparse
import importlib
import subprocess
import sys

import pytest

from mlroad_tui.cli import COMMAND_MODULES, SUBCOMMAND_MODULES, main


def test_each_command_is_registered_by_the_module_the_table_names() -> None:
    registered = {}
    for module in SUBCOMMAND_MODULES:
        subparsers = argparse.ArgumentParser().add_subparsers()
        importlib.import_module(f"mlroad_tui.cli.{module}").register(subparsers)
        registered.update(dict.fromkeys(subparsers.choices, module))
    assert registered == COMMAND_MODULES


def test_a_command_imports_no_other_command_module() -> None:
    code = (
        "import sys; from mlroad_tui.cli import build_parser; "
        "build_parser('search').parse_args(['search', 'x']); "
        "print(sorted(m for m in sys.modules if m.startswith('mlroad_tui.cli.')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert "mlroad_tui.cli.search" in out
    assert "mlroad_tui.cli.plan" not in out and "mlroad_tui.cli.feeds" not in out


def test_an_unknown_command_still_lists_every_command(capsys) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["no-such-command"])
    assert exited.value.code == 1
    error = capsys.readouterr().err
    assert "invalid choice: 'no-such-command'" in error
    for command in COMMAND_MODULES:
        assert f"'{command}'" in error
