"""Fetching one feed over HTTP: conditional GET, a size cap, redirects, errors as values."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import httpx

from mlroad_tui.feeds.model import ErrorKind, FeedError, FetchOptions
from mlroad_tui.store.feeds import Feed

ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, "
    "application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5"
)
PERMANENT_CODES = frozenset({301, 308})


@dataclass(frozen=True)
class Fetched:
    """A feed's HTTP answer: a body to parse, or `body=None` for 304 Not Modified."""

    status: int
    body: bytes | None
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    moved_to: str | None = None


def make_client(
    options: FetchOptions, transport: httpx.AsyncBaseTransport | None = None
) -> httpx.AsyncClient:
    """One client per refresh: pooled connections, redirects followed, our User-Agent."""
    return httpx.AsyncClient(
        follow_redirects=True,
        max_redirects=options.max_redirects,
        timeout=httpx.Timeout(options.timeout),
        limits=httpx.Limits(
            max_connections=options.concurrency, max_keepalive_connections=options.concurrency
        ),
        headers={"User-Agent": options.user_agent, "Accept": ACCEPT},
        transport=transport,
    )


async def fetch_feed(
    client: httpx.AsyncClient, feed: Feed, options: FetchOptions
) -> Fetched | FeedError:
    """GET the feed, conditionally when we hold validators; never raises on network trouble."""
    headers: dict[str, str] = {}
    if feed.etag:
        headers["If-None-Match"] = feed.etag
    if feed.last_modified:
        headers["If-Modified-Since"] = feed.last_modified
    try:
        async with asyncio.timeout(options.deadline):
            return await _get(client, feed.url, headers, options.max_bytes)
    except TimeoutError:
        return FeedError(ErrorKind.TIMEOUT, f"no complete answer within {options.deadline:g} s")
    except (httpx.HTTPError, httpx.InvalidURL) as error:
        return _failure(error)


async def _get(
    client: httpx.AsyncClient, url: str, headers: dict[str, str], max_bytes: int
) -> Fetched | FeedError:
    async with client.stream("GET", url, headers=headers) as response:
        moved_to = _permanent_target(response)
        if response.status_code == 304:
            return Fetched(304, None, moved_to=moved_to)
        if not response.is_success:
            status = response.status_code
            return FeedError(
                ErrorKind.HTTP, f"HTTP {status} {response.reason_phrase}".strip(), status
            )
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            return _too_large(max_bytes)
        body = bytearray()
        async for chunk in response.aiter_bytes():
            body += chunk
            if len(body) > max_bytes:
                return _too_large(max_bytes)
        return Fetched(
            status=response.status_code,
            body=bytes(body),
            content_type=response.headers.get("content-type"),
            etag=response.headers.get("etag"),
            last_modified=response.headers.get("last-modified"),
            moved_to=moved_to,
        )


def _permanent_target(response: httpx.Response) -> str | None:
    """Where the leading run of 301/308 redirects led: the feed's new permanent address."""
    urls = [str(hop.request.url) for hop in response.history] + [str(response.request.url)]
    target = None
    for index, hop in enumerate(response.history):
        if hop.status_code not in PERMANENT_CODES:
            break
        target = urls[index + 1]
    return target


def _too_large(max_bytes: int) -> FeedError:
    return FeedError(ErrorKind.TOO_LARGE, f"larger than the {max_bytes:,} byte limit")


def _failure(error: httpx.HTTPError | httpx.InvalidURL) -> FeedError:
    detail = str(error) or type(error).__name__
    if isinstance(error, httpx.ConnectTimeout):
        return FeedError(ErrorKind.TIMEOUT, f"timed out connecting ({detail})")
    if isinstance(error, httpx.TimeoutException):
        return FeedError(ErrorKind.TIMEOUT, f"timed out waiting for the server ({detail})")
    if isinstance(error, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return FeedError(ErrorKind.BAD_URL, f"cannot fetch this URL ({detail})")
    if isinstance(error, httpx.TooManyRedirects):
        return FeedError(ErrorKind.HTTP, "too many redirects")
    if isinstance(error, httpx.NetworkError):
        return FeedError(ErrorKind.CONNECTION, f"cannot connect ({detail})")
    return FeedError(ErrorKind.HTTP, f"bad HTTP answer ({type(error).__name__}: {detail})")
