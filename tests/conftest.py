"""Shared fixtures: every test gets its own MLROAD_HOME, so no test touches real user data,
and no test can open a connection beyond this machine's loopback."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

import pytest

from mlroad_tui.cli import RERAISE_VARIABLE
from mlroad_tui.store import Store
from tests import feedserver, linkserver

REPO = Path(__file__).resolve().parent.parent
BUNDLED = REPO / "curriculum" / "ml-roadmap.toml"


async def eventually(
    condition: Callable[[], object],
    within: float = 10.0,
    pause: Callable[[], Awaitable[object]] = lambda: asyncio.sleep(0.02),
) -> float:
    """Wait (by `pause`) until `condition()` holds and return how long that took; fail after
    `within` seconds. Waiting for what is asserted, not a fixed sleep, keeps a test green on
    a loaded machine and still red when the thing never happens."""
    start = time.monotonic()
    while not condition():
        assert time.monotonic() - start < within, "did not happen within the time"
        await pause()
    return time.monotonic() - start


@pytest.fixture(autouse=True)
def mlroad_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "mlroad-home"
    monkeypatch.setenv("MLROAD_HOME", str(home))
    monkeypatch.delenv("MLROAD_CURRICULUM", raising=False)
    # The machine's proxy settings never decide where a test's requests go.
    for name in ("http_proxy", "https_proxy", "all_proxy", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    # A bug that reaches `mlroad`'s last-resort handler fails the test instead of hiding.
    monkeypatch.setenv(RERAISE_VARIABLE, "1")
    return home


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A fresh store in its own SQLite file."""
    opened, _ = Store.open(tmp_path / "mlroad.db")
    yield opened
    opened.close()


@pytest.fixture
def feed_server() -> Iterator[feedserver.FeedServer]:
    """A site of feeds on 127.0.0.1 (tests/feedserver.py), for the test's length."""
    with feedserver.serving() as server:
        yield server


@pytest.fixture
def link_server() -> Iterator[linkserver.LinkServer]:
    """A site of pages with every status and redirect on 127.0.0.1 (tests/linkserver.py)."""
    with linkserver.serving() as server:
        yield server


class OffLoopback(OSError):
    """A test tried to reach beyond 127.0.0.0/8 and ::1: tests never touch the internet."""


def is_loopback(address: object) -> bool:
    """True for a Unix socket path or an IP socket address on loopback (or `localhost`)."""
    if not isinstance(address, tuple):
        return True
    host = address[0]
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True, scope="session")
def loopback_only() -> Iterator[None]:
    """Every socket this test process connects (httpx, asyncio, anything) goes to loopback,
    or the connect fails at once with `OffLoopback`, before a packet leaves."""
    connect, connect_ex = socket.socket.connect, socket.socket.connect_ex

    def guarded(method):
        def call(self: socket.socket, address: object):
            if self.family in (socket.AF_INET, socket.AF_INET6) and not is_loopback(address):
                raise OffLoopback(f"tests connect only to loopback, not {address!r}")
            return method(self, address)

        return call

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", guarded(connect))
        patch.setattr(socket.socket, "connect_ex", guarded(connect_ex))
        yield


@pytest.fixture
def other_roadmap(tmp_path: Path) -> Path:
    """The bundled roadmap under another id and title: every topic id is shared."""
    text = BUNDLED.read_text(encoding="utf-8")
    text = text.replace('id = "ml-roadmap"', 'id = "data-eng"', 1)
    text = text.replace(
        'title = "6-Month Machine Learning Roadmap"', 'title = "Data Engineering"', 1
    )
    path = tmp_path / "data-eng.toml"
    path.write_text(text, encoding="utf-8")
    return path
