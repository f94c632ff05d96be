"""`mlroad completion SHELL`: the printed script really completes, in a real bash."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mlroad_tui.cli import main

BIN = Path(sys.executable).parent  # where the install put the `mlroad` console script


def complete_in_bash(line: str) -> list[str]:
    """What bash offers after `line` once it has sourced `mlroad completion bash`."""
    words = line.split(" ")
    script = (
        "source <(mlroad completion bash)\n"
        f"COMP_WORDS=({line}); COMP_CWORD={len(words) - 1}\n"
        f'COMP_LINE="{line}"; COMP_POINT={len(line)}\n'
        '"$(complete -p mlroad | sed "s/.*-F \\([^ ]*\\) .*/\\1/")" mlroad\n'
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    done = subprocess.run(
        ["bash", "-c", script], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return sorted(done.stdout.split())


def test_bash_completes_subcommands_and_their_actions() -> None:
    assert shutil.which("mlroad", path=str(BIN)), "the console script is not installed"
    assert complete_in_bash("mlroad st") == ["stats", "status"]
    assert complete_in_bash("mlroad links ch") == ["check"]
    assert complete_in_bash("mlroad completion f") == ["fish"]


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_each_shell_gets_a_script_that_calls_mlroad(shell: str, capsys) -> None:
    assert main(["completion", shell]) == 0
    script = capsys.readouterr().out
    assert "mlroad" in script and "_ARGCOMPLETE" in script


def test_an_unknown_shell_is_a_usage_error(capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["completion", "powershell"])
    assert exit_.value.code == 1
    assert "invalid choice" in capsys.readouterr().err
