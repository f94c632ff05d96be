"""Plain RSS 2.0 read by ElementTree (C expat): feedparser's answer at a fifth of its CPU.

feedparser costs ~5 ms of pure Python per 20-item listing and holds the GIL throughout, so a
refresh of thirty feeds waits on it more than on the network. Most feeds (arXiv's listings,
WordPress and static-site blogs) are one shape: `<rss><channel>` holding leaf elements and
`<item>`s of leaf elements. This reader takes only that shape and applies feedparser's own
rules to every field `parse.py` reads, calling feedparser's helpers for dates, HTML guessing,
URL clean-up and its cp1252 repair, so that `parse_feed` gives the same `ParsedFeed` either
way (tests/test_feeds_rss_reader.py compares the two on every fixture and on Hypothesis-made
feeds). Anything else returns None and feedparser reads the document: another format, a
DOCTYPE, a document that is not well-formed UTF-8 or is served as a non-XML type, nested
markup, a namespace declared below the root, a namespaced attribute, or an element that has a
feedparser rule not reproduced here.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any
from xml.etree import ElementTree as ET

from feedparser.api import StrictFeedParser
from feedparser.datetimes import _parse_date
from feedparser.encodings import RE_XML_PI_ENCODING, parse_content_type
from feedparser.mixin import _cp1252, _FeedParserMixin
from feedparser.urls import _urljoin

Entry = dict[str, Any]

# feedparser's namespace table (URI -> its own prefix) and the elements it has a rule for.
_PREFIXES = {uri.lower(): prefix for uri, prefix in _FeedParserMixin.namespaces.items()}
_RULES = frozenset(
    name.split("_", 2)[2] for name in dir(StrictFeedParser) if name.startswith(("_start_", "_end_"))
)
# Elements with a feedparser rule that cannot touch what parse.py reads (leaves only).
_INERT_IN_CHANNEL = frozenset(
    {
        "description",
        "language",
        "lastbuilddate",
        "pubdate",
        "copyright",
        "generator",
        "managingeditor",
        "webmaster",
        "category",
        "cloud",
        "dc_rights",
        "dc_language",
        "dc_date",
        "dc_creator",
        "dc_publisher",
    }
)
_ITEM_FIELDS = frozenset(
    {
        "title",
        "link",
        "description",
        "content_encoded",
        "pubdate",
        "dc_date",
        "author",
        "dc_creator",
    }
)
_INERT_IN_ITEM = frozenset({"enclosure", "dc_rights"})
_ITEM_ELEMENTS = _ITEM_FIELDS | _INERT_IN_ITEM | {"guid", "category"}
_IMAGE_CHILDREN = frozenset({"url", "title", "link", "width", "height", "description"})
# Keys parse.py reads: an element without a rule is stored under its own name, so one
# named like these (`<published_parsed>`) would be read.
_READ = frozenset(
    {
        "title",
        "title_detail",
        "link",
        "id",
        "author",
        "summary",
        "summary_detail",
        "content",
        "tags",
        "published",
        "published_parsed",
        "updated",
        "updated_parsed",
    }
)
_READ_IN_CHANNEL = frozenset({"title", "title_detail", "link"})
_XML_TYPES = ("application/xml", "text/xml")
_START_TAG = re.compile(rb"<[^?!]")
_NOT_REFERENCE = re.compile(r"&([A-Za-z0-9_]+);")
_NONE: dict[str, str] = {}
_parse_date_once = lru_cache(maxsize=64)(_parse_date)  # a listing repeats its dates
_looks_like_html: Callable[[str], bool] = _FeedParserMixin.looks_like_html


class _Unsupported(Exception):
    """The document leaves the shape this reader reproduces: feedparser must read it."""


def read_rss(body: bytes, content_type: str | None) -> dict[str, Any] | None:
    """feedparser's result for a plain RSS 2.0 document (the keys parse.py reads), or None
    when the document is anything else."""
    if not _utf8_xml(body, content_type) or b"<!DOCTYPE" in body:
        return None
    if body.count(b"xmlns", *_root_tag(body)) != body.count(b"xmlns"):
        return None  # a namespace declared below the root: names would change midway
    events = ET.iterparse(io.BytesIO(body), events=("start-ns",))
    try:
        declarations = [declared for _, declared in events]
        return _Reader(declarations).read(events.root)  # type: ignore[attr-defined]
    except (_Unsupported, ET.ParseError):
        return None


def _root_tag(body: bytes) -> tuple[int, int]:
    """The span of the root's start tag, or less (a '>' in an attribute value ends it early,
    which only sends more documents to feedparser)."""
    found = _START_TAG.search(body)
    if found is None:
        return 0, 0
    return found.start(), body.find(b">", found.start()) + 1


def _utf8_xml(body: bytes, content_type: str | None) -> bool:
    """feedparser would decode the body as UTF-8 without a warning, and so will expat."""
    if b"\x00" in body[:4] or body[:1] != b"<":  # a byte-order mark, UTF-16/32, EBCDIC
        return False
    declared = RE_XML_PI_ENCODING.match(body)
    in_document = declared.group(1).decode("ascii", "replace") if declared else ""
    if in_document and not _is_utf8(in_document):
        return False
    if not content_type:
        return True
    mime, charset = parse_content_type(content_type)
    if mime in _XML_TYPES[:1] or (mime.startswith("application/") and mime.endswith("+xml")):
        return _is_utf8(charset or in_document or "utf-8")
    if mime in _XML_TYPES[1:] or (mime.startswith("text/") and mime.endswith("+xml")):
        return _is_utf8(charset) or (not charset and body.isascii())
    return False


def _is_utf8(name: str) -> bool:
    try:
        return codecs.lookup(name).name == "utf-8"
    except LookupError:
        return False


def _finish(text: str) -> str:
    """feedparser's last steps for every value: mojibake repair, then cp1252 code points."""
    if text.isascii():
        return text
    with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
        text = text.encode("iso-8859-1").decode("utf-8")
    return text.translate(_cp1252)


class _Reader:
    """A document's tree read by feedparser's rules, for the fields parse.py reads."""

    def __init__(self, declarations: list[tuple[str, str]]) -> None:
        self.feed: dict[str, Any] = {}
        self.entries: list[Entry] = []
        self._aliases: dict[str | None, str] = {}  # a document prefix -> feedparser's prefix
        self._in_use: dict[str, str] = {}  # feedparser's `namespaces_in_use`
        self._names: dict[str, str] = {}  # ElementTree's tags -> feedparser's names
        for prefix, uri in declarations:
            self._declare(prefix or None, uri)
        # feedparser keeps an item's first non-empty title, and the channel's first before
        # the items (an <image> or <item> starts afresh; an image's title is its own).
        self._title_depth = -1

    def _declare(self, prefix: str | None, uri: str) -> None:
        """feedparser's `track_namespace`: its prefix for a URI it knows, else the first
        prefix the document gave that URI."""
        if not uri:
            return
        if "backend.userland.com/rss" in uri.lower():
            raise _Unsupported
        known = _PREFIXES.get(uri.lower())
        if known is None:
            self._in_use[prefix or ""] = uri
        else:
            self._aliases[prefix] = known
            self._in_use[known] = uri

    def _name(self, tag: str) -> str:
        """The name feedparser gives the element (its handlers' suffix), as it computes it
        from what xml.sax passes it: the URI and local name, never the document's prefix."""
        name = self._names.get(tag)
        if name is None:
            name = self._names[tag] = self._compute_name(tag)
        return name

    def _compute_name(self, tag: str) -> str:
        uri, _, local = tag[1:].rpartition("}") if tag[:1] == "{" else ("", "", tag)
        local = local.lower()
        prefix = _PREFIXES.get(uri.lower()) if uri else ""
        if not prefix and uri:
            prefix = next((p for p, u in self._in_use.items() if p and u == uri), "")
        prefix = self._aliases.get(prefix.lower(), prefix.lower())
        return f"{prefix}_{local}" if prefix else local

    def read(self, root: ET.Element) -> dict[str, Any]:
        _require(self._name(root.tag) == "rss" and _attrs(root).keys() <= {"version"})
        _require(len(root) == 1)
        channel = root[0]
        _require(self._name(channel.tag) == "channel" and not channel.attrib)
        for child in channel:
            name = self._name(child.tag)
            attrs = _attrs(child)
            if name == "item":
                _require(not attrs)
                self._item(child)
            elif name == "image":
                _require(not attrs)
                self._title_depth = -1
                for part in child:
                    _require(self._name(part.tag) in _IMAGE_CHILDREN and not part.attrib)
                    _require(len(part) == 0)
            else:
                self._check_channel_leaf(name, attrs)
                for part in child:  # <skipDays><day>
                    _require(_unruled(name, _READ_IN_CHANNEL) and len(part) == 0)
                    _require(_unruled(self._name(part.tag), _READ_IN_CHANNEL))
                    _attrs(part)
                if name in ("title", "link") and not attrs:
                    self._channel_field(name, _text(child))
        return {"bozo": False, "version": "rss20", "feed": self.feed, "entries": self.entries}

    def _item(self, item: ET.Element) -> None:
        entry: Entry = {}
        self.entries.append(entry)
        self._title_depth = -1
        has_content = False
        names = self._names
        for leaf in item:
            name = names.get(leaf.tag) or self._name(leaf.tag)
            attrs = _attrs(leaf) if leaf.attrib else _NONE
            if len(leaf) or (attrs and not _item_attrs_ok(name, attrs)):
                raise _Unsupported
            if name not in _ITEM_ELEMENTS:
                _require(_unruled(name, _READ))
            if name == "description":  # a second one, with no content before, is content
                _require("summary" not in entry or has_content)
            elif name == "content_encoded":
                has_content = True
            self._item_field(entry, name, (leaf.text or "").strip(), attrs)

    def _check_channel_leaf(self, name: str, attrs: dict[str, str]) -> None:
        if name in ("title", "link") and not attrs:
            return
        if name == "link":  # <atom:link href rel="self"/>: one more link, not the site
            href = attrs.keys() <= {"href", "rel", "type"} and attrs.get("href")
            _require(bool(href) and attrs.get("rel", "alternate").lower() != "alternate")
            return
        _require(name in _INERT_IN_CHANNEL or _unruled(name, _READ_IN_CHANNEL))

    def _channel_field(self, name: str, value: str) -> None:
        if name == "link":
            self.feed["link"] = _NOT_REFERENCE.sub(r"&\g<1>", _finish(_urljoin("", value)))
        elif not -1 < self._title_depth <= 3:
            self._title(self.feed, value, 3)

    def _title(self, node: dict[str, Any], value: str, depth: int) -> None:
        kind = "text/html" if _looks_like_html(value) else "text/plain"
        node["title"] = value = _finish(value)
        node["title_detail"] = {"type": kind, "value": value}
        if value:
            self._title_depth = depth

    def _item_field(self, entry: Entry, name: str, value: str, attrs: dict[str, str]) -> None:
        if name == "title":
            if not -1 < self._title_depth <= 4:
                self._title(entry, value, 4)
        elif name == "link":
            value = _finish(_urljoin("", value))
            entry["link"] = (
                _NOT_REFERENCE.sub(r"&\g<1>", value.replace("&amp;", "&"))
                if "&" in value
                else value
            )
        elif name == "description":
            entry["summary"] = value = _finish(value)
            entry["summary_detail"] = {"type": "text/html", "value": value}
        elif name == "content_encoded":
            value = _finish(value)
            entry.setdefault("content", []).append({"type": "text/html", "value": value})
        elif name == "guid":
            is_link = attrs.get("ispermalink", "true") == "true"
            entry["id"] = value = _finish(_urljoin("", value) if is_link and value else value)
            if is_link:
                entry.setdefault("link", value)
        elif name == "category":
            # feedparser's tags, as far as parse.py reads them: each non-empty text a term,
            # in order (its domain-keyed bookkeeping only decides which dict holds the term)
            tags = entry.setdefault("tags", [])
            if value := _finish(value):
                tags.append({"term": value})
        elif name in ("pubdate", "dc_date"):
            key = "published" if name == "pubdate" else "updated"
            entry[key] = value = _finish(value)
            entry[f"{key}_parsed"] = _parse_date_once(value)
        elif name in ("author", "dc_creator"):
            entry["author"] = _finish(value)


def _item_attrs_ok(name: str, attrs: dict[str, str]) -> bool:
    """The attributes an item's element may have here (feedparser has rules for others)."""
    if name == "guid":
        return attrs.keys() <= {"ispermalink"}
    if name == "category":
        return attrs.keys() <= {"domain"}
    return name not in _ITEM_FIELDS


def _attrs(element: ET.Element) -> dict[str, str]:
    """Its attributes keyed as feedparser keys them; a namespaced one (xml:base, xml:lang)
    is not reproduced."""
    attrs = element.attrib
    if not attrs:
        return attrs
    _require(not any(key[:1] == "{" for key in attrs))
    return {key.lower(): value for key, value in attrs.items()}


def _text(element: ET.Element) -> str:
    return (element.text or "").strip()


def _unruled(name: str, read: frozenset[str]) -> bool:
    """An element feedparser has no rule for is stored under its name: harmless unless
    parse.py reads that name."""
    return name not in _RULES and name not in read


def _require(condition: bool) -> None:
    if not condition:
        raise _Unsupported
