"""A real HTTP proxy on loopback for tests: forwards absolute-form requests (plain http) and
tunnels CONNECT (https), and records each request line it was asked, so a test can tell what
went through the proxy and what did not."""

from __future__ import annotations

import http.client
import selectors
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

# Hop-by-hop headers a proxy does not pass on (RFC 9110, 7.6.1).
HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-connection",
        "proxy-authorization",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
    }
)


class ProxyServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.seen: list[tuple[str, str]] = []  # (method, target) of every request, in order

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    server: ProxyServer

    def log_message(self, format: str, *args: object) -> None:  # quiet in test output
        pass

    def _forward(self) -> None:
        self.server.seen.append((self.command, self.path))
        parts = urlsplit(self.path)
        if parts.scheme != "http" or not parts.hostname:
            self.send_error(400, "absolute-form http URL expected")
            return
        upstream = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=5)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
        try:
            target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            upstream.request(self.command, target, headers=headers)
            response = upstream.getresponse()
            body = response.read()
        except OSError as error:
            self.send_error(502, f"upstream failed: {error}")
            return
        finally:
            upstream.close()
        self.send_response(response.status)
        for name, value in response.getheaders():
            if name.lower() not in HOP_BY_HOP | {"content-length"}:
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        self.close_connection = True

    do_GET = do_HEAD = _forward

    def do_CONNECT(self) -> None:
        self.server.seen.append(("CONNECT", self.path))
        host, _, port = self.path.rpartition(":")
        try:
            upstream = socket.create_connection((host, int(port)), timeout=5)
        except (OSError, ValueError) as error:
            self.send_error(502, f"cannot reach {self.path}: {error}")
            return
        self.send_response(200, "Connection established")
        self.end_headers()
        self.wfile.flush()
        _relay(self.connection, upstream)
        upstream.close()
        self.close_connection = True


def _relay(one: socket.socket, other: socket.socket) -> None:
    """Copy bytes both ways until either side closes."""
    with selectors.DefaultSelector() as selector:
        selector.register(one, selectors.EVENT_READ, other)
        selector.register(other, selectors.EVENT_READ, one)
        while events := selector.select(timeout=5):
            for key, _ in events:
                try:
                    data = key.fileobj.recv(65536)  # type: ignore[union-attr]
                    if not data:
                        return
                    key.data.sendall(data)
                except OSError:
                    return


@contextmanager
def serving() -> Iterator[ProxyServer]:
    """Run a ProxyServer in a background thread for the duration of the block."""
    server = ProxyServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
