"""Issue 9, classes 1, 9 and 11: URLs httpx cannot build, feed manners, unknown feed ids.

Every case runs the real path: real HTTP servers on 127.0.0.1 and a real SQLite file.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from mlroad_tui import config
from mlroad_tui.cli import main
from mlroad_tui.cli.errors import Exit
from mlroad_tui.feeds.model import ErrorKind, FetchOptions, Outcome
from mlroad_tui.feeds.opml import read_opml
from mlroad_tui.feeds.refresh import refresh_all
from mlroad_tui.links import CheckOptions, Verdict
from mlroad_tui.links.checker import check_urls
from mlroad_tui.store import Store
from mlroad_tui.urls import BadUrl, check_url, url_problem
from tests.feedserver import FeedServer, fixture
from tests.linkserver import LinkServer

# URLs that urllib or httpx cannot turn into a request: each must be refused where it enters.
UNBUILDABLE = [
    "http://127.0.0.1:70000/feed",
    "http://xn--zz-/",
    "http://xn--/",
    "http://" + "a" * 64 + ".org/",
    "http://a..b/",
    "http://[::1/",
    "http://host:+80/",
]
FAST = FetchOptions(timeout=1, deadline=5)


@pytest.fixture
def store(store: Store) -> Store:
    """The shared fresh store, without the default feeds."""
    store.feeds.seed_defaults(())
    return store


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("url", UNBUILDABLE)
def test_unbuildable_urls_are_refused_with_a_reason(url: str) -> None:
    assert url_problem(url)
    with pytest.raises(BadUrl, match=r"malformed|invalid host|Port"):
        check_url(url)


@pytest.mark.parametrize("url", UNBUILDABLE)
def test_feeds_add_refuses_them(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "feeds", "add", url)
    assert code == 1 and out == ""
    assert err.startswith("mlroad: ") and len(err.splitlines()) == 1


def test_opml_import_skips_them_and_keeps_the_good_ones() -> None:
    outlines = "".join(f'<outline text="x" xmlUrl="{u}"/>' for u in UNBUILDABLE)
    document = (
        f'<opml version="2.0"><body>{outlines}'
        '<outline text="ok" xmlUrl="https://example.org/feed"/></body></opml>'
    )
    found, skipped = read_opml(document.encode())
    assert [feed.url for feed in found] == ["https://example.org/feed"]
    assert len(skipped) == len(UNBUILDABLE)


def test_one_bad_feed_never_stops_a_refresh(feed_server: FeedServer, store: Store) -> None:
    """Feeds already stored with bad URLs (an older mlroad let them in) and a feed that
    redirects to an unbuildable host fail alone; the good feed is stored."""
    good = store.feeds.add(feed_server.add("/good", fixture("arxiv_cs_lg.xml")))
    redirect = store.feeds.add(
        feed_server.add("/moved", status=302, headers={"Location": "http://xn--zz-/feed"})
    )
    far = store.feeds.add(
        feed_server.add("/far", status=301, headers={"Location": "http://127.0.0.1:70000/"})
    )
    bad = [store.feeds.add(url) for url in UNBUILDABLE[:4]]
    outcomes = {o.feed_id: o for o in asyncio.run(refresh_all(store.feeds, options=FAST))}
    assert outcomes[good.id].outcome is Outcome.UPDATED
    assert store.feeds.items()
    for feed in [redirect, far, *bad]:
        error = outcomes[feed.id].error
        assert error is not None and error.kind is ErrorKind.BAD_URL, outcomes[feed.id]


async def test_one_bad_link_never_stops_a_check(link_server: LinkServer) -> None:
    urls = [
        link_server.url("/status/200"),
        link_server.url("/redirect/302?to=http://xn--zz-/"),
        link_server.url("/redirect/301?to=http://127.0.0.1:70000/"),
        *UNBUILDABLE,
    ]
    results = {r.url: r for r in await check_urls(urls, CheckOptions(timeout=3))}
    assert results[urls[0]].verdict is Verdict.OK
    assert results[urls[1]].verdict is Verdict.ERROR
    assert "bad URL" in (results[urls[1]].error or "")
    assert results[urls[2]].verdict is Verdict.ERROR
    assert {results[u].verdict for u in UNBUILDABLE} == {Verdict.INVALID}


def test_links_check_command_reports_them(
    link_server: LinkServer, capsys: pytest.CaptureFixture[str]
) -> None:
    redirect = link_server.url("/redirect/302?to=http://xn--zz-/")
    code, out, _ = run(capsys, "links", "check", "--json", redirect, *UNBUILDABLE)
    assert code == Exit.FOUND
    verdicts = {row["url"]: row["verdict"] for row in json.loads(out)}
    assert verdicts[redirect] == "error"
    assert {verdicts[u] for u in UNBUILDABLE} == {"invalid"}


def test_curriculum_validate_names_the_bad_url(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bundled = config.curriculum_path().read_text(encoding="utf-8")
    first = bundled.index('url = "') + len('url = "')
    end = bundled.index('"', first)
    roadmap = tmp_path / "roadmap.toml"
    roadmap.write_text(bundled[:first] + "http://xn--zz-/" + bundled[end:], encoding="utf-8")
    code, out, err = run(capsys, "curriculum", "validate", str(roadmap))
    assert code == Exit.FOUND
    assert "A-label must not end with a hyphen" in out + err


# Class 9: the feed fetcher's manners


def test_a_rate_limited_feed_recovers_after_retry_after(
    feed_server: FeedServer, store: Store
) -> None:
    feed = store.feeds.add(feed_server.add("/busy", fixture("arxiv_cs_lg.xml"), rate_limited=1))
    [outcome] = asyncio.run(refresh_all(store.feeds, options=FAST))
    assert outcome.outcome is Outcome.UPDATED, outcome
    assert len(feed_server.hits("/busy")) == 2
    assert store.feeds.get(feed.id).last_error is None


def test_a_feed_rate_limited_for_good_fails_as_http_429(
    feed_server: FeedServer, store: Store
) -> None:
    store.feeds.add(feed_server.add("/busy", fixture("arxiv_cs_lg.xml"), rate_limited=99))
    options = FetchOptions(timeout=1, deadline=5, max_retries=1)
    [outcome] = asyncio.run(refresh_all(store.feeds, options=options))
    assert outcome.error is not None and outcome.error.http_status == 429
    assert len(feed_server.hits("/busy")) == 2


def test_a_reset_mid_body_is_not_cannot_connect(feed_server: FeedServer, store: Store) -> None:
    store.feeds.add(feed_server.add("/cut", fixture("arxiv_cs_lg.xml"), reset_after=200))
    [outcome] = asyncio.run(refresh_all(store.feeds, options=FAST))
    assert outcome.error is not None
    assert outcome.error.kind is ErrorKind.DROPPED, outcome.error
    assert "cannot connect" not in outcome.error.message
    assert not outcome.unreachable


# Class 11


def test_news_for_an_unknown_feed_is_an_error(store: Store, capsys) -> None:
    code, out, err = run(capsys, "news", "--feed", "999")
    assert code == 1 and out == ""
    assert "no feed with id 999" in err
