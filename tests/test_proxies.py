"""HTTP_PROXY, HTTPS_PROXY and NO_PROXY, honoured by the link checker and by feeds refresh,
against a real proxy on 127.0.0.1 (tests/proxyserver.py) that records what it was asked."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator

import pytest

from mlroad_tui.feeds.model import ErrorKind, FetchOptions, Outcome
from mlroad_tui.feeds.refresh import refresh_all
from mlroad_tui.links import CheckOptions, LinkResult, Verdict, check_urls
from mlroad_tui.store import Store
from tests import proxyserver
from tests.feedserver import FeedServer, fixture
from tests.linkserver import LinkServer, serving

OPTIONS = CheckOptions(timeout=3, backoff=0.01, max_retries=0)


@pytest.fixture
def proxy(monkeypatch: pytest.MonkeyPatch) -> Iterator[proxyserver.ProxyServer]:
    """A proxy on loopback, named by HTTP_PROXY and HTTPS_PROXY."""
    with proxyserver.serving() as running:
        monkeypatch.setenv("HTTP_PROXY", running.url)
        monkeypatch.setenv("HTTPS_PROXY", running.url)
        yield running


def check(urls: list[str]) -> list[LinkResult]:
    return asyncio.run(check_urls(urls, OPTIONS))


def test_links_go_through_the_proxy_with_their_verdicts(
    proxy: proxyserver.ProxyServer, link_server: LinkServer
) -> None:
    ok, gone = link_server.url("/status/200"), link_server.url("/status/404")
    moved = link_server.url("/redirect/301?to=/status/200")
    results = check([ok, gone, moved])
    assert [r.verdict for r in results] == [Verdict.OK, Verdict.BROKEN, Verdict.REDIRECTED]
    assert results[2].final_url == ok
    assert ("HEAD", ok) in proxy.seen and ("GET", gone) in proxy.seen  # HEAD 404 confirmed by GET
    assert ("HEAD", moved) in proxy.seen
    # Every request the site answered came through the proxy.
    assert sum(link_server.stats.hits.values()) == len(proxy.seen)


def test_no_proxy_bypasses_the_proxy(
    proxy: proxyserver.ProxyServer, link_server: LinkServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_PROXY", "localhost,127.0.0.1")
    [result] = check([link_server.url("/status/200")])
    assert result.verdict is Verdict.OK
    assert proxy.seen == []
    assert link_server.stats.hits["/status/200"] == 1


def test_https_is_tunnelled_and_the_site_certificate_still_checked(
    proxy: proxyserver.ProxyServer,
) -> None:
    with serving(tls=True) as site:
        [result] = check([site.url("/status/200")])
        assert site.stats.hits == {}  # no request was sent over the untrusted channel
    host, port = site.addresses[0]
    assert proxy.seen == [("CONNECT", f"{host}:{port}")]
    assert result.verdict is Verdict.UNREACHABLE
    assert "TLS" in (result.error or "") and "certificate" in (result.error or "")


def test_an_unreachable_proxy_makes_links_unreachable(
    link_server: LinkServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = sock.getsockname()[1]
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{closed}")
    [result] = check([link_server.url("/status/200")])
    assert result.verdict is Verdict.UNREACHABLE
    assert "connect" in (result.error or "")
    assert link_server.stats.hits == {}


def test_feeds_refresh_goes_through_the_proxy_unless_bypassed(
    proxy: proxyserver.ProxyServer,
    feed_server: FeedServer,
    store: Store,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = feed_server.add("/arxiv", fixture("arxiv_cs_lg.xml"))
    store.feeds.add(url)
    options = FetchOptions(timeout=3, deadline=5)
    [outcome] = asyncio.run(refresh_all(store.feeds, options=options))
    assert outcome.outcome is Outcome.UPDATED
    assert proxy.seen == [("GET", url)]
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    asyncio.run(refresh_all(store.feeds, options=options))
    assert proxy.seen == [("GET", url)]
    assert len(feed_server.hits("/arxiv")) == 2


def test_a_proxy_httpx_cannot_use_is_each_feed_and_link_error(
    feed_server: FeedServer, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", "ftp://127.0.0.1:1")
    store.feeds.add(feed_server.add("/arxiv", fixture("arxiv_cs_lg.xml")))
    [outcome] = asyncio.run(refresh_all(store.feeds, options=FetchOptions(timeout=3)))
    assert outcome.error is not None and outcome.error.kind is ErrorKind.CONNECTION
    assert "cannot use the proxy" in outcome.error.message
    [result] = check([feed_server.url("/arxiv")])
    assert result.verdict is Verdict.ERROR and "proxy" in (result.error or "")
    assert feed_server.hits("/arxiv") == []
