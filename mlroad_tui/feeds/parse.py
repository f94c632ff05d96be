"""Feed documents → `ParsedFeed`: `rss_reader` for plain RSS, else feedparser, then every
string made safe plain text.

CPU-bound and blocking: `parse_pool` runs it in worker processes (or a thread, without them).
"""

from __future__ import annotations

import hashlib
import html
import io
import re
import time
import xml.sax
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any
from urllib.parse import urljoin

import feedparser

from mlroad_tui.feeds.model import ErrorKind, FeedError, NewItem, ParsedFeed
from mlroad_tui.feeds.rss_reader import read_rss
from mlroad_tui.feeds.xmlsafe import declares_entities
from mlroad_tui.text import html_to_text, plain_block, plain_line, strip_controls

TITLE_LIMIT = 500
AUTHOR_LIMIT = 300
SUMMARY_LIMIT = 4000
# Characters of an item's HTML kept for the reader (~10,000 words of article): enough for
# any blog post, while a hostile feed cannot fill the disk through one item.
CONTENT_LIMIT = 64 * 1024
_HTML_TYPES = ("text/html", "application/xhtml+xml")
TAG_LIMIT = 20
# arXiv prefixes each abstract with "arXiv:2401.01234v1 Announce Type: new Abstract:".
_ARXIV_PREAMBLE = re.compile(r"^arXiv:\S+\s+Announce Type:\s*\S+\s+Abstract:\s*", re.IGNORECASE)
_URL_JUNK = re.compile(r"[\s\x00-\x1f\x7f-\x9f]+")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
# Errors feedparser may raise on hostile input instead of flagging it as bozo.
_PARSER_ERRORS = (xml.sax.SAXException, ValueError, TypeError, LookupError, RecursionError)


def parse_feed(body: bytes, *, url: str, content_type: str | None = None) -> ParsedFeed | FeedError:
    """Parse a fetched document; a value either way (never raises on bad input)."""
    if not body.strip():
        return FeedError(ErrorKind.PARSE, "empty response")
    if declares_entities(body):
        return FeedError(
            ErrorKind.REFUSED, "refused: the document declares XML entities (entity bomb or XXE)"
        )
    parsed = read_rss(body, content_type) or _feedparser(body, content_type)
    if isinstance(parsed, FeedError):
        return parsed
    bozo = _describe(parsed.get("bozo_exception")) if parsed.get("bozo") else None
    if not parsed.get("version") and not parsed["entries"]:
        return FeedError(ErrorKind.PARSE, f"not a feed ({bozo or 'no feed elements found'})")
    feed = parsed["feed"]
    return ParsedFeed(
        title=_text(feed, "title", TITLE_LIMIT),
        site_url=_url(feed.get("link"), url),
        items=tuple(_unique(_item(entry, url) for entry in parsed["entries"])),
        warning=bozo,
    )


def _feedparser(body: bytes, content_type: str | None) -> Mapping[str, Any] | FeedError:
    """What feedparser makes of any document (the plain RSS `read_rss` takes is faster)."""
    # No content-location: feedparser would urljoin every link and guid (a quarter of its
    # time on arXiv listings); the few relative links are resolved in `_url` instead.
    headers = {"content-type": content_type} if content_type else {}
    try:
        # Sanitising and URI rewriting of HTML are wasted work: we keep plain text only.
        parsed: Mapping[str, Any] = feedparser.parse(
            io.BytesIO(body),
            response_headers=headers,
            sanitize_html=False,
            resolve_relative_uris=False,
        )
    except _PARSER_ERRORS as error:
        return FeedError(ErrorKind.PARSE, f"unreadable feed: {_describe(error)}")
    return parsed


def _describe(error: object) -> str:
    text = plain_line(str(error), 300)
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def _detail(node: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    """feedparser's `<name>_detail`, or {}: it stores an element it has no rule for under
    the element's name, so `<title_detail>x</title_detail>` makes it a string."""
    detail = node.get(f"{name}_detail")
    return detail if isinstance(detail, Mapping) else {}


def _text(node: Mapping[str, Any], name: str, limit: int) -> str:
    """A one-line field, HTML stripped when feedparser says it is HTML."""
    value = node.get(name) or ""
    detail = _detail(node, name)
    if detail.get("type") in _HTML_TYPES:
        value = html_to_text(value)
    return plain_line(value, limit)


def _summary(entry: Mapping[str, Any]) -> str:
    detail = _detail(entry, "summary") or next(iter(entry.get("content") or ()), None) or {}
    value = detail.get("value") or entry.get("summary") or ""
    if detail.get("type", "text/html") in _HTML_TYPES:
        text = html_to_text(value, SUMMARY_LIMIT)
    else:
        text = plain_block(value, SUMMARY_LIMIT)
    return _ARXIV_PREAMBLE.sub("", text)


def _content(entry: Mapping[str, Any]) -> str:
    """The HTML the reader shows: the full content, else a summary that has markup (links,
    paragraphs). A plain-text summary is not kept twice: the reader shows the summary."""
    full = next(iter(entry.get("content") or ()), None)
    detail = full or _detail(entry, "summary")
    value = detail.get("value") or ""
    is_html = detail.get("type", "text/html") in _HTML_TYPES
    if full is None and not (is_html and "<" in value):
        return ""
    return strip_controls((value if is_html else html.escape(value))[:CONTENT_LIMIT])


def _url(value: str | None, base: str) -> str | None:
    """Links lose whitespace and control characters and are made absolute against the feed's
    URL; other schemes are kept as they are (shown, never opened)."""
    if not value:
        return None
    if not value.startswith(("https://", "http://")) or not value.isprintable() or " " in value:
        value = _URL_JUNK.sub("", value)
        if value and not _SCHEME.match(value):
            value = urljoin(base, value)
    return value or None


def _published(entry: Mapping[str, Any]) -> str | None:
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    if not isinstance(stamp, time.struct_time):  # an element named so holds a string
        return None
    return _iso_time(stamp)


@lru_cache(maxsize=64)  # a listing repeats its dates
def _iso_time(stamp: time.struct_time) -> str | None:
    try:
        return datetime(*stamp[:6], tzinfo=UTC).isoformat(timespec="seconds")
    except (ValueError, OverflowError):
        return None


def _tags(entry: Mapping[str, Any]) -> tuple[str, ...]:
    terms = (plain_line(tag.get("term") or tag.get("label"), 80) for tag in entry.get("tags") or ())
    return tuple(dict.fromkeys(term for term in terms if term))[:TAG_LIMIT]


def dedupe_key(guid: str | None, link: str | None, title: str, date: str | None) -> str:
    """The identity of an item within its feed: guid, else link, else hash(title + date)."""
    if guid:
        return f"guid:{guid}"
    if link:
        return f"link:{link}"
    digest = hashlib.sha1(f"{title}\x1f{date or ''}".encode(), usedforsecurity=False)
    return f"hash:{digest.hexdigest()}"


def _item(entry: Mapping[str, Any], base: str) -> NewItem:
    title = _text(entry, "title", TITLE_LIMIT)
    link = _url(entry.get("link"), base)
    published = _published(entry)
    raw_date = entry.get("published") or entry.get("updated")
    guid = plain_line(entry.get("id"), 1000) or None
    return NewItem(
        key=dedupe_key(guid, link, title, raw_date),
        link=link,
        title=title,
        author=plain_line(entry.get("author"), AUTHOR_LIMIT),
        summary=_summary(entry),
        content=_content(entry),
        tags=_tags(entry),
        published_at=published,
    )


def _unique(items: Iterable[NewItem]) -> list[NewItem]:
    """Drop repeated keys within one document, keeping the first (feeds list newest first)."""
    seen: dict[str, NewItem] = {}
    for item in items:
        seen.setdefault(item.key, item)
    return list(seen.values())
