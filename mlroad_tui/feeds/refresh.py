"""Refreshing every feed at once: one domain call a Textual worker (or the CLI) awaits.

Feeds are fetched concurrently (bounded), parsed and stored in worker threads so the event
loop never stalls, and each result is stored and reported as soon as that feed finishes.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import Callable, Collection
from dataclasses import replace

import httpx

from mlroad_tui.feeds.fetch import Fetched, fetch_feed, make_client
from mlroad_tui.feeds.model import FeedError, FeedOutcome, FetchOptions, Outcome
from mlroad_tui.feeds.parse import parse_feed
from mlroad_tui.store.feeds import Feed, Feeds, Retention

ProgressCallback = Callable[[FeedOutcome], None]


async def refresh_all(
    feeds: Feeds,
    *,
    only: Collection[int] | None = None,
    options: FetchOptions | None = None,
    retention: Retention | None = None,
    on_progress: ProgressCallback | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
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
            outcome = await refresh_feed(client, feeds, feed, options, retention)
        if on_progress is not None:
            on_progress(outcome)
        return outcome

    async with make_client(options, transport) as client:
        return list(await asyncio.gather(*(one(feed) for feed in chosen)))


async def refresh_feed(
    client: httpx.AsyncClient,
    feeds: Feeds,
    feed: Feed,
    options: FetchOptions,
    retention: Retention,
) -> FeedOutcome:
    """Fetch one feed, then parse and store it in a thread; the outcome says what happened."""
    started = time.perf_counter()
    fetched = await fetch_feed(client, feed, options)
    outcome = await asyncio.to_thread(_ingest, feeds, feed, fetched, retention)
    return replace(outcome, elapsed=time.perf_counter() - started)


def _ingest(
    feeds: Feeds, feed: Feed, fetched: Fetched | FeedError, retention: Retention
) -> FeedOutcome:
    """Parse (unless nothing changed) and record the result (blocking: runs in a thread)."""
    if isinstance(fetched, FeedError):
        return _failed(feeds, feed, fetched)
    moved_to = fetched.moved_to
    digest = hashlib.sha256(fetched.body).hexdigest() if fetched.body is not None else None
    # A 304, or a server without validators sending the very bytes we already stored.
    if fetched.body is None or digest == feed.body_hash:
        feeds.note_not_modified(feed.id, status=fetched.status, moved_to=moved_to)
        return FeedOutcome(feed.id, feed.name, feed.url, Outcome.NOT_MODIFIED, moved_to=moved_to)
    parsed = parse_feed(fetched.body, url=moved_to or feed.url, content_type=fetched.content_type)
    if isinstance(parsed, FeedError):
        return _failed(feeds, feed, parsed)
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


def _failed(feeds: Feeds, feed: Feed, error: FeedError) -> FeedOutcome:
    feeds.note_failure(feed.id, error.kind.value, error.message, error.http_status)
    return FeedOutcome(feed.id, feed.name, feed.url, Outcome.FAILED, error=error)
