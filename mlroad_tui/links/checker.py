"""The engine: HEAD (or a short GET), manual redirects, retries, per-host manners, verdicts.

Speed notes: each host gets its own small httpx client (one per scheme and port), because
one big pool costs CPU that grows with concurrency (encode/httpx#3215); all clients share one
TLS context. Manners are per host name: its concurrency limit and its 429 pause.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
from collections import defaultdict, deque
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import httpx

from mlroad_tui.http_manners import retry_after_seconds
from mlroad_tui.links.model import CheckOptions, LinkResult, Verdict
from mlroad_tui.urls import url_problem

MAX_REDIRECTS = 10
# A GET reads at most this much of the body (plus the rest of one network read), then
# closes: a small page finishes and its connection is reused, a 1 GB file costs nothing.
PREFIX_BYTES = 8192
REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
PERMANENT_CODES = frozenset({301, 308})
# Replies some servers give HEAD but not GET; a GET confirms before we conclude anything.
HEAD_REFUSED = frozenset({400, 403, 404, 405, 410, 501, 999})
TRANSIENT_CODES = frozenset({502, 503, 504})
BROKEN_CODES = frozenset({404, 410})
# Bot walls and rate limits: the page may be fine, we just could not verify it.
BLOCKED_CODES = frozenset({401, 403, 429, 999})


def invalid_reason(url: str) -> str | None:
    """Why `url` cannot be checked (we only ever request http(s) URLs), or None."""
    return url_problem(url)


class _Failure(Exception):
    """Ends a URL's check early with a verdict (network trouble, loops, bad redirects)."""

    def __init__(self, verdict: Verdict, message: str, retryable: bool = False) -> None:
        super().__init__(message)
        self.verdict = verdict
        self.retryable = retryable


def _root_cause(error: BaseException) -> BaseException:
    seen = {id(error)}
    while (inner := error.__cause__ or error.__context__) is not None and id(inner) not in seen:
        seen.add(id(inner))
        error = inner
    return error


def _failure(error: httpx.HTTPError | httpx.InvalidURL) -> _Failure:
    """Turn an httpx exception into a verdict; DNS and TLS failures are not worth a retry."""
    if isinstance(error, httpx.TimeoutException):
        return _Failure(Verdict.TIMEOUT, f"timed out ({type(error).__name__})")
    cause = _root_cause(error)
    detail = str(cause) or type(cause).__name__
    if isinstance(error, httpx.ConnectError):
        if isinstance(cause, socket.gaierror):
            return _Failure(Verdict.UNREACHABLE, f"DNS lookup failed: {detail}")
        if isinstance(cause, ssl.SSLError):
            return _Failure(Verdict.UNREACHABLE, f"TLS failed: {detail}")
        return _Failure(Verdict.UNREACHABLE, f"cannot connect: {detail}", retryable=True)
    # httpcore says "Server disconnected without sending a response." for a dropped connection;
    # other protocol errors are a server speaking bad HTTP, which a retry will not fix.
    if isinstance(error, httpx.ReadError | httpx.WriteError) or (
        isinstance(error, httpx.RemoteProtocolError) and "disconnected" in str(error)
    ):
        return _Failure(Verdict.UNREACHABLE, f"connection lost: {detail}", retryable=True)
    return _Failure(Verdict.ERROR, f"{type(error).__name__}: {detail}")


def _verdict(status: int, headers: httpx.Headers, permanent: bool) -> tuple[Verdict, str | None]:
    """The verdict for the final response of a redirect chain."""
    if 200 <= status < 300:
        return (Verdict.REDIRECTED if permanent else Verdict.OK), None
    phrase = f"HTTP {status}"
    if status in BROKEN_CODES:
        return Verdict.BROKEN, phrase
    if status in BLOCKED_CODES or headers.get("cf-mitigated") == "challenge":
        return Verdict.BLOCKED, f"{phrase}: the site refuses automated checks"
    if status in REDIRECT_CODES:
        return Verdict.ERROR, f"{phrase} without a Location header"
    return Verdict.ERROR, phrase


class _Budget:
    """The per-URL time budget: an asyncio timeout that stops while we wait our turn."""

    def __init__(self, timeout: asyncio.Timeout, total: float) -> None:
        self._timeout = timeout
        self._total = total
        self._loop = asyncio.get_running_loop()

    @asynccontextmanager
    async def paused(self) -> AsyncIterator[None]:
        remaining = self.remaining()
        self._timeout.reschedule(None)
        try:
            yield
        finally:
            self._timeout.reschedule(self._loop.time() + remaining)

    def remaining(self) -> float:
        when = self._timeout.when()
        return self._total if when is None else max(when - self._loop.time(), 0.0)

    def spent_ms(self) -> float:
        return (self._total - self.remaining()) * 1000


@dataclass
class _Host:
    """One host name: its slots, its 429 pause, and a small client per (scheme, port)."""

    slots: asyncio.Semaphore
    not_before: float = 0.0
    users: int = 0  # lanes and hops using the host; the last one out closes its clients
    clients: dict[tuple[str, int | None], httpx.AsyncClient] = field(default_factory=dict)

    async def aclose(self) -> None:
        clients, self.clients = list(self.clients.values()), {}
        for client in clients:
            await client.aclose()


@dataclass(frozen=True)
class _Reply:
    status: int
    headers: httpx.Headers


def _host_name(url: str) -> str:
    return urlsplit(url).hostname or ""


class _Checker:
    def __init__(self, options: CheckOptions) -> None:
        self.options = options
        self.slots = asyncio.Semaphore(options.concurrency)
        self.hosts: dict[str, _Host] = {}
        self._tls: ssl.SSLContext | None = None
        # http origins never speak TLS: a context without the CA bundle (which costs ~20 ms
        # and ~3 MB to load) does for them; having no trust anchors, it could never pass.
        self._no_tls = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        self._loop = asyncio.get_running_loop()

    async def run(
        self, urls: list[str], on_result: Callable[[LinkResult], None] | None
    ) -> dict[str, LinkResult]:
        """Each host's URLs are checked by a few lanes (twice its per-host limit), so only
        a handful of tasks exist at once, and a retry or a redirect on a host waits behind
        a few requests, not behind every URL of the run."""
        results: dict[str, LinkResult] = {}
        queues: dict[str, deque[str]] = defaultdict(deque)
        for url in urls:
            reason = invalid_reason(url)
            if reason is None:
                queues[_host_name(url)].append(url)
            else:
                result = results[url] = LinkResult(
                    url, Verdict.INVALID, None, None, False, _now(), 0.0, reason
                )
                if on_result is not None:
                    on_result(result)

        async def lane(name: str, queue: deque[str]) -> None:
            async with self.using(name):
                while queue:
                    url = queue.popleft()
                    result = results[url] = await self.check(url)
                    if on_result is not None:
                        on_result(result)

        async with asyncio.TaskGroup() as group:
            for name, queue in queues.items():
                for _ in range(min(len(queue), 2 * self.options.per_host)):
                    group.create_task(lane(name, queue))
        return results

    @asynccontextmanager
    async def using(self, name: str) -> AsyncIterator[_Host]:
        """The host, kept while in use and closed after its last user, so a run over
        thousands of hosts never holds thousands of idle connections."""
        host = self.hosts.get(name)
        if host is None:
            host = self.hosts[name] = _Host(asyncio.Semaphore(self.options.per_host))
        host.users += 1
        try:
            yield host
        finally:
            host.users -= 1
            # A host paused by a 429 is kept, or a new client would forget the pause.
            idle = host.users == 0 and host.not_before <= self._loop.time()
            if idle and self.hosts.get(name) is host:
                del self.hosts[name]
                await host.aclose()

    def client(self, host: _Host, url: str) -> httpx.AsyncClient:
        """The host's client for this URL's scheme and port, made on first use."""
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        client = host.clients.get((scheme, parts.port))
        if client is None:
            if scheme == "https" and self._tls is None:  # one CA bundle load per run
                self._tls = httpx.create_ssl_context()
            limit = self.options.per_host
            client = host.clients[scheme, parts.port] = httpx.AsyncClient(
                headers={"User-Agent": self.options.user_agent},
                timeout=self.options.timeout,
                limits=httpx.Limits(max_connections=limit, max_keepalive_connections=limit),
                verify=self._tls if scheme == "https" else self._no_tls,
            )
        return client

    async def aclose(self) -> None:
        hosts, self.hosts = list(self.hosts.values()), {}
        for host in hosts:
            await host.aclose()

    async def check(self, url: str) -> LinkResult:
        """Check one valid URL from start to verdict; never raises for network trouble."""
        trail = _Trail(url)
        timeout = asyncio.timeout(self.options.timeout)
        budget = _Budget(timeout, self.options.timeout)
        try:
            async with timeout:
                verdict, error = await self._follow(trail, budget)
        except _Failure as failure:
            verdict, error = failure.verdict, str(failure)
        except TimeoutError:
            verdict, error = Verdict.TIMEOUT, f"no answer within {self.options.timeout:g} s"
        except Exception as unexpected:  # one URL's surprise is its verdict, never the run's end
            verdict, error = Verdict.ERROR, f"{type(unexpected).__name__}: {unexpected}"
        return LinkResult(
            url,
            verdict,
            trail.status,
            trail.current,
            trail.permanent,
            _now(),
            budget.spent_ms(),
            error,
        )

    async def _follow(self, trail: _Trail, budget: _Budget) -> tuple[Verdict, str | None]:
        while True:
            trail.status = None  # a status code is only reported if this hop answers
            reply = await self._with_retries(trail.current, budget)
            trail.status = reply.status
            location = reply.headers.get("location")
            if reply.status not in REDIRECT_CODES or not location:
                return _verdict(reply.status, reply.headers, trail.permanent)
            trail.hop(reply.status, location)

    async def _with_retries(self, url: str, budget: _Budget) -> _Reply:
        """One hop: retries connection errors and 502/503/504; waits out a 429 on its host."""
        async with self.using(_host_name(url)) as host:
            return await self._retrying(host, url, budget)

    async def _retrying(self, host: _Host, url: str, budget: _Budget) -> _Reply:
        attempt = 0
        while True:
            try:
                reply = await self._attempt(host, url, budget)
            except _Failure as failure:
                if not failure.retryable or attempt >= self.options.max_retries:
                    raise
                delay = self.options.backoff * 2**attempt
            else:
                if attempt >= self.options.max_retries:
                    return reply
                if reply.status == 429:
                    delay = retry_after_seconds(
                        reply.headers.get("retry-after"),
                        self.options.backoff * 2**attempt,
                        self.options.retry_after_cap,
                    )
                    host.not_before = max(host.not_before, self._loop.time() + delay)
                    delay = 0.0  # the host's pause applies to this URL too
                elif reply.status in TRANSIENT_CODES:
                    delay = self.options.backoff * 2**attempt
                else:
                    return reply
            attempt += 1
            if delay > 0:
                async with budget.paused():
                    await asyncio.sleep(delay)

    async def _attempt(self, host: _Host, url: str, budget: _Budget) -> _Reply:
        """HEAD, then GET if HEAD was refused, inside a host slot and a global slot."""
        async with _slot(host.slots, budget):
            wait = host.not_before - self._loop.time()
            if wait > 0:
                async with budget.paused():
                    await asyncio.sleep(wait)
            client = self.client(host, url)
            async with _slot(self.slots, budget):
                try:
                    response = await client.head(url)
                    if response.status_code not in HEAD_REFUSED:
                        return _Reply(response.status_code, response.headers)
                    return await _get_prefix(client, url)
                except (httpx.HTTPError, httpx.InvalidURL) as error:
                    raise _failure(error) from None
                except ValueError as error:  # httpx building a redirect to a bad host
                    raise _Failure(Verdict.ERROR, f"redirect to a bad URL: {error}") from None


class _Trail:
    """Where a URL's redirects have led so far."""

    def __init__(self, url: str) -> None:
        self.current = url
        self.status: int | None = None
        self.permanent = False
        self._seen = {url}

    def hop(self, status: int, location: str) -> None:
        if len(self._seen) > MAX_REDIRECTS:
            raise _Failure(Verdict.ERROR, f"more than {MAX_REDIRECTS} redirects")
        target = urljoin(self.current, location)
        reason = invalid_reason(target)
        if reason is not None:
            raise _Failure(Verdict.ERROR, f"redirect to a bad URL {target!r}: {reason}")
        if target in self._seen:
            raise _Failure(Verdict.ERROR, f"redirect loop at {target}")
        self.permanent = self.permanent or status in PERMANENT_CODES
        self._seen.add(target)
        self.current = target


@asynccontextmanager
async def _slot(semaphore: asyncio.Semaphore, budget: _Budget) -> AsyncIterator[None]:
    """Hold a slot of `semaphore`; the time spent queueing for it is not charged to the URL."""
    if semaphore.locked():
        async with budget.paused():
            await semaphore.acquire()
    else:
        await semaphore.acquire()
    try:
        yield
    finally:
        semaphore.release()


async def _get_prefix(client: httpx.AsyncClient, url: str) -> _Reply:
    async with client.stream("GET", url) as response:
        received = 0
        async for chunk in response.aiter_raw():
            received += len(chunk)
            if received >= PREFIX_BYTES:
                break
        return _Reply(response.status_code, response.headers)


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)  # what the store keeps


async def check_urls(
    urls: Iterable[str],
    options: CheckOptions | None = None,
    on_result: Callable[[LinkResult], None] | None = None,
) -> list[LinkResult]:
    """Check each distinct URL once, calling `on_result` as each finishes; results keep the
    order of first appearance. Cancelling the calling task stops every request and closes
    the clients."""
    checker = _Checker(options or CheckOptions())
    unique = list(dict.fromkeys(urls))
    try:
        results = await checker.run(unique, on_result)
    finally:
        await checker.aclose()
    return [results[url] for url in unique]
