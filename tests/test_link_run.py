"""A link check as the TUI runs it: stored as it goes, and calm when the machine is offline."""

from __future__ import annotations

import socket
from pathlib import Path

from mlroad_tui.links import CheckOptions, Verdict
from mlroad_tui.links.run import LinkRun, check_links
from mlroad_tui.store import Store
from tests.linkserver import serving

FAST = CheckOptions(timeout=0.5, backoff=0.01, max_retries=0)


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def test_each_verdict_is_stored_and_reported(tmp_path: Path) -> None:
    store, _ = Store.open(tmp_path / "mlroad.db")
    reports: list[int] = []
    with serving() as server:
        urls = [server.url("/status/200"), server.url("/status/410")]
        run = await check_links(store.links.save, urls, lambda r: reports.append(r.done), FAST)
    assert run.finished and reports == [0, 1, 2, 2]
    assert {r.verdict for r in store.links.results().values()} == {Verdict.OK, Verdict.BROKEN}
    assert run.summary().startswith("2 links:") and run.severity == "warning"
    assert not run.offline


async def test_nothing_reachable_reads_as_offline(tmp_path: Path) -> None:
    store, _ = Store.open(tmp_path / "mlroad.db")
    urls = [f"http://127.0.0.1:{closed_port()}/a", f"http://127.0.0.1:{closed_port()}/b"]
    run = await check_links(store.links.save, urls, lambda _: None, FAST)
    assert run.offline
    assert "seems to be offline" in run.summary()


def test_one_unreachable_link_is_not_offline() -> None:
    assert not LinkRun(total=1).offline
