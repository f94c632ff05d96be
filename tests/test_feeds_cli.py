"""`mlroad feeds ...` and `mlroad news`: output, JSON and exit codes, against a local server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mlroad_tui import config
from mlroad_tui.cli import main
from mlroad_tui.feeds.defaults import DEFAULT_FEEDS
from mlroad_tui.store import Store
from mlroad_tui.store.schema import FORGOTTEN_KEY
from tests.feedserver import FeedServer, fixture


@pytest.fixture
def no_defaults() -> None:
    """Tests never reach the internet: mark the defaults as already seeded (with none)."""
    store, _ = Store.open(config.db_path())
    store.feeds.seed_defaults(())
    store.close()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> object:
    code, out, _ = run(capsys, *argv, "--json")
    assert code == 0
    return json.loads(out)


def test_defaults_seeded_on_first_use_and_removals_stick(
    capsys: pytest.CaptureFixture[str],
) -> None:
    listed = run_json(capsys, "feeds", "list")
    assert [f["url"] for f in listed] == [f.url for f in DEFAULT_FEEDS]
    assert {"https://rss.arxiv.org/rss/cs.LG", "https://rss.arxiv.org/rss/stat.ML"} <= {
        f["url"] for f in listed
    }
    code, out, _ = run(capsys, "feeds", "remove", str(listed[0]["id"]))
    assert code == 0 and out.startswith("removed")
    again = run_json(capsys, "feeds", "list")
    assert len(again) == len(DEFAULT_FEEDS) - 1 and listed[0]["url"] not in {
        f["url"] for f in again
    }


@pytest.mark.usefixtures("no_defaults")
def test_subscription_commands(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "feeds", "add", "https://blog.example/feed.xml", "--title", "Blog")
    assert code == 0 and "1: Blog" in out
    assert run(capsys, "feeds", "add", "https://blog.example/feed.xml")[0] == 1
    code, _, err = run(capsys, "feeds", "add", "javascript:alert(1)")
    assert code == 1 and "not an http(s) URL" in err and "Traceback" not in err
    assert run(capsys, "feeds", "rename", "1", "My blog")[0] == 0
    assert run(capsys, "feeds", "disable", "1")[0] == 0
    [feed] = run_json(capsys, "feeds", "list")
    assert (feed["title"], feed["enabled"]) == ("My blog", False)
    assert run(capsys, "feeds", "enable", "1")[0] == 0
    code, _, err = run(capsys, "feeds", "remove", "42")
    assert code == 1 and "no feed with id 42" in err


@pytest.mark.usefixtures("no_defaults")
def test_refresh_json_and_exit_codes(
    capsys: pytest.CaptureFixture[str], feed_server: FeedServer
) -> None:
    run(capsys, "feeds", "add", feed_server.add("/arxiv", fixture("arxiv_cs_lg.xml")))
    code, out, _ = run(capsys, "feeds", "refresh", "--timeout", "0.5")
    assert code == 0 and "✓ cs.LG updates on arXiv.org: 4 new of 4" in out
    run(capsys, "feeds", "add", feed_server.url("/gone"))
    code, out, _ = run(capsys, "feeds", "refresh", "--timeout", "0.5", "--json")
    assert code == 2  # a feed failed: found, not an mlroad error
    report = json.loads(out)
    assert report["failed"] == 1 and report["offline"] is False
    arxiv, gone = report["feeds"]
    assert (arxiv["outcome"], arxiv["new_items"]) == ("not_modified", 0)  # same bytes again
    assert (gone["outcome"], gone["error_kind"], gone["http_status"]) == ("failed", "http", 404)
    code, out, _ = run(capsys, "feeds", "list")
    assert "FAILED" in out and "HTTP 404" in out


def forgotten_rows() -> int:
    """Rows the news index still keeps words of (counted by the schema's triggers)."""
    store, _ = Store.open(config.db_path())
    try:
        rows = store.core.rows("SELECT value FROM feed_meta WHERE key = ?", [FORGOTTEN_KEY])
        return int(rows[0][0]) if rows else 0
    finally:
        store.close()


@pytest.mark.usefixtures("no_defaults")
def test_a_refresh_tidies_the_index_once_a_removed_feed_left_enough_behind(
    capsys: pytest.CaptureFixture[str], feed_server: FeedServer
) -> None:
    run(capsys, "feeds", "add", feed_server.add("/arxiv", fixture("arxiv_cs_lg.xml")))
    run(capsys, "feeds", "add", feed_server.add("/hostile", fixture("hostile.xml")))
    run(capsys, "feeds", "refresh", "--timeout", "0.5")
    assert forgotten_rows() == 0  # a feed's first name does not index its items twice
    arxiv = run_json(capsys, "feeds", "list")[0]
    run(capsys, "feeds", "remove", str(arxiv["id"]))
    assert forgotten_rows() == 4  # its 4 items, against the hostile feed's 3 left
    run(capsys, "feeds", "refresh", "--timeout", "0.5")
    assert forgotten_rows() == 0


@pytest.mark.usefixtures("no_defaults")
def test_news_lists_filters_and_relevance(
    capsys: pytest.CaptureFixture[str], feed_server: FeedServer
) -> None:
    run(capsys, "feeds", "add", feed_server.add("/arxiv", fixture("arxiv_cs_lg.xml")))
    run(capsys, "feeds", "add", feed_server.add("/hostile", fixture("hostile.xml")))
    run(capsys, "feeds", "refresh", "--timeout", "0.5")
    items = run_json(capsys, "news")
    assert len(items) == 7 and all(not i["read"] for i in items)
    assert {"[bold red]x[/] marks the spot", "Local file link"} <= {i["title"] for i in items}
    local = next(i for i in items if i["title"] == "Local file link")
    assert local["openable"] is False
    # Month 1 (nothing done yet) is about maths and Python: NumPy and linear algebra match.
    relevant = run_json(capsys, "news", "--relevant")
    assert [i["title"] for i in relevant] == [
        "Broadcasting Rules in NumPy for Faster Linear Algebra"
    ]
    assert {"NumPy", "Linear Algebra"} <= set(relevant[0]["matches"])
    assert len(run_json(capsys, "news", "--limit", "2")) == 2
    arxiv_id = items[0]["feed_id"]
    assert {i["feed_id"] for i in run_json(capsys, "news", "--feed", str(arxiv_id))} == {arxiv_id}
    code, out, _ = run(capsys, "news", "--unread")
    assert code == 0 and "[bold red]x[/] marks the spot" in out and "not http(s)" in out
    assert "\x1b" not in out


@pytest.mark.usefixtures("no_defaults")
def test_opml_import_and_export(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    opml = tmp_path / "newsboat.opml"
    opml.write_bytes(fixture("newsboat.opml"))
    code, out, err = run(capsys, "feeds", "import", str(opml))
    assert code == 0 and "imported 4 feed(s)" in out and "exec:" in err
    exported = tmp_path / "out.opml"
    assert run(capsys, "feeds", "export", "-o", str(exported))[0] == 0
    assert b"https://thegradient.pub/rss/" in exported.read_bytes()
    listed = run_json(capsys, "feeds", "list")
    assert [f["folder"] for f in listed] == [None, None, "Blogs", "Blogs/Nested deeper"]
    assert run_json(capsys, "news", "--folder", "Blogs") == []  # nothing fetched yet
    code, out, _ = run(capsys, "feeds", "export")
    assert code == 0 and "<opml" in out
    code, _, err = run(capsys, "feeds", "import", str(tmp_path / "missing.opml"))
    assert code == 1 and "cannot read" in err
    bad = tmp_path / "bad.opml"
    bad.write_bytes(fixture("xxe.xml"))
    code, _, err = run(capsys, "feeds", "import", str(bad))
    assert code == 1 and "refused" in err
