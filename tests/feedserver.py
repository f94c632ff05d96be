"""A real HTTP server on 127.0.0.1 serving feed documents, for the feed reader's tests.

Each path is a `Route`: a body with its headers, optionally slow, hanging, trickling, or
answering 304 when the request carries the route's validators. Every request's headers are
recorded so tests can check what the client sent (the conditional GET headers above all).
"""

from __future__ import annotations

import socket
import struct
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures" / "feeds"
RSS = "application/rss+xml; charset=utf-8"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = RSS
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering
    hang: bool = False  # never answer (until the server stops)
    trickle: bool = False  # send headers, then one byte every 0.05 s, forever
    send_length: bool = True  # False: no Content-Length, the body ends when the socket closes
    etag: str | None = None
    last_modified: str | None = None
    rate_limited: int = 0  # answer 429 with `Retry-After: 1` this many times first
    reset_after: int | None = None  # send this many body bytes, then reset the connection


class FeedServer:
    """Routes by path; `requests` holds (path, headers) of everything received."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.stopping = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def url(self, path: str) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}{path}"

    def add(self, path: str, body: bytes = b"", **options: object) -> str:
        """Serve `body` at `path`; returns the full URL."""
        self.routes[path] = Route(body, **options)  # type: ignore[arg-type]
        return self.url(path)

    def hits(self, path: str) -> list[dict[str, str]]:
        return [headers for p, headers in self.requests if p == path]

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self.stopping.set()
        self._server.shutdown()
        self._server.server_close()

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                server.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
                route = server.routes.get(self.path)
                if route is None:
                    self.send_error(404, "Not Found")
                    return
                if route.hang:
                    server.stopping.wait(30)
                    return
                if route.delay:
                    time.sleep(route.delay)
                if len(server.hits(self.path)) <= route.rate_limited:
                    self.send_response(429)
                    self.send_header("Retry-After", "1")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if self._unchanged(route):
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                for name, value in self._validators(route):
                    self.send_header(name, value)
                for name, value in route.headers.items():
                    self.send_header(name, value)
                if route.send_length and not route.trickle:
                    self.send_header("Content-Length", str(len(route.body)))
                else:
                    self.send_header("Connection", "close")
                self.end_headers()
                if route.trickle:
                    self._trickle()
                elif route.reset_after is not None:
                    self.wfile.write(route.body[: route.reset_after])
                    self.wfile.flush()
                    # SO_LINGER 0: close sends a TCP reset, as a crashed server would.
                    self.connection.setsockopt(
                        socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                    )
                    self.connection.close()
                else:
                    self.wfile.write(route.body)

            def _unchanged(self, route: Route) -> bool:
                if not (route.etag or route.last_modified):
                    return False
                etag_ok = route.etag is None or self.headers.get("If-None-Match") == route.etag
                date = self.headers.get("If-Modified-Since")
                date_ok = route.last_modified is None or date == route.last_modified
                return etag_ok and date_ok

            def _validators(self, route: Route) -> Iterator[tuple[str, str]]:
                if route.etag:
                    yield "ETag", route.etag
                if route.last_modified:
                    yield "Last-Modified", route.last_modified

            def _trickle(self) -> None:
                self.wfile.write(b"<rss>")
                while not server.stopping.wait(0.05):
                    try:
                        self.wfile.write(b" ")
                        self.wfile.flush()
                    except OSError:
                        return

        return Handler


@contextmanager
def serving() -> Iterator[FeedServer]:
    server = FeedServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()
