"""Issue 9, classes 3 and 4: roadmap files are untrusted text, and input can be deep or endless.

A hostile copy of the bundled roadmap puts Rich markup and terminal escape sequences (a
title change, an OSC 52 clipboard write, a colour) into every title, summary and list.
"""

from __future__ import annotations

import os
import re
from dataclasses import fields
from pathlib import Path

import pytest

from mlroad_tui.cli import main
from mlroad_tui.curriculum import Roadmap, load_roadmap, validate
from mlroad_tui.tomlfile import MAX_TOML_BYTES
from tests.conftest import BUNDLED

# Written as TOML escapes, so the file holds the real ESC and BEL characters.
HOSTILE = r"[/] [bold]x \u001b]0;pwned\u0007\u001b]52;c;ZXZpbA==\u0007\u001b[31m\u009b2J "
ESCAPES = re.compile("[\x1b\x07\x9b]")


def hostile_roadmap(folder: Path) -> Path:
    text = BUNDLED.read_text(encoding="utf-8")
    for key in ("title", "summary", "note", "text"):
        text = text.replace(f'\n{key} = "', f'\n{key} = "{HOSTILE}')
    text = re.sub(  # every string of the goals and key points lists
        r"(?s)((?:goals|key_points) = \[)(.*?)(\])",
        lambda block: (
            block[1]
            + re.sub(r'"([^"]*)"', lambda item: f'"{HOSTILE}{item[1]}"', block[2])
            + block[3]
        ),
        text,
    )
    path = folder / "hostile.toml"
    path.write_text(text, encoding="utf-8")
    return path


def strings_of(roadmap: Roadmap) -> list[str]:
    """Every string the roadmap model holds."""
    found: list[str] = []
    things: list[object] = [roadmap, *roadmap.phases, *roadmap.resources.values(), *roadmap.tips]
    for phase in roadmap.phases:
        things += [*phase.groups, *phase.topics]
    for thing in things:
        for field in fields(thing):  # type: ignore[arg-type]
            value = getattr(thing, field.name)
            values = value if isinstance(value, tuple) else (value,)
            found += [v for v in values if isinstance(v, str)]
    return found


def test_the_loader_removes_every_escape_and_keeps_markup_as_text(tmp_path: Path) -> None:
    roadmap = load_roadmap(hostile_roadmap(tmp_path))
    strings = strings_of(roadmap)
    assert not [s for s in strings if ESCAPES.search(s)]
    titles = [t.title for t in roadmap.topics()]
    assert all(title.startswith("[/] [bold]x ") for title in titles)
    assert len([s for s in strings if "[/]" in s]) > 300


@pytest.mark.parametrize(
    "argv",
    [
        ["status"],
        ["report"],
        ["plan", "show", "--date", "2025-03-12"],
        ["today", "--date", "2025-03-12"],
        ["review"],
        ["curriculum", "validate"],
    ],
)
def test_cli_output_is_literal(
    argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--curriculum", str(hostile_roadmap(tmp_path)), *argv])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert not ESCAPES.search(out + err)


def test_status_shows_markup_literally(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--curriculum", str(hostile_roadmap(tmp_path)), "status"]) == 0
    assert "[/] [bold]x" in capsys.readouterr().out


def test_a_problem_never_echoes_an_escape(tmp_path: Path) -> None:
    path = tmp_path / "keys.toml"
    path.write_text(
        BUNDLED.read_text(encoding="utf-8").replace(
            "weekly_hours = [15, 20]", 'weekly_hours = [15, 20]\n"\\u001b]0;pwned\\u0007" = 1'
        ),
        encoding="utf-8",
    )
    problems = validate(path)
    assert problems and not [p for p in problems if ESCAPES.search(str(p))]


# Class 4: deep or endless input


def test_deep_nesting_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "deep.toml"
    path.write_text("x = " + "[" * 500 + "]" * 500 + "\n", encoding="utf-8")
    [problem] = validate(path)
    assert "nested too deeply" in problem.message


def test_devices_are_refused_without_reading(capsys: pytest.CaptureFixture[str]) -> None:
    [problem] = validate(Path("/dev/zero"))
    assert "not a regular file" in problem.message
    assert main(["--curriculum", "/dev/zero", "status"]) == 1
    assert "not a regular file" in capsys.readouterr().err


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "roadmap.toml"
    os.mkfifo(fifo)
    [problem] = validate(fifo)
    assert "not a regular file" in problem.message


def test_a_huge_file_is_refused_by_its_size(tmp_path: Path) -> None:
    path = tmp_path / "huge.toml"
    with path.open("wb") as stream:
        stream.truncate(MAX_TOML_BYTES + 1)  # sparse: costs no disk
    [problem] = validate(path)
    assert "larger than the 8 MiB limit" in problem.message


def test_opml_import_reads_regular_files_only(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["feeds", "import", "/dev/zero"]) == 1
    assert "not a regular file" in capsys.readouterr().err
