"""The guard in conftest.py: tests reach loopback servers, and nothing else."""

from __future__ import annotations

import asyncio
import socket

import httpx
import pytest

# (conftest's OffLoopback is an OSError; matched by message, as conftest is imported apart.)
# TEST-NET-1 (RFC 5737), a documentation address: the guard refuses before a packet is sent.
AWAY = ("192.0.2.1", 80)


def test_a_socket_cannot_connect_beyond_loopback() -> None:
    with socket.socket() as sock, pytest.raises(OSError, match="only to loopback"):
        sock.connect(AWAY)
    with socket.socket() as sock, pytest.raises(OSError, match="only to loopback"):
        sock.connect_ex(AWAY)


def test_httpx_and_asyncio_cannot_either() -> None:
    with pytest.raises(httpx.ConnectError, match="only to loopback"):
        httpx.get(f"http://{AWAY[0]}/", timeout=1)
    with pytest.raises(OSError, match="only to loopback"):
        asyncio.run(asyncio.open_connection(*AWAY))


def test_loopback_still_connects() -> None:
    with socket.create_server(("127.0.0.1", 0)) as server, socket.socket() as client:
        client.connect(server.getsockname())
