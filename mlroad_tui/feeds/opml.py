"""OPML import and export, compatible with newsboat and the other feed readers.

Import reads every `<outline>` with an `xmlUrl` (or newsboat's alternative `url`) at any
depth, so category folders are flattened; the title comes from `title`, else `text`. Export
writes OPML 2.0 with both `text` and `title` (readers differ on which they read).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from email.utils import formatdate
from typing import TYPE_CHECKING
from xml.etree import ElementTree as ET

from mlroad_tui.feeds.model import BadFeedUrl, DuplicateFeed, Feed, check_feed_url
from mlroad_tui.feeds.xmlsafe import declares_entities
from mlroad_tui.text import plain_line

if TYPE_CHECKING:
    from mlroad_tui.store.feeds import Feeds

# A subscription list of 10,000 feeds is ~2 MB; anything far larger is a mistake.
MAX_OPML_BYTES = 16 * 1024 * 1024


class OpmlError(ValueError):
    """The file cannot be read as OPML; the message says why."""


@dataclass(frozen=True)
class OpmlFeed:
    url: str
    title: str


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
    for outline in body.iter("outline"):
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
        feeds.setdefault(url, OpmlFeed(url, title))
    return list(feeds.values()), skipped


def import_opml(feeds: Feeds, data: bytes) -> ImportReport:
    """Subscribe to every feed of an OPML document that is not subscribed yet."""
    listed, skipped = read_opml(data)
    report = ImportReport(skipped=skipped)
    for entry in listed:
        try:
            report.added.append(feeds.add(entry.url, entry.title))
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
    for feed in subscriptions:
        outline = ET.SubElement(
            body, "outline", type="rss", text=feed.name, title=feed.name, xmlUrl=feed.url
        )
        if feed.site_url:
            outline.set("htmlUrl", feed.site_url)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
