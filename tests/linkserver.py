"""A real HTTP/1.1 server on loopback for the link checker's tests and benchmark.

Each path is a case the checker must judge (see `LinkServer.respond`). The server counts
what it did (requests per path, most concurrent requests per listening address, body bytes
actually sent) so tests can check the checker's manners, not only its verdicts. It runs its
own event loop in a thread (`serving()`), or as a process for the benchmark (`python
tests/linkserver.py --host 127.0.0.2 ... --latency 0.05`, statistics as JSON on exit).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import socket
import ssl
import struct
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

CERTIFICATE = Path(__file__).parent / "fixtures" / "links" / "selfsigned.pem"
GIB = 1 << 30
CHUNK = b"x" * 65536
PAGE = b"<!doctype html><title>ok</title><p>A page that exists.</p>\n"


@dataclass
class Stats:
    """What the server saw; read by tests after (or during) a check."""

    hits: Counter[str] = field(default_factory=Counter)
    log: list[tuple[str, str, str, float]] = field(default_factory=list)  # where, method, path, t
    active: Counter[str] = field(default_factory=Counter)
    connections: Counter[str] = field(default_factory=Counter)  # open now, per address
    max_active: Counter[str] = field(default_factory=Counter)
    body_bytes_sent: int = 0
    user_agents: set[str] = field(default_factory=set)

    def as_dict(self) -> dict[str, object]:
        return {
            "requests": sum(self.hits.values()),
            "max_active": dict(self.max_active),
            "body_bytes_sent": self.body_bytes_sent,
        }


class LinkServer:
    """Serves the test cases on every (host, port) it listens on; `latency` delays each reply;
    `tls` serves https with a self-signed certificate no client trusts. `names` are the host
    names URLs use for each address (e.g. "localhost" for a second host on 127.0.0.1)."""

    def __init__(
        self,
        hosts: Sequence[str] = ("127.0.0.1",),
        latency: float = 0.0,
        tls: bool = False,
        names: Sequence[str] = (),
    ) -> None:
        self.hosts = tuple(hosts)
        self.names = tuple(names) or self.hosts
        self.latency = latency
        self.scheme = "https" if tls else "http"
        self._tls: ssl.SSLContext | None = None
        if tls:
            self._tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            self._tls.load_cert_chain(CERTIFICATE)
        self.stats = Stats()
        self.addresses: list[tuple[str, int]] = []
        self._servers: list[asyncio.Server] = []
        self._handlers: set[asyncio.Task[None]] = set()

    def base(self, index: int = 0) -> str:
        return f"{self.scheme}://{self.names[index]}:{self.addresses[index][1]}"

    def url(self, path: str, index: int = 0) -> str:
        return self.base(index) + path

    async def start(self, port: int = 0) -> None:
        for host in self.hosts:
            server = await asyncio.start_server(
                self._connection, host, port, backlog=1024, ssl=self._tls
            )
            self._servers.append(server)
            self.addresses.append(server.sockets[0].getsockname()[:2])

    async def stop(self) -> None:
        for server in self._servers:
            server.close()
        for task in list(self._handlers):
            task.cancel()
        await asyncio.gather(*self._handlers, return_exceptions=True)

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        host, port = writer.get_extra_info("sockname")[:2]
        where = f"{host}:{port}"
        task = asyncio.current_task()
        assert task is not None
        self._handlers.add(task)
        self.stats.connections[where] += 1
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                method, target, _version = lines[0].split(" ", 2)
                headers = dict(
                    (k.strip().lower(), v.strip())
                    for k, v in (line.split(":", 1) for line in lines[1:] if ":" in line)
                )
                self.stats.user_agents.add(headers.get("user-agent", ""))
                for key in (where, "*"):  # "*": all addresses together
                    self.stats.active[key] += 1
                    self.stats.max_active[key] = max(
                        self.stats.max_active[key], self.stats.active[key]
                    )
                try:
                    keep = await self._handle(where, method, target, writer)
                finally:
                    self.stats.active[where] -= 1
                    self.stats.active["*"] -= 1
                if not keep:
                    break
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
            pass
        except asyncio.CancelledError:
            pass  # stop() ends slow replies this way; the task is finished either way
        finally:
            writer.close()
            self._handlers.discard(task)
            self.stats.connections[where] -= 1

    async def _handle(
        self, where: str, method: str, target: str, writer: asyncio.StreamWriter
    ) -> bool:
        """Answer one request; False when the connection must end afterwards."""
        parts = urlsplit(target)
        path, query = parts.path, parse_qs(parts.query)
        self.stats.hits[target] += 1
        self.stats.log.append((where, method, target, time.monotonic()))
        if self.latency:
            await asyncio.sleep(self.latency)
        segments = path.strip("/").split("/")
        kind, args = segments[0], segments[1:]
        status, extra, body = 200, {}, PAGE
        if kind == "status":
            status = int(args[0])
            if "retry_after" in query:
                extra["Retry-After"] = query["retry_after"][0]
        elif kind == "flaky":  # /flaky/<code>/<times>/<key>: <code> that many times, then 200
            if self.stats.hits[target] <= int(args[1]):
                status = int(args[0])
                if status == 429:
                    extra["Retry-After"] = query.get("retry_after", ["1"])[0]
                await asyncio.sleep(float(query.get("delay", ["0"])[0]))  # an answer that lags
        elif kind == "redirect":  # /redirect/<code>?to=<path>
            status, extra["Location"] = int(args[0]), query["to"][0]
        elif kind == "chain":  # /chain/<n>: n 302 hops, then 200
            if int(args[0]) > 0:
                status, extra["Location"] = 302, f"/chain/{int(args[0]) - 1}"
        elif kind == "loop":
            status, extra["Location"] = 302, "/loop/" + ("b" if args[0] == "a" else "a")
        elif kind == "nohead":  # /nohead/<code>: HEAD gets <code>, GET gets 200
            status = int(args[0]) if method == "HEAD" else 200
        elif kind == "slow":  # /slow/<seconds>
            await asyncio.sleep(float(args[0]))
        elif kind == "slowchain":  # /slowchain/<n>/<seconds>: hops that each take <seconds>
            await asyncio.sleep(float(args[1]))
            if int(args[0]) > 0:
                status, extra["Location"] = 302, f"/slowchain/{int(args[0]) - 1}/{args[1]}"
        elif kind == "once":  # /once: a page, then the server closes the connection
            await self._reply(method, writer, status, extra, body)
            return False
        elif kind == "reset":
            sock = writer.get_extra_info("socket")
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            writer.transport.abort()
            return False
        elif kind == "huge":  # /huge/<code>: HEAD gets <code>, GET a 1 GiB body made lazily
            if method == "HEAD" and args[0] != "200":
                status = int(args[0])
            else:
                return await self._stream(method, writer, GIB, pause=0.0)
        elif kind == "drip":  # HEAD refused; GET sends headers then a byte every 0.1 s
            if method == "HEAD":
                status = 405
            else:
                return await self._stream(method, writer, 1 << 20, pause=0.1, chunk=b"x")
        else:
            status = 404
        return await self._reply(method, writer, status, extra, body)

    async def _reply(
        self,
        method: str,
        writer: asyncio.StreamWriter,
        status: int,
        extra: dict[str, str],
        body: bytes,
    ) -> bool:
        reason = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Odd"
        head = [f"HTTP/1.1 {status} {reason}", f"Content-Length: {len(body)}"]
        head += [f"{k}: {v}" for k, v in extra.items()] + ["Content-Type: text/html", "", ""]
        writer.write("\r\n".join(head).encode("latin-1"))
        if method != "HEAD":
            writer.write(body)
            self.stats.body_bytes_sent += len(body)
        await writer.drain()
        return True

    async def _stream(
        self,
        method: str,
        writer: asyncio.StreamWriter,
        size: int,
        pause: float,
        chunk: bytes = CHUNK,
    ) -> bool:
        """A body of `size` bytes made lazily; stops when the client goes away."""
        writer.write(f"HTTP/1.1 200 OK\r\nContent-Length: {size}\r\n\r\n".encode())
        if method == "HEAD":
            await writer.drain()
            return True
        sent = 0
        while sent < size:
            writer.write(chunk)
            sent += len(chunk)
            self.stats.body_bytes_sent += len(chunk)
            await writer.drain()
            if pause:
                await asyncio.sleep(pause)
        return True


@contextmanager
def serving(
    hosts: Sequence[str] = ("127.0.0.1",),
    latency: float = 0.0,
    port: int = 0,
    tls: bool = False,
    names: Sequence[str] = (),
) -> Iterator[LinkServer]:
    """Run a LinkServer in a background thread for the duration of the block."""
    server = LinkServer(hosts, latency, tls, names)
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    try:
        asyncio.run_coroutine_threadsafe(server.start(port), loop).result(5)
        yield server
    finally:
        asyncio.run_coroutine_threadsafe(server.stop(), loop).result(5)
        for task in asyncio.all_tasks(loop):
            loop.call_soon_threadsafe(task.cancel)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(5)
        loop.close()


async def _serve_forever(hosts: Sequence[str], port: int, latency: float) -> Stats:
    server = LinkServer(hosts, latency)
    await server.start(port)
    print(json.dumps({"ready": [list(a) for a in server.addresses]}), flush=True)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    await stop.wait()
    await server.stop()
    return server.stats


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", action="append", default=[])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--latency", type=float, default=0.0)
    args = parser.parse_args(argv)
    stats = asyncio.run(_serve_forever(args.host or ["127.0.0.1"], args.port, args.latency))
    json.dump(stats.as_dict(), sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
