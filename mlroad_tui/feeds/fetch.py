"""Fetching one feed over HTTP: conditional GET, a size cap, redirects, errors as values."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

import httpx

from mlroad_tui.feeds.model import ErrorKind, Feed, FeedError, FetchOptions
from mlroad_tui.http_manners import retry_after_seconds
from mlroad_tui.text import plain_line
from mlroad_tui.urls import url_problem

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
    """One client per refresh: pooled connections, redirects followed, our User-Agent, and
    the proxy the environment names (HTTP_PROXY, NO_PROXY...), as httpx reads it."""
    settings: dict[str, Any] = {
        "follow_redirects": True,
        "max_redirects": options.max_redirects,
        "timeout": httpx.Timeout(options.timeout),
        # No idle connections kept: a refresh fetches each feed once (only a redirect or a
        # retry could reuse one), while httpcore checks every idle connection (a poll and a
        # getpeername each) whenever a request starts or ends: quadratic in the feeds.
        "limits": httpx.Limits(max_connections=options.concurrency, max_keepalive_connections=0),
        "headers": {"User-Agent": options.user_agent, "Accept": ACCEPT},
        "event_hooks": {"response": [_refuse_bad_redirect]},
    }
    try:
        return httpx.AsyncClient(transport=transport, **settings)
    except ValueError as error:  # a proxy URL httpx cannot use (HTTP_PROXY=ftp://...)
        return httpx.AsyncClient(transport=_UnusableProxy(str(error)), **settings)


class _UnusableProxy(httpx.AsyncBaseTransport):
    """Every request fails as through an unreachable proxy, saying why: bad settings are
    each feed's error, as for the link checker, not the end of the refresh."""

    def __init__(self, reason: str) -> None:
        self._reason = f"cannot use the proxy: {reason}"

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        raise httpx.ProxyError(self._reason, request=request)


async def _refuse_bad_redirect(response: httpx.Response) -> None:
    """Check a redirect's target as strictly as a URL the learner typed, before following it."""
    if response.has_redirect_location:
        target = urljoin(str(response.request.url), response.headers["location"])
        problem = url_problem(target)
        if problem is not None:
            raise httpx.InvalidURL(f"redirect to a bad URL {plain_line(target, 100)!r}: {problem}")


async def fetch_feed(
    client: httpx.AsyncClient, feed: Feed, options: FetchOptions
) -> Fetched | FeedError:
    """GET the feed, conditionally when we hold validators; never raises on network trouble."""
    problem = url_problem(feed.url)  # stored by an older mlroad, before URLs were checked
    if problem is not None:
        return FeedError(ErrorKind.BAD_URL, f"cannot fetch this URL ({problem})")
    headers: dict[str, str] = {}
    if feed.etag:
        headers["If-None-Match"] = feed.etag
    if feed.last_modified:
        headers["If-Modified-Since"] = feed.last_modified
    try:
        async with asyncio.timeout(options.deadline):
            return await _get_politely(client, feed.url, headers, options)
    except TimeoutError:
        return FeedError(ErrorKind.TIMEOUT, f"no complete answer within {options.deadline:g} s")
    except (httpx.HTTPError, httpx.InvalidURL) as error:
        return _failure(error)
    except ValueError as error:  # a redirect to a host the IDNA codec refuses
        return FeedError(ErrorKind.BAD_URL, f"cannot fetch this URL ({error})")
    except Exception as error:  # one feed's surprise is its error, never the refresh's end
        return FeedError(ErrorKind.HTTP, f"unexpected failure ({type(error).__name__}: {error})")


async def _get_politely(
    client: httpx.AsyncClient, url: str, headers: dict[str, str], options: FetchOptions
) -> Fetched | FeedError:
    """GET, waiting out a 429 for as long as the server's Retry-After asks (within limits)."""
    for attempt in range(options.max_retries + 1):
        answer = await _get(client, url, headers, options.max_bytes)
        if not isinstance(answer, _RateLimited):
            return answer
        if attempt < options.max_retries:
            await asyncio.sleep(
                retry_after_seconds(answer.retry_after, 2.0**attempt, options.retry_after_cap)
            )
    return answer.error


@dataclass(frozen=True)
class _RateLimited:
    """A 429 answer: the error to report if we give up, and when the server asked us back."""

    error: FeedError
    retry_after: str | None


async def _get(
    client: httpx.AsyncClient, url: str, headers: dict[str, str], max_bytes: int
) -> Fetched | FeedError | _RateLimited:
    async with client.stream("GET", url, headers=headers) as response:
        moved_to = _permanent_target(response)
        if response.status_code == 304:
            return Fetched(304, None, moved_to=moved_to)
        if not response.is_success:
            status = response.status_code
            error = FeedError(
                ErrorKind.HTTP, f"HTTP {status} {response.reason_phrase}".strip(), status
            )
            if status == 429:
                return _RateLimited(error, response.headers.get("retry-after"))
            return error
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            return _too_large(max_bytes)
        body = bytearray()
        try:
            async for chunk in response.aiter_bytes():
                body += chunk
                if len(body) > max_bytes:
                    return _too_large(max_bytes)
        except (httpx.NetworkError, httpx.RemoteProtocolError) as error:
            # The server was reached and answered: this is no "cannot connect".
            detail = str(error) or type(error).__name__
            return FeedError(
                ErrorKind.DROPPED,
                f"the connection broke after {len(body):,} bytes of the answer ({detail})",
            )
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
    if isinstance(error, httpx.NetworkError | httpx.ProxyError):
        return FeedError(ErrorKind.CONNECTION, f"cannot connect ({detail})")
    return FeedError(ErrorKind.HTTP, f"bad HTTP answer ({type(error).__name__}: {detail})")
