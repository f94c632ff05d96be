"""HTTP/1.1 for the link checker: h11 on asyncio protocols, connections kept alive per origin.

Why not httpx here: a check is one HEAD (now and then a short GET) per URL, thousands of
them, and httpx's layers (client, httpcore's pool, anyio) cost ~0.8 ms of CPU per request,
against ~0.08 ms for h11 (the HTTP/1.1 parser under httpx) driven directly; see
benchmarks/linkcheck.py. Bytes go from the socket straight into h11 (an asyncio.Protocol,
not streams): 8 % less CPU per URL. No timeouts here: the caller bounds a check with
asyncio.timeout, and a connection whose request is cancelled or fails is dropped, never
reused.
"""

from __future__ import annotations

import asyncio
import select
import ssl
from dataclasses import dataclass
from typing import Any

import h11

# httpcore's limit for a response head; h11's own 16 KiB refuses some real sites' cookies.
MAX_HEAD_BYTES = 100 * 1024


class ConnectFailed(Exception):
    """No connection could be opened; `__cause__` is the resolver's, socket's or TLS's error."""


class ConnectionLost(Exception):
    """The connection broke (reset, or closed by the server) before a full response head."""


BadHttp = h11.RemoteProtocolError  # the server's bytes are not HTTP/1.1


@dataclass(frozen=True, slots=True)
class Reply:
    """A response's status and headers (names in lower case; the first of repeated ones)."""

    status: int
    headers: dict[str, str]


class _Connection(asyncio.Protocol):
    """One connection: the bytes that arrive go straight into h11 (no stream buffer between),
    and wake the request waiting for them."""

    def __init__(self) -> None:
        self.http = h11.Connection(h11.CLIENT, max_incomplete_event_size=MAX_HEAD_BYTES)
        self.transport: asyncio.Transport | None = None
        self.lost: str | None = None  # why the connection ended, once it has
        self._waiter: asyncio.Future[None] | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.http.receive_data(data)
        self._wake()

    def eof_received(self) -> bool:
        self.lost = "the server closed the connection"
        self._wake()
        return False  # close our side too

    def connection_lost(self, error: Exception | None) -> None:
        self.lost = self.lost or (str(error) or type(error).__name__ if error else "closed")
        self._wake()

    def quiet(self) -> bool:
        """Still open, with nothing to read: an idle connection's bytes are the server's
        goodbye (its EOF), which the event loop may not have handed us yet, so the socket
        is asked directly, as httpcore does."""
        if self.lost is not None or self.transport is None:
            return False
        sock = self.transport.get_extra_info("socket")
        return sock is None or not select.select([sock], [], [], 0)[0]

    def _wake(self) -> None:
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_result(None)

    async def exchange(self, request: h11.Request, body_limit: int) -> tuple[Reply, bool]:
        """Send `request`, read the head and at most ~`body_limit` bytes of the body; also
        says whether the connection can carry another request."""
        http = self.http
        assert self.transport is not None
        if self.lost is not None:
            raise ConnectionLost(self.lost)
        self.transport.write(http.send(request) + http.send(h11.EndOfMessage()))
        reply: Reply | None = None
        received = 0
        while True:
            event = http.next_event()
            if event is h11.NEED_DATA:
                if self.lost is not None:
                    if reply is not None:
                        return reply, False
                    raise ConnectionLost(f"{self.lost} without a response")
                self._waiter = asyncio.get_running_loop().create_future()
                try:
                    await self._waiter
                finally:
                    self._waiter = None
            elif type(event) is h11.Response:
                reply = Reply(event.status_code, _headers(event.headers))
            elif type(event) is h11.Data:
                received += len(event.data)
                if received >= body_limit:
                    return reply, False  # type: ignore[return-value]  # Data follows a Response
            elif type(event) is h11.EndOfMessage:
                assert reply is not None
                reusable = http.our_state is h11.DONE and http.their_state is h11.DONE
                if reusable:
                    http.start_next_cycle()
                return reply, reusable
            # InformationalResponse (1xx) and anything else: keep reading

    def close(self) -> None:
        if self.transport is not None:
            self.transport.abort()  # nothing left to say: no lingering close handshake


def _headers(raw: list[tuple[bytes, bytes]]) -> dict[str, str]:
    headers: dict[str, str] = {}
    for name, value in raw:
        try:
            text = value.decode()
        except UnicodeDecodeError:
            text = value.decode("latin-1")
        headers.setdefault(name.decode("latin-1"), text)
    return headers


class Origin:
    """One scheme, host and port: the connections it keeps alive between requests. How many
    requests run at once is the caller's limit; the origin keeps as many as were needed."""

    def __init__(self, host: str, port: int, tls: ssl.SSLContext | None) -> None:
        self.host = host
        self.port = port
        self.tls = tls
        self._idle: list[_Connection] = []
        self._headers: tuple[list[tuple[bytes, bytes]], Any] = ([], None)

    async def request(
        self, method: str, target: bytes, headers: list[tuple[bytes, bytes]], body_limit: int = 0
    ) -> Reply:
        """One request, on a kept-alive connection when one is still open.

        A server may close an idle connection just as a request is sent on it: its close (or,
        as the request is left unread, its reset) comes instead of an answer. That request goes
        again on a new connection at once, as HTTP/1.1 clients do (Go's among them): it is a
        HEAD or GET, safe to send twice."""
        request = h11.Request(method=method, target=target, headers=self._checked(headers))
        kept = self._kept()
        try:
            return await self._exchange(kept or await self._connect(), request, body_limit)
        except ConnectionLost:
            if kept is None:
                raise
        return await self._exchange(await self._connect(), request, body_limit)

    def _checked(self, headers: list[tuple[bytes, bytes]]) -> Any:
        """The headers as h11 checked them, kept: h11 checks each header of every request
        (a fifth of the CPU of sending one), and an origin is sent the same ones each time."""
        sent, checked = self._headers
        if headers != sent:
            checked = h11.Request(method="GET", target="/", headers=headers).headers
            self._headers = (headers, checked)
        return checked

    async def _exchange(
        self, connection: _Connection, request: h11.Request, body_limit: int
    ) -> Reply:
        try:
            reply, reusable = await connection.exchange(request, body_limit)
        except BaseException:  # lost, cancelled or bad HTTP: the connection's state is unknown
            connection.close()
            raise
        if reusable:
            self._idle.append(connection)
        else:
            connection.close()
        return reply

    def _kept(self) -> _Connection | None:
        """An idle connection the server has not closed meanwhile."""
        while self._idle:
            connection = self._idle.pop()
            if connection.quiet():
                return connection
            connection.close()
        return None

    async def _connect(self) -> _Connection:
        loop = asyncio.get_running_loop()
        try:
            _, connection = await loop.create_connection(
                _Connection,
                self.host,
                self.port,
                ssl=self.tls,
                server_hostname=self.host if self.tls else None,
            )
        except OSError as error:  # gaierror, ssl.SSLError and refusals are all OSErrors
            raise ConnectFailed(str(error) or type(error).__name__) from error
        return connection

    def close(self) -> None:
        idle, self._idle = self._idle, []
        for connection in idle:
            connection.close()
