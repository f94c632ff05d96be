"""Feed parsing in worker processes, and the thread it falls back to when they are gone."""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import Iterator

import pytest

from mlroad_tui.feeds.model import ErrorKind, FeedError
from mlroad_tui.feeds.parse import parse_feed
from mlroad_tui.feeds.parse_pool import ParsePool
from tests.feedserver import fixture

URL = "https://rss.arxiv.org/rss/cs.LG"
KIND = "application/rss+xml"


@pytest.fixture
def pool() -> Iterator[ParsePool]:
    pool = ParsePool(workers=1)
    yield pool
    pool.close()


def parse(pool: ParsePool, body: bytes) -> object:
    return asyncio.run(pool.parse(body, url=URL, content_type=KIND))


def test_workers_parse_exactly_what_parse_feed_does(pool: ParsePool) -> None:
    body = fixture("arxiv_cs_lg.xml")
    pool.start()
    assert pool.worker_pids and os.getpid() not in pool.worker_pids
    assert parse(pool, body) == parse_feed(body, url=URL, content_type=KIND)
    refused = parse(pool, fixture("billion_laughs.xml"))
    assert isinstance(refused, FeedError) and refused.kind is ErrorKind.REFUSED


def test_a_dead_worker_falls_back_to_parsing_in_a_thread(pool: ParsePool) -> None:
    body = fixture("atom_html.xml")
    expected = parse_feed(body, url=URL, content_type=KIND)
    pool.start()
    (worker,) = pool.worker_pids
    os.kill(worker, signal.SIGKILL)
    assert parse(pool, body) == expected
    assert parse(pool, body) == expected  # and keeps doing so


def test_parse_starts_the_workers_when_nobody_did(pool: ParsePool) -> None:
    body = fixture("rss1_rdf.xml")
    assert parse(pool, body) == parse_feed(body, url=URL, content_type=KIND)
    assert pool.worker_pids


def test_without_a_python_to_start_it_parses_in_a_thread(
    pool: ParsePool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.executable", "/nonexistent/python")
    body = fixture("arxiv_cs_lg.xml")
    assert parse(pool, body) == parse_feed(body, url=URL, content_type=KIND)
    assert not pool.worker_pids


def test_a_pool_without_processes_parses_in_a_thread_and_starts_none() -> None:
    pool = ParsePool(processes=False)
    body = fixture("arxiv_cs_lg.xml")
    assert parse(pool, body) == parse_feed(body, url=URL, content_type=KIND)
    assert pool.worker_pids == frozenset()
