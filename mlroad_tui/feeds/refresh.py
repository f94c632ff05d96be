"""Refreshing every feed at once: one domain call a Textual worker (or the CLI) awaits.

Feeds are fetched concurrently (bounded), parsed and stored in worker threads so the event
loop never stalls, and each result is stored and reported as soon as that feed finishes.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Collection
from dataclasses import replace

import httpx

from mlroad_tui.feeds.fetch import Fetched, fetch_feed, make_client
from mlroad_tui.feeds.model import FeedError, FeedOutcome, FetchOptions, Outcome, ParsedFeed
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
    """Fetch, parse and store one feed; the outcome says what happened."""
    started = time.perf_counter()
    fetched = await fetch_feed(client, feed, options)
    parsed: ParsedFeed | FeedError | None = None
    if isinstance(fetched, Fetched) and fetched.body is not None:
        parsed = await asyncio.to_thread(
            parse_feed,
            fetched.body,
            url=fetched.moved_to or feed.url,
            content_type=fetched.content_type,
        )
    outcome = await asyncio.to_thread(_store, feeds, feed, fetched, parsed, retention)
    return replace(outcome, elapsed=time.perf_counter() - started)


def _store(
    feeds: Feeds,
    feed: Feed,
    fetched: Fetched | FeedError,
    parsed: ParsedFeed | FeedError | None,
    retention: Retention,
) -> FeedOutcome:
    """Record the result in the store (blocking: runs in a thread)."""
    error = fetched if isinstance(fetched, FeedError) else parsed
    if isinstance(error, FeedError):
        feeds.note_failure(feed.id, error.kind.value, error.message, error.http_status)
        return FeedOutcome(feed.id, feed.name, feed.url, Outcome.FAILED, error=error)
    assert isinstance(fetched, Fetched)
    if parsed is None:
        feeds.note_not_modified(feed.id, moved_to=fetched.moved_to)
        return FeedOutcome(
            feed.id, feed.name, feed.url, Outcome.NOT_MODIFIED, moved_to=fetched.moved_to
        )
    new = feeds.save_items(
        feed.id,
        parsed.items,
        title=parsed.title,
        site_url=parsed.site_url,
        etag=fetched.etag,
        last_modified=fetched.last_modified,
        status=fetched.status,
        moved_to=fetched.moved_to,
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
        moved_to=fetched.moved_to,
    )
