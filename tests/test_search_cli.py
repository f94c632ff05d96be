"""`mlroad search`: grouped text, JSON, kinds, ranges."""

from __future__ import annotations

import json
import os

import pytest

from mlroad_tui import config
from mlroad_tui.cli import main
from mlroad_tui.feeds.model import NewItem
from mlroad_tui.store import Store


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def learner() -> None:
    """A note and a news item about eigenvalues, beside the bundled roadmap's own topic."""
    store, _ = Store.open(config.db_path())
    feed = store.feeds.add("https://feeds.example/ml")
    item = NewItem("guid:1", "https://x.example/1", "Eigenvalues, visually", "", "", (), None)
    store.feeds.save_items(feed.id, [item], title="ML Blog")
    store.progress.save_note("calculus", "eigen things again")
    store.close()


def test_text_output_is_grouped_by_kind(capsys) -> None:
    code, out, _ = run(capsys, "search", "eigen")
    assert code == 0
    lines = out.splitlines()
    heads = [line for line in lines if not line.startswith(" ")]
    assert heads == ["topic (1)", "note (1)", "news (1)"]
    assert "  Linear Algebra  [linear-algebra]" in lines
    assert "  Calculus  [calculus]" in lines
    assert any(line.startswith("  Eigenvalues, visually  [") for line in lines)


def test_json_lists_hits_with_their_matched_words(capsys) -> None:
    code, out, _ = run(capsys, "search", "eigen", "--kind", "news", "--kind", "note", "--json")
    assert code == 0
    hits = json.loads(out)
    assert [(h["kind"], h["title"]) for h in hits] == [
        ("note", "Calculus"),
        ("news", "Eigenvalues, visually"),
    ]
    assert hits[1]["matched"] == ["Eigenvalues"]
    assert all(isinstance(h["score"], float) for h in hits)


def test_accents_and_words_as_typed(capsys) -> None:
    _, out, _ = run(capsys, "search", "KHÂN", "cälc", "--json")
    assert [h["id"] for h in json.loads(out)] == ["khan-calculus"]
    code, out, _ = run(capsys, "search", "zzzzqx")
    assert code == 0 and out == "Nothing matches 'zzzzqx'.\n"


@pytest.mark.parametrize("argv", [["--limit", "0"], ["--limit", "x"], ["--kind", "book"]])
def test_bad_options_are_usage_errors(capsys, argv: list[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["search", "x", *argv])
    assert stop.value.code == 1
    assert "usage:" in capsys.readouterr().err


def test_an_overlong_query_is_refused(capsys) -> None:
    code, _, err = run(capsys, "search", "x" * 201)
    assert code == 1 and "at most 200" in err


def test_hits_follow_an_edited_roadmap_file(capsys, tmp_path) -> None:
    """Each call reads the roadmap through its cache and indexes it only when it changed:
    an edit between two calls is found by the second."""
    from tests.conftest import BUNDLED

    path = tmp_path / "mine.toml"
    path.write_text(BUNDLED.read_text(encoding="utf-8"), encoding="utf-8")
    _, out, _ = run(capsys, "--curriculum", str(path), "search", "variations", "--json")
    assert json.loads(out) == []
    path.write_text(
        path.read_text(encoding="utf-8").replace('title = "Calculus"', 'title = "Variations"'),
        encoding="utf-8",
    )
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    _, out, _ = run(capsys, "--curriculum", str(path), "search", "variations", "--json")
    hits = [(h["kind"], h["id"]) for h in json.loads(out)]
    assert hits == [("topic", "calculus"), ("resource", "khan-calculus")]  # (its topic's title)


def test_an_indexed_roadmap_file_is_not_read_again(capsys, monkeypatch) -> None:
    """While its file is the one indexed, a search reads neither it nor its cache, and notes
    still carry their topic's title (from the index)."""
    from mlroad_tui.cli import search as cli_search

    first = run(capsys, "search", "eigen", "--json")
    monkeypatch.setattr(cli_search, "roadmap_from", None)  # calling it would fail
    again = run(capsys, "search", "eigen", "--json")
    assert again == first
    assert ("note", "Calculus") in [(h["kind"], h["title"]) for h in json.loads(again[1])]


def test_a_kind_with_more_hits_than_the_limit_says_so(capsys) -> None:
    """The count beside a kind is of what was found, not of what is listed: "2+" when more
    than the two listed match, and the JSON lists only those two."""

    def hits(out: str) -> list[str]:  # "  Title  [id]"; the snippets are indented more
        return [line for line in out.splitlines() if line.startswith("  ") and line[2] != " "]

    _, out, _ = run(capsys, "search", "khan", "--kind", "resource")
    assert out.splitlines()[0] == f"resource ({len(hits(out))})" and len(hits(out)) > 2
    _, out, _ = run(capsys, "search", "khan", "--kind", "resource", "--limit", "2")
    assert out.splitlines()[0] == "resource (2+)" and len(hits(out)) == 2
    _, out, _ = run(capsys, "search", "khan", "--kind", "resource", "--limit", "2", "--json")
    assert len(json.loads(out)) == 2
