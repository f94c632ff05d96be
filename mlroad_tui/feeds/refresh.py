"""Refreshing every feed at once: one domain call a Textual worker (or the CLI) awaits.

Feeds are fetched concurrently (bounded), parsed in worker processes (`parse_pool`) and
stored in one thread (the store writes under one lock: more threads would only take longer to
start), so the event loop never stalls; each result is stored and reported as soon as that
feed finishes.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import Awaitable, Callable, Collection
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from functools import partial

import httpx

from mlroad_tui.feeds.fetch import Fetched, fetch_feed, make_client
from mlroad_tui.feeds.model import (
    Feed,
    FeedError,
    FeedOutcome,
    FeedStore,
    FetchOptions,
    Outcome,
    ParsedFeed,
    Retention,
)
from mlroad_tui.feeds.parse_pool import SHARED, ParsePool

ProgressCallback = Callable[[FeedOutcome], None]


async def refresh_all(
    feeds: FeedStore,
    *,
    only: Collection[int] | None = None,
    options: FetchOptions | None = None,
    retention: Retention | None = None,
    on_progress: ProgressCallback | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    parsers: ParsePool = SHARED,
) -> list[FeedOutcome]:
    """Refresh the enabled feeds (or the ids in `only`), storing each result as it lands.

    One broken feed never stops the others: failures are outcomes, in subscription order.
    `on_progress` is called on the event loop as each feed finishes.
    """
    options = options or FetchOptions()
    retention = retention or Retention()
    chosen = [f for f in feeds.subscriptions(enabled_only=True) if only is None or f.id in only]
    slots = asyncio.Semaphore(options.concurrency)

    async def one(feed: Feed) -> FeedOutcome:
        async with slots:
            outcome = await refresh_feed(client, feeds, feed, options, retention, parsers, store)
        if on_progress is not None:
            on_progress(outcome)
        return outcome

    parsers.start()  # now, so they are ready by the time the first answer lands
    with ThreadPoolExecutor(1, thread_name_prefix="feed-store") as storing:
        store = partial(asyncio.get_running_loop().run_in_executor, storing)
        async with make_client(options, transport) as client:
            return list(await asyncio.gather(*(one(feed) for feed in chosen)))


async def refresh_feed(
    client: httpx.AsyncClient,
    feeds: FeedStore,
    feed: Feed,
    options: FetchOptions,
    retention: Retention,
    parsers: ParsePool,
    store: Callable[..., Awaitable[FeedOutcome]],
) -> FeedOutcome:
    """Fetch one feed, parse it (unless unchanged) and store it; the outcome says what happened.
    `store(function, *args)` runs a blocking write off the event loop."""
    started = time.perf_counter()
    fetched = await fetch_feed(client, feed, options)
    if isinstance(fetched, FeedError):
        outcome = await store(_failed, feeds, feed, fetched)
    elif fetched.body is None or (digest := _sha256(fetched.body)) == feed.body_hash:
        # A 304, or a server without validators sending the very bytes we already stored.
        outcome = await store(_unchanged, feeds, feed, fetched)
    else:
        url = fetched.moved_to or feed.url
        parsed = await parsers.parse(fetched.body, url=url, content_type=fetched.content_type)
        outcome = await store(_record, feeds, feed, fetched, parsed, digest, retention)
    return replace(outcome, elapsed=time.perf_counter() - started)


def _sha256(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def _unchanged(feeds: FeedStore, feed: Feed, fetched: Fetched) -> FeedOutcome:
    moved_to = fetched.moved_to
    feeds.note_not_modified(feed.id, status=fetched.status, moved_to=moved_to)
    return FeedOutcome(feed.id, feed.name, feed.url, Outcome.NOT_MODIFIED, moved_to=moved_to)


def _record(
    feeds: FeedStore,
    feed: Feed,
    fetched: Fetched,
    parsed: ParsedFeed | FeedError,
    digest: str,
    retention: Retention,
) -> FeedOutcome:
    """Store a parsed document's items and the feed's new status (blocking: a thread)."""
    if isinstance(parsed, FeedError):
        return _failed(feeds, feed, parsed)
    moved_to = fetched.moved_to
    new = feeds.save_items(
        feed.id,
        parsed.items,
        title=parsed.title,
        site_url=parsed.site_url,
        etag=fetched.etag,
        last_modified=fetched.last_modified,
        body_hash=digest,
        status=fetched.status,
        moved_to=moved_to,
        warning=parsed.warning,
        retention=retention,
    )
    return FeedOutcome(
        feed.id,
        feed.title or parsed.title or feed.url,
        feed.url,
        Outcome.UPDATED,
        new_items=new,
        listed_items=len(parsed.items),
        warning=parsed.warning,
        moved_to=moved_to,
    )


def _failed(feeds: FeedStore, feed: Feed, error: FeedError) -> FeedOutcome:
    feeds.note_failure(feed.id, error.kind, error.message, error.http_status)
    return FeedOutcome(feed.id, feed.name, feed.url, Outcome.FAILED, error=error)
