"""OPML import and export, compatible with newsboat and the other feed readers.

Import reads every `<outline>` with an `xmlUrl` (or newsboat's alternative `url`) at any
depth; the outlines around it without one are its folder (nested ones joined with "/"). The
title comes from `title`, else `text`; `htmlUrl` is the site's address. Export writes OPML 2.0
with both `text` and `title` (readers differ on which they read), one outline per folder.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from email.utils import formatdate
from xml.etree import ElementTree as ET

from mlroad_tui.feeds.model import BadFeedUrl, DuplicateFeed, Feed, FeedStore, check_feed_url
from mlroad_tui.feeds.xmlsafe import declares_entities
from mlroad_tui.text import plain_line
from mlroad_tui.urls import is_openable

# A subscription list of 10,000 feeds is ~2 MB; anything far larger is a mistake.
MAX_OPML_BYTES = 16 * 1024 * 1024
MAX_FOLDER = 200  # characters of a folder's path ("Blogs/Deep learning")


class OpmlError(ValueError):
    """The file cannot be read as OPML; the message says why."""


@dataclass(frozen=True)
class OpmlFeed:
    url: str
    title: str
    folder: str | None = None
    site_url: str | None = None


@dataclass
class ImportReport:
    """What an import did: feeds added, ones already subscribed, outlines skipped and why."""

    added: list[Feed] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def read_opml(data: bytes) -> tuple[list[OpmlFeed], list[str]]:
    """The feeds an OPML document lists (each URL once), and the outlines skipped, with why."""
    if declares_entities(data):
        raise OpmlError("refused: the file declares XML entities (entity bomb or XXE)")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        raise OpmlError(f"not valid XML: {error}") from None
    body = root.find("body") if root.tag == "opml" else None
    if body is None:
        raise OpmlError(f"not an OPML file (root element <{plain_line(root.tag, 40)}>, no <body>)")
    feeds: dict[str, OpmlFeed] = {}
    skipped: list[str] = []
    for outline, folders in _outlines(body, ()):
        attributes = {name.lower(): value for name, value in outline.attrib.items()}
        raw_url = attributes.get("xmlurl") or attributes.get("url")
        if not raw_url:
            continue  # a category folder
        title = plain_line(attributes.get("title") or attributes.get("text"), 200)
        try:
            url = check_feed_url(raw_url)
        except BadFeedUrl as error:
            skipped.append(plain_line(str(error), 300))
            continue
        site = attributes.get("htmlurl")
        site_url = site.strip() if site and is_openable(site) else None  # else never shown
        folder = plain_line("/".join(folders), MAX_FOLDER) or None
        feeds.setdefault(url, OpmlFeed(url, title, folder, site_url))
    return list(feeds.values()), skipped


def _outlines(
    parent: ET.Element, folders: tuple[str, ...]
) -> Iterator[tuple[ET.Element, tuple[str, ...]]]:
    """Every outline under `parent` in document order, with the folder names around it. A
    stack, not recursion: a hostile file nested 100,000 deep must not exhaust Python's."""
    stack = [(child, folders) for child in reversed(parent.findall("outline"))]
    while stack:
        outline, around = stack.pop()
        yield outline, around
        name = plain_line(outline.get("title") or outline.get("text"), 100)
        inner = (*around, name) if name else around
        stack.extend((child, inner) for child in reversed(outline.findall("outline")))


def import_opml(feeds: FeedStore, data: bytes) -> ImportReport:
    """Subscribe to every feed of an OPML document that is not subscribed yet."""
    listed, skipped = read_opml(data)
    report = ImportReport(skipped=skipped)
    for entry in listed:
        try:
            added = feeds.add(entry.url, entry.title, folder=entry.folder, site_url=entry.site_url)
            report.added.append(added)
        except DuplicateFeed:
            report.existing.append(entry.url)
    return report


def write_opml(subscriptions: Iterable[Feed], title: str = "mlroad subscriptions") -> bytes:
    """An OPML 2.0 document of the subscriptions, UTF-8 encoded."""
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    ET.SubElement(head, "dateCreated").text = formatdate(usegmt=True)
    body = ET.SubElement(root, "body")
    folders: dict[str, ET.Element] = {}
    for feed in subscriptions:
        parent = body
        if feed.folder:
            parent = folders.get(feed.folder) or folders.setdefault(
                feed.folder,
                ET.SubElement(body, "outline", text=feed.folder, title=feed.folder),
            )
        outline = ET.SubElement(
            parent, "outline", type="rss", text=feed.name, title=feed.name, xmlUrl=feed.url
        )
        if feed.site_url:
            outline.set("htmlUrl", feed.site_url)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
