"""`mlroad links fix`: moved links rewritten in the roadmap file, and nothing else of it."""

from __future__ import annotations

import difflib
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from mlroad_tui import config
from mlroad_tui.cli import main
from mlroad_tui.curriculum import load_roadmap
from mlroad_tui.links import LinkResult, Verdict
from mlroad_tui.links.fix import CannotFix, Move, moves, plan, write
from mlroad_tui.store import Store
from tests.linkserver import serving

BUNDLED = Path(__file__).resolve().parent.parent / "curriculum" / "ml-roadmap.toml"
SEABORN = "https://seaborn.pydata.org/"


def changed_lines(before: str, after: str) -> list[str]:
    """The lines a diff of the two texts removes and adds, without its headers."""
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]


def store_results(*results: LinkResult) -> None:
    store, _ = Store.open(config.db_path())
    try:
        store.links.save(results)
    finally:
        store.close()


def moved(url: str, to: str) -> LinkResult:
    return LinkResult(url, Verdict.REDIRECTED, 301, to, True, datetime.now(UTC), 5.0)


@pytest.fixture
def roadmap_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    copy = Path(shutil.copy(BUNDLED, tmp_path / "my-roadmap.toml"))
    monkeypatch.setenv("MLROAD_CURRICULUM", str(copy))
    return copy


def test_fix_write_changes_exactly_the_moved_line(roadmap_copy: Path, capsys) -> None:
    """A real 301 on loopback, found by `links check`, fixed by `links fix --write`."""
    with serving() as server:
        old = server.url("/redirect/301?to=/status/200")
        roadmap_copy.write_text(roadmap_copy.read_text().replace(SEABORN, old), encoding="utf-8")
        before = roadmap_copy.read_text(encoding="utf-8")
        assert main(["links", "check", old]) == 0
        new = server.url("/status/200")
    capsys.readouterr()

    assert main(["links", "fix"]) == 2  # shown, not written
    out, err = capsys.readouterr()
    assert f'-url = "{old}"' in out and f'+url = "{new}"' in out
    assert "1 moved link(s); add --write" in err
    assert roadmap_copy.read_text(encoding="utf-8") == before

    assert main(["links", "fix", "--write"]) == 0
    after = roadmap_copy.read_text(encoding="utf-8")
    assert changed_lines(before, after) == [f'-url = "{old}"', f'+url = "{new}"']
    assert "rewrote" in capsys.readouterr().err
    seaborn = load_roadmap(roadmap_copy).resources["seaborn-docs"]
    assert seaborn.url == new
    assert main(["links", "fix"]) == 0  # nothing left to fix
    assert "no moved links" in capsys.readouterr().err


def test_fix_from_stored_results_keeps_comments_and_quoting(tmp_path: Path) -> None:
    roadmap = tmp_path / "r.toml"
    roadmap.write_text(
        '# my roadmap\nid = \'r\'\ntitle = "R"\n\n[[phases]]\nid = "m1"\nmonth = 1\n'
        'title = "M"\nresources = ["a", "b"]\n\n[[phases.groups]]\nid = "g"\ntitle = "G"\n\n'
        '[[phases.groups.topics]]\nid = "t"\ntitle = "T"\n\n'
        '[[resources]]\nid   = "a"\ntitle = "A"\nkind = "docs"\n'
        "url  =  'https://old.example/a'   # moved in 2024, says the author\n\n"
        '[[resources]]\nid = "b"\ntitle = "B"\nkind = "docs"\nurl = "https://old.example/b"\n',
        encoding="utf-8",
    )
    before = roadmap.read_text(encoding="utf-8")
    results = {
        "https://old.example/a": moved("https://old.example/a", "https://new.example/a"),
        "https://old.example/b": moved("https://old.example/b", "javascript:alert(1)"),
    }
    found = moves(load_roadmap(roadmap), results)
    assert found == [Move("a", "https://old.example/a", "https://new.example/a")]  # not b
    fix = plan(roadmap, found)
    write(fix)
    assert changed_lines(before, roadmap.read_text(encoding="utf-8")) == [
        "-url  =  'https://old.example/a'   # moved in 2024, says the author",
        "+url  =  'https://new.example/a'   # moved in 2024, says the author",
    ]


def test_a_markdown_roadmap_has_its_link_rewritten_where_it_stands(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    source = tmp_path / "plan.md"
    source.write_text(
        "# Plan\n\n## Month 1: Start\n\n- Basics — [Guide](https://old.example/guide)\n"
        "- More: see https://old.example/guide/more\n",
        encoding="utf-8",
    )
    before = source.read_text(encoding="utf-8")
    monkeypatch.setenv("MLROAD_CURRICULUM", str(source))
    store_results(moved("https://old.example/guide", "https://new.example/guide"))
    assert main(["links", "fix", "--write"]) == 0
    assert changed_lines(before, source.read_text(encoding="utf-8")) == [
        "-- Basics — [Guide](https://old.example/guide)",
        "+- Basics — [Guide](https://new.example/guide)",
    ]  # the longer URL that merely starts the same is left alone
    capsys.readouterr()


def test_the_bundled_roadmap_is_never_rewritten(capsys) -> None:
    before = BUNDLED.read_bytes()
    store_results(moved(SEABORN, "https://seaborn.pydata.org/index.html"))
    assert main(["links", "fix", "--write"]) == 1
    out, err = capsys.readouterr()
    assert '+url = "https://seaborn.pydata.org/index.html"' in out  # the diff is still shown
    assert "bundled with mlroad; copy it" in err
    assert BUNDLED.read_bytes() == before


def test_a_file_edited_meanwhile_is_not_overwritten(roadmap_copy: Path) -> None:
    fix = plan(roadmap_copy, [Move("seaborn-docs", SEABORN, "https://seaborn.example/")])
    roadmap_copy.write_text(fix.before + "\n# an edit\n", encoding="utf-8")
    with pytest.raises(CannotFix, match="changed since it was read"):
        write(fix)
    assert roadmap_copy.read_text(encoding="utf-8").endswith("# an edit\n")
    assert not list(roadmap_copy.parent.glob(".mlroad-*"))  # no temporary file left behind


def test_nothing_checked_nothing_to_fix(roadmap_copy: Path, capsys) -> None:
    assert main(["links", "fix", "--write"]) == 0
    assert "no moved links among the 0 checked" in capsys.readouterr().err
