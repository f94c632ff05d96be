"""Refreshing feeds from a real HTTP server on 127.0.0.1 into a real SQLite store."""

from __future__ import annotations

import asyncio
import io
import socket
import subprocess
import sys
import time

import pytest
from rich.console import Console
from rich.text import Text

from mlroad_tui.feeds.model import ErrorKind, FeedOutcome, FetchOptions, Outcome, is_offline
from mlroad_tui.feeds.parse import parse_feed
from mlroad_tui.feeds.refresh import refresh_all
from mlroad_tui.store import Store
from tests.feedserver import RSS, FeedServer, fixture

FAST = FetchOptions(timeout=0.5, deadline=1.5)


def refresh(store: Store, options: FetchOptions = FAST, **kwargs: object) -> list[FeedOutcome]:
    return asyncio.run(refresh_all(store.feeds, options=options, **kwargs))  # type: ignore[arg-type]


def only(outcomes: list[FeedOutcome]) -> FeedOutcome:
    assert len(outcomes) == 1, outcomes
    return outcomes[0]


def test_refresh_stores_items_of_every_format(feed_server: FeedServer, store: Store) -> None:
    for path, name, kind in [
        ("/arxiv", "arxiv_cs_lg.xml", RSS),
        ("/atom", "atom_html.xml", "application/atom+xml"),
        ("/rdf", "rss1_rdf.xml", "application/rdf+xml"),
        ("/ids", "guids.xml", RSS),
        ("/latin", "wrong_encoding.xml", RSS),  # says UTF-8 twice (header, XML), is Latin-1
    ]:
        store.feeds.add(feed_server.add(path, fixture(name), content_type=kind))
    seen: list[FeedOutcome] = []
    outcomes = refresh(store, on_progress=seen.append)
    assert [o.outcome for o in outcomes] == [Outcome.UPDATED] * 5
    assert [o.new_items for o in outcomes] == [4, 2, 2, 4, 1]
    assert "CharacterEncodingOverride" in outcomes[4].warning
    assert sorted(o.feed_id for o in seen) == sorted(o.feed_id for o in outcomes)
    titles = {s.feed.title for s in store.feeds.feed_statuses()}
    assert titles == {
        "cs.LG updates on arXiv.org",
        "Deep Learning Notes",
        "RDF Site Summary",
        "Identity crisis",
        "Café au lait",
    }
    assert feed_server.hits("/arxiv")[0]["user-agent"].startswith("mlroad/")
    # A second refresh adds nothing and loses nothing.
    assert [o.new_items for o in refresh(store)] == [0] * 5
    assert len(store.feeds.items(limit=100)) == 13
    assert "Crème brûlée for beginners" in {i.title for i in store.feeds.items(limit=100)}


def test_conditional_get_round_trip(feed_server: FeedServer, store: Store) -> None:
    etag, modified = '"abc123"', "Tue, 14 Jan 2025 05:00:00 GMT"
    url = feed_server.add("/cond", fixture("arxiv_cs_lg.xml"), etag=etag, last_modified=modified)
    store.feeds.add(url)
    assert only(refresh(store)).outcome is Outcome.UPDATED
    first = feed_server.hits("/cond")[0]
    assert "if-none-match" not in first and "if-modified-since" not in first
    item = store.feeds.items()[0]
    store.feeds.mark_read(item.id)
    assert only(refresh(store)).outcome is Outcome.NOT_MODIFIED
    second = feed_server.hits("/cond")[1]
    assert second["if-none-match"] == etag and second["if-modified-since"] == modified
    assert len(store.feeds.items()) == 4 and store.feeds.item(item.id).read
    assert store.feeds.feed_statuses()[0].feed.last_status == 304


def test_same_body_without_validators_skips_parsing(feed_server: FeedServer, store: Store) -> None:
    feed = store.feeds.add(feed_server.add("/plain", fixture("guids.xml")))
    assert only(refresh(store)).outcome is Outcome.UPDATED
    assert only(refresh(store)).outcome is Outcome.NOT_MODIFIED  # same bytes: no parsing
    assert store.feeds.get(feed.id).last_status == 200
    feed_server.add("/plain", fixture("rss1_rdf.xml"))
    outcome = only(refresh(store))
    assert outcome.outcome is Outcome.UPDATED and outcome.new_items == 2


def test_validators_are_not_kept_when_parsing_failed(feed_server: FeedServer, store: Store) -> None:
    url = feed_server.add("/junk", b"<html>oops</html>", etag='"v1"', content_type="text/html")
    store.feeds.add(url)
    assert only(refresh(store)).error.kind is ErrorKind.PARSE
    refresh(store)
    assert "if-none-match" not in feed_server.hits("/junk")[1]  # so it is fetched in full again


@pytest.mark.parametrize(
    ("route", "kind", "message"),
    [
        ({"body": b"", "content_type": RSS}, ErrorKind.PARSE, "empty response"),
        (
            {"body": fixture("not_a_feed.html"), "content_type": "text/html"},
            ErrorKind.PARSE,
            "not a feed",
        ),
        ({"body": b"nope", "status": 500}, ErrorKind.HTTP, "HTTP 500"),
        ({"body": fixture("billion_laughs.xml")}, ErrorKind.REFUSED, "entities"),
    ],
)
def test_failures_become_status_not_tracebacks(
    feed_server: FeedServer, store: Store, route: dict, kind: ErrorKind, message: str
) -> None:
    feed = store.feeds.add(feed_server.add("/bad", **route))
    outcome = only(refresh(store))
    assert outcome.failed and outcome.error.kind is kind and message in outcome.error.message
    status = store.feeds.get(feed.id)
    assert status.failing and status.last_error_kind == kind.value and message in status.last_error


def test_missing_feed_reports_404(feed_server: FeedServer, store: Store) -> None:
    store.feeds.add(feed_server.url("/nowhere"))
    error = only(refresh(store)).error
    assert error.kind is ErrorKind.HTTP and error.http_status == 404


def test_malformed_feed_is_stored_with_its_bozo_warning(
    feed_server: FeedServer, store: Store
) -> None:
    feed = store.feeds.add(feed_server.add("/sloppy", fixture("malformed.xml")))
    outcome = only(refresh(store))
    assert outcome.outcome is Outcome.UPDATED and "not well-formed" in outcome.warning
    stored = store.feeds.get(feed.id)
    assert not stored.failing and stored.last_error_kind == "malformed"
    assert store.feeds.items()[0].title in (
        "First post survives",
        "Second post, unclosed tags follow",
    )


def test_slow_server_within_the_timeout_succeeds(feed_server: FeedServer, store: Store) -> None:
    store.feeds.add(feed_server.add("/slow", fixture("guids.xml"), delay=0.3))
    assert only(refresh(store)).outcome is Outcome.UPDATED


def test_hanging_server_times_out(feed_server: FeedServer, store: Store) -> None:
    store.feeds.add(feed_server.add("/hang", hang=True))
    started = time.perf_counter()
    outcome = only(refresh(store))
    assert time.perf_counter() - started < 1.5
    assert outcome.error.kind is ErrorKind.TIMEOUT and outcome.unreachable


def test_trickling_server_hits_the_whole_feed_deadline(
    feed_server: FeedServer, store: Store
) -> None:
    store.feeds.add(feed_server.add("/trickle", trickle=True))
    options = FetchOptions(timeout=0.5, deadline=0.6)
    started = time.perf_counter()
    outcome = only(refresh(store, options))
    assert time.perf_counter() - started < 1.5
    assert outcome.error.kind is ErrorKind.TIMEOUT and "0.6 s" in outcome.error.message


@pytest.mark.parametrize("code", [301, 308])
def test_permanent_redirect_updates_the_stored_url(
    feed_server: FeedServer, store: Store, code: int
) -> None:
    new_url = feed_server.add("/new", fixture("guids.xml"))
    feed = store.feeds.add(feed_server.add("/old", status=code, headers={"Location": "/new"}))
    outcome = only(refresh(store))
    assert outcome.outcome is Outcome.UPDATED and outcome.moved_to == new_url
    assert store.feeds.get(feed.id).url == new_url
    refresh(store)
    assert len(feed_server.hits("/old")) == 1 and len(feed_server.hits("/new")) == 2


def test_temporary_redirect_keeps_the_stored_url(feed_server: FeedServer, store: Store) -> None:
    feed_server.add("/new", fixture("guids.xml"))
    old = feed_server.add("/old", status=302, headers={"Location": "/new"})
    feed = store.feeds.add(old)
    assert only(refresh(store)).moved_to is None
    assert store.feeds.get(feed.id).url == old


def test_redirect_to_a_non_http_url_is_an_error(feed_server: FeedServer, store: Store) -> None:
    store.feeds.add(
        feed_server.add("/evil", status=301, headers={"Location": "file:///etc/passwd"})
    )
    assert only(refresh(store)).error.kind is ErrorKind.BAD_URL


@pytest.mark.parametrize("send_length", [True, False])
def test_response_over_the_size_cap_is_an_error(
    feed_server: FeedServer, store: Store, send_length: bool
) -> None:
    body = fixture("arxiv_cs_lg.xml")
    store.feeds.add(feed_server.add("/big", body, send_length=send_length))
    outcome = only(refresh(store, FetchOptions(timeout=0.5, deadline=1.5, max_bytes=1000)))
    assert outcome.error.kind is ErrorKind.TOO_LARGE and "1,000 byte" in outcome.error.message
    assert store.feeds.items() == []


def test_one_broken_feed_does_not_stop_the_others(feed_server: FeedServer, store: Store) -> None:
    store.feeds.add(feed_server.add("/hang", hang=True))
    store.feeds.add(feed_server.add("/good", fixture("arxiv_cs_lg.xml")))
    store.feeds.add(feed_server.url("/missing"))
    store.feeds.add(feed_server.add("/bomb", fixture("xxe.xml")))
    outcomes = refresh(store)
    assert [o.outcome for o in outcomes] == [
        Outcome.FAILED,
        Outcome.UPDATED,
        Outcome.FAILED,
        Outcome.FAILED,
    ]
    assert len(store.feeds.items()) == 4
    assert not is_offline(outcomes)


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_offline_when_no_feed_can_be_reached(feed_server: FeedServer, store: Store) -> None:
    good = store.feeds.add(feed_server.add("/good", fixture("guids.xml")))
    refresh(store)
    cached = store.feeds.items()
    port = _closed_port()
    store.feeds.remove(good.id)
    for n in range(3):
        store.feeds.add(f"http://127.0.0.1:{port}/feed{n}")
    outcomes = refresh(store)
    assert all(o.error.kind is ErrorKind.CONNECTION for o in outcomes)
    assert is_offline(outcomes) and is_offline(store.feeds.feed_statuses())
    assert not is_offline([])
    assert cached  # what was cached before is still listed (until its feed is removed)


def test_disabled_feeds_are_skipped_and_only_limits_the_run(
    feed_server: FeedServer, store: Store
) -> None:
    a = store.feeds.add(feed_server.add("/a", fixture("guids.xml")))
    b = store.feeds.add(feed_server.add("/b", fixture("rss1_rdf.xml")))
    store.feeds.set_enabled(a.id, False)
    assert [o.feed_id for o in refresh(store)] == [b.id]
    store.feeds.set_enabled(a.id, True)
    assert [o.feed_id for o in refresh(store, only={a.id})] == [a.id]
    assert len(feed_server.hits("/a")) == 1 and len(feed_server.hits("/b")) == 1


def test_hostile_feed_text_is_stored_and_shown_literally(
    feed_server: FeedServer, store: Store
) -> None:
    store.feeds.add(feed_server.add("/hostile", fixture("hostile.xml")))
    store.feeds.add(feed_server.add("/raw", fixture("hostile_raw.xml")))
    refresh(store)
    items = {i.title: i for i in store.feeds.items()}
    markup = items["[bold red]x[/] marks the spot"]
    assert markup.feed_title == "[bold red]Evil[/] feed"
    assert markup.author == "[@click=app.quit]Mallory[/]"
    for item in items.values():
        for field in (item.title, item.author, item.summary, item.feed_title):
            assert not any(ch in field for ch in "\x1b\x07\x9b\x00")
            console = Console(file=io.StringIO(), force_terminal=True, color_system="truecolor")
            console.print(Text(field))
            assert "\x1b" not in console.file.getvalue()  # no style, link or action
    assert items["Local file link"].link.startswith("file:")
    assert not items["Local file link"].openable
    assert not next(
        i for i in items.values() if i.link and i.link.startswith("javascript:")
    ).openable
    assert markup.openable


def test_refresh_does_not_block_the_event_loop(feed_server: FeedServer, store: Store) -> None:
    """While a large document is parsed and stored, the loop keeps ticking (UI stays live)."""
    items = b"".join(
        b"<item><title>Paper %d on attention</title><guid>g%d</guid>"
        b"<description>An abstract about transformers. %s</description></item>"
        % (n, n, b"word " * 150)
        for n in range(3000)
    )
    body = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>'
        + items
        + b"</channel></rss>"
    )
    store.feeds.add(feed_server.add("/big", body))

    async def run() -> float:
        worst = 0.0
        done = asyncio.Event()

        async def ticker() -> None:
            nonlocal worst
            last = time.perf_counter()
            while not done.is_set():
                await asyncio.sleep(0.005)
                now = time.perf_counter()
                worst = max(worst, now - last)
                last = now

        tick = asyncio.create_task(ticker())
        await refresh_all(store.feeds, options=FetchOptions(timeout=5, deadline=10))
        done.set()
        await tick
        return worst

    worst_gap = asyncio.run(run())
    assert len(store.feeds.items(limit=5000)) == 3000
    # Anchor, same run, same load: parsing on the loop would stall it for at least this long.
    started = time.perf_counter()
    parse_feed(body, url=feed_server.url("/big"), content_type="application/rss+xml")
    blocking = time.perf_counter() - started
    limit = max(0.25, blocking / 3)
    assert worst_gap < limit, f"event loop stalled {worst_gap:.3f} s (parse: {blocking:.3f} s)"


def test_feed_modules_do_not_import_textual() -> None:
    code = (
        "import sys, mlroad_tui.feeds.refresh, mlroad_tui.feeds.opml, mlroad_tui.feeds.relevance,"
        " mlroad_tui.feeds.defaults, mlroad_tui.store.feeds, mlroad_tui.text;"
        " print('textual' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_feed_types_are_cheap_to_import() -> None:
    code = (
        "import sys, mlroad_tui.feeds.model, mlroad_tui.store.feeds;"
        " print('httpx' in sys.modules, 'feedparser' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
