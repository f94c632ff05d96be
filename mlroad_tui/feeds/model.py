"""The feed reader's values: subscriptions and items, what a refresh produced, why it failed.

The store maps its rows to these and the domain works on them. Importing this is cheap (no
httpx, no feedparser, no sqlite3), so the UI and the parser can name these types freely.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from mlroad_tui import __version__
from mlroad_tui.urls import BadUrl, check_url, is_openable


class ErrorKind(StrEnum):
    """Why a feed could not be refreshed; stored as `feeds.last_error_kind`."""

    HTTP = "http"  # the server answered with an error status (or a broken redirect chain)
    TIMEOUT = "timeout"  # no answer in time
    CONNECTION = "connection"  # no network, DNS failure, refused or dropped connection
    TOO_LARGE = "too_large"  # the body exceeded the size cap
    PARSE = "parse"  # not a feed, or too broken to read
    REFUSED = "refused"  # the document declares XML entities (bomb or XXE)
    BAD_URL = "bad_url"  # the URL (or a redirect target) is not fetchable over http(s)
    DROPPED = "dropped"  # the server answered, then the connection broke mid-body


# Failures that mean "we could not reach the server", as opposed to "it answered badly".
UNREACHABLE_KINDS = frozenset({ErrorKind.CONNECTION, ErrorKind.TIMEOUT})
# Stored as `last_error_kind` when a refresh succeeded but the document needed repair.
MALFORMED = "malformed"


class Outcome(StrEnum):
    """What the last refresh of a feed did; stored as `feeds.last_outcome`."""

    UPDATED = "updated"
    NOT_MODIFIED = "not_modified"
    FAILED = "failed"


@dataclass(frozen=True)
class FeedError:
    """A refresh failure as a value: kind, a message for people, the HTTP status if any."""

    kind: ErrorKind
    message: str
    http_status: int | None = None


@dataclass(frozen=True)
class ParsedFeed:
    """A feed document reduced to safe plain text; `warning` is feedparser's bozo reason."""

    title: str
    site_url: str | None
    items: tuple[NewItem, ...]
    warning: str | None = None


@dataclass(frozen=True)
class FeedOutcome:
    """What refreshing one feed did; reported to `on_progress` as each feed finishes."""

    feed_id: int
    name: str
    url: str
    outcome: Outcome
    new_items: int = 0
    listed_items: int = 0
    error: FeedError | None = None
    warning: str | None = None
    moved_to: str | None = None
    elapsed: float = field(default=0.0, compare=False)

    @property
    def failed(self) -> bool:
        return self.outcome is Outcome.FAILED

    @property
    def unreachable(self) -> bool:
        """The server could not be reached at all (the sign of being offline)."""
        return self.error is not None and self.error.kind in UNREACHABLE_KINDS


class _MayBeUnreachable(Protocol):
    @property
    def unreachable(self) -> bool: ...


def is_offline(results: Iterable[_MayBeUnreachable]) -> bool:
    """True when every feed failed to connect: say "offline" and show the cached items.

    Takes refresh outcomes, or the stored `FeedStatus` list before any refresh ran.
    """
    results = list(results)
    return bool(results) and all(result.unreachable for result in results)


class UnknownFeed(LookupError):
    """No subscription has this id."""


class DuplicateFeed(ValueError):
    """The URL is already subscribed to."""

    def __init__(self, feed: Feed) -> None:
        super().__init__(f"already subscribed to {feed.url} (feed {feed.id})")
        self.feed = feed


@dataclass(frozen=True)
class Feed:
    """A subscription and what its last refresh found."""

    id: int
    url: str
    title: str
    site_url: str | None
    enabled: bool
    etag: str | None
    last_modified: str | None
    body_hash: str | None
    added_at: str
    last_checked_at: str | None
    last_success_at: str | None
    last_outcome: Outcome | None
    last_status: int | None
    last_error_kind: str | None
    last_error: str | None
    last_error_at: str | None
    folder: str | None = None  # an OPML category, e.g. "Papers"

    @property
    def name(self) -> str:
        """What to call the feed: its title, or its URL until the first refresh names it."""
        return self.title or self.url

    @property
    def failing(self) -> bool:
        """The last refresh failed and the feed is still on: a feed switched off is not
        refreshed, so its old failure is no news (and no longer counted)."""
        return self.enabled and self.last_outcome is Outcome.FAILED

    @property
    def unreachable(self) -> bool:
        """The last refresh could not reach the server at all (no network, DNS, timeout)."""
        return self.failing and self.last_error_kind in UNREACHABLE_KINDS


@dataclass(frozen=True)
class FeedStatus:
    """A feed with its item counts, for the feed list and `mlroad feeds list`."""

    feed: Feed
    items: int
    unread: int

    @property
    def unreachable(self) -> bool:
        return self.feed.unreachable


@dataclass(frozen=True)
class NewItem:
    """An item as parsed from a feed document, already reduced to safe plain text; `content`
    is the exception: the item's HTML (capped), kept for the reader, which makes it inert."""

    key: str
    link: str | None
    title: str
    author: str
    summary: str
    tags: tuple[str, ...]
    published_at: str | None
    content: str = ""


@dataclass(frozen=True)
class Headline:
    """What the News list shows of a stored item: no summary, which a keystroke in its filter
    would otherwise read, unpack and build for up to 2,000 items. `text_key` changes whenever
    the item's title, summary or tags do: relevance is judged once per text, not per load."""

    id: int
    feed_id: int
    feed_title: str
    title: str
    sort_at: str  # newest first
    read: bool
    starred: bool
    text_key: int


@dataclass(frozen=True)
class Item(Headline):
    """A stored item in full, with the name of its feed."""

    link: str | None
    author: str
    summary: str
    tags: tuple[str, ...]
    published_at: str | None
    first_seen_at: str

    @property
    def openable(self) -> bool:
        """Only http(s) links are ever opened; others are shown but refused."""
        return is_openable(self.link)


@dataclass(frozen=True)
class ItemFilter:
    """Which items the News pane or `mlroad news` lists (all conditions must hold)."""

    feed_id: int | None = None
    unread: bool = False
    starred: bool = False
    text: str | None = None
    folder: str | None = None


@dataclass(frozen=True)
class Retention:
    """How much history to keep: the newest `max_items` per feed, none older than `max_days`.

    Starred items are never purged, nor are items the feed still lists (they would only come
    back as unread on the next refresh).
    """

    max_items: int = 500
    max_days: float | None = None


class BadFeedUrl(ValueError):
    """A URL we will not subscribe to (not absolute http/https)."""


def check_feed_url(url: str) -> str:
    """The URL stripped of surrounding space, or `BadFeedUrl` saying why it is refused."""
    try:
        return check_url(url)
    except BadUrl as error:
        raise BadFeedUrl(str(error)) from None


def default_user_agent() -> str:
    return f"mlroad/{__version__} (+feed reader)"


@dataclass(frozen=True)
class FetchOptions:
    """Limits of one refresh. `timeout` bounds each network step (connect, each read);
    `deadline` bounds a whole feed, so a server trickling bytes cannot hold a refresh forever."""

    concurrency: int = 32
    timeout: float = 15.0
    deadline: float = 60.0
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    # A 429 is retried after the server's Retry-After (at most `retry_after_cap` seconds,
    # and never past `deadline`), up to `max_retries` times, as the link checker does.
    max_retries: int = 2
    retry_after_cap: float = 30.0
    user_agent: str = field(default_factory=default_user_agent)


class FeedStore(Protocol):
    """What the feed reader asks of the place its feeds and items are kept (the store's
    `Feeds` is one): named here, so the feed reader never names the store."""

    def add(
        self, url: str, title: str = "", *, folder: str | None = None, site_url: str | None = None
    ) -> Feed: ...

    def subscriptions(self, *, enabled_only: bool = False) -> list[Feed]: ...

    def save_items(
        self,
        feed_id: int,
        items: Sequence[NewItem],
        *,
        title: str = "",
        site_url: str | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
        body_hash: str | None = None,
        status: int | None = None,
        moved_to: str | None = None,
        warning: str | None = None,
        retention: Retention = ...,
    ) -> int: ...

    def note_not_modified(
        self, feed_id: int, *, status: int = 304, moved_to: str | None = None
    ) -> None: ...

    def note_failure(
        self, feed_id: int, kind: ErrorKind, message: str, status: int | None
    ) -> None: ...

    def items(
        self, filter: ItemFilter = ..., *, limit: int = 200, offset: int = 0
    ) -> list[Item]: ...

    def headlines(
        self, filter: ItemFilter = ..., *, limit: int = 200, offset: int = 0
    ) -> list[Headline]: ...

    def items_by_id(self, ids: Sequence[int]) -> list[Item]: ...

    def item(self, item_id: int) -> Item | None: ...

    def feed_statuses(self) -> list[FeedStatus]: ...
