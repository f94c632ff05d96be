"""Plain RSS 2.0 read by expat directly: feedparser's answer at a tenth of its CPU.

feedparser costs ~5 ms of pure Python per 20-item listing and holds the GIL throughout, so a
refresh of thirty feeds waits on it more than on the network. Most feeds (arXiv's listings,
WordPress and static-site blogs) are one shape: `<rss><channel>` holding leaf elements and
`<item>`s of leaf elements. This reader takes only that shape and applies feedparser's own
rules to every field `parse.py` reads, calling feedparser's helpers for dates, HTML guessing,
URL clean-up and its cp1252 repair, so that `parse_feed` gives the same `ParsedFeed` either
way (tests/test_feeds_rss_reader.py compares the two on every fixture and on Hypothesis-made
feeds). Anything else returns None and feedparser reads the document: another format, a
DOCTYPE, a document that is not well-formed UTF-8 or is served as a non-XML type, nested
markup, a namespaced attribute, or an element that has a feedparser rule not reproduced here.
"""

from __future__ import annotations

import codecs
import contextlib
import re
from collections.abc import Callable
from typing import Any
from xml.parsers import expat

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
_NOT_REFERENCE = re.compile(r"&([A-Za-z0-9_]+);")
_looks_like_html: Callable[[str], bool] = _FeedParserMixin.looks_like_html


class _Unsupported(Exception):
    """The document leaves the shape this reader reproduces: feedparser must read it."""


def read_rss(body: bytes, content_type: str | None) -> dict[str, Any] | None:
    """feedparser's result for a plain RSS 2.0 document (the keys parse.py reads), or None
    when the document is anything else."""
    if not _utf8_xml(body, content_type):
        return None
    reader = _Reader()
    parser = expat.ParserCreate(None, " ")
    parser.namespace_prefixes = True
    parser.buffer_text = True
    parser.StartNamespaceDeclHandler = reader.declare
    parser.StartElementHandler = reader.start
    parser.EndElementHandler = reader.end
    parser.CharacterDataHandler = reader.text
    parser.StartDoctypeDeclHandler = _refuse
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        parser.Parse(body, True)
    except (_Unsupported, expat.ExpatError):
        return None
    if not reader.seen_channel:
        return None
    return {"bozo": False, "version": "rss20", "feed": reader.feed, "entries": reader.entries}


def _refuse(*_: object) -> None:
    raise _Unsupported


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
    """expat's callbacks, following feedparser's rules for the fields parse.py reads."""

    def __init__(self) -> None:
        self.feed: dict[str, Any] = {}
        self.entries: list[Entry] = []
        self.seen_channel = False
        self._aliases: dict[str | None, str] = {}  # a document prefix -> feedparser's prefix
        self._in_use: dict[str, str] = {}  # feedparser's `namespaces_in_use`
        self._names: dict[str, str] = {}  # expat's names -> feedparser's, until a declaration
        self._path: list[str] = []  # the open elements' feedparser names
        self._attrs: dict[str, str] = {}
        self._parts: list[str] = []
        # feedparser keeps an item's first non-empty title, and the channel's first before
        # the items (an <image> or <item> starts afresh; an image's title is its own).
        self._title_depth = -1
        self._has_content = False
        self._guid_is_link = False

    def declare(self, prefix: str | None, uri: str | None) -> None:
        """feedparser's `track_namespace`: its prefix for a URI it knows, else the first
        prefix the document gave that URI."""
        if not uri:
            return
        if "backend.userland.com/rss" in uri.lower():
            raise _Unsupported
        self._names.clear()
        known = _PREFIXES.get(uri.lower())
        if known is None:
            self._in_use[prefix or ""] = uri
        else:
            self._aliases[prefix] = known
            self._in_use[known] = uri

    def _name(self, expat_name: str) -> str:
        """The name feedparser gives the element (its handlers' suffix), as it computes it
        from what xml.sax passes it: the URI and local name, never the document's prefix."""
        name = self._names.get(expat_name)
        if name is None:
            name = self._names[expat_name] = self._compute_name(expat_name)
        return name

    def _compute_name(self, expat_name: str) -> str:
        parts = expat_name.split(" ")  # "local", "uri local" or "uri local prefix"
        uri, local = (parts[0], parts[1]) if len(parts) > 1 else ("", parts[0])
        local = local.lower()
        prefix = _PREFIXES.get(uri.lower()) if uri else ""
        if not prefix and uri:
            prefix = next((p for p, u in self._in_use.items() if p and u == uri), "")
        prefix = self._aliases.get(prefix.lower(), prefix.lower())
        return f"{prefix}_{local}" if prefix else local

    def start(self, expat_name: str, attrs: dict[str, str]) -> None:
        if any(" " in key for key in attrs):  # a namespaced attribute (xml:base, xml:lang...)
            raise _Unsupported
        name = self._name(expat_name)
        depth = len(self._path) + 1
        parent = self._path[-1] if self._path else None
        attrs = {key.lower(): value for key, value in attrs.items()}
        if depth == 1:
            _require(name == "rss" and attrs.keys() <= {"version"})
        elif depth == 2:
            _require(name == "channel" and not attrs and not self.seen_channel)
            self.seen_channel = True
        elif depth == 3 and name == "item":
            _require(not attrs)
            self.entries.append({})
            self._title_depth = -1
            self._guid_is_link = False
        elif depth == 3 and name == "image":
            _require(not attrs)
            self._title_depth = -1
        elif depth == 3:
            self._check_channel_leaf(name, attrs)
        elif depth == 4 and parent == "image":
            _require(name in _IMAGE_CHILDREN and not attrs)
        elif depth == 4 and parent == "item":
            self._check_item_leaf(name, attrs)
        elif depth == 4 and _unruled(parent or "", _READ_IN_CHANNEL):  # <skipDays><day>
            _require(_unruled(name, _READ_IN_CHANNEL))
        else:
            raise _Unsupported
        self._path.append(name)
        self._attrs = attrs
        self._parts = []

    def _check_channel_leaf(self, name: str, attrs: dict[str, str]) -> None:
        if name in ("title", "link") and not attrs:
            return
        if name == "link":  # <atom:link href rel="self"/>: one more link, not the site
            href = attrs.keys() <= {"href", "rel", "type"} and attrs.get("href")
            _require(bool(href) and attrs.get("rel", "alternate").lower() != "alternate")
            return
        _require(name in _INERT_IN_CHANNEL or _unruled(name, _READ_IN_CHANNEL))

    def _check_item_leaf(self, name: str, attrs: dict[str, str]) -> None:
        if name in _ITEM_FIELDS:
            _require(not attrs)
        elif name == "guid":
            _require(attrs.keys() <= {"ispermalink"})
        elif name == "category":
            _require(attrs.keys() <= {"domain"})
        else:
            _require(name in _INERT_IN_ITEM or _unruled(name, _READ))

    def text(self, data: str) -> None:
        self._parts.append(data)

    def end(self, _: str) -> None:
        name = self._path.pop()
        depth = len(self._path) + 1
        if depth == 3 and name == "item":
            self._has_content = False
        elif depth == 3 and name in ("title", "link"):
            self._channel_field(name, "".join(self._parts).strip())
        elif depth == 4 and self._path[-1] == "item":
            self._item_field(self.entries[-1], name, "".join(self._parts).strip())
        self._parts = []

    def _channel_field(self, name: str, value: str) -> None:
        if name == "link" and not self._attrs:
            self.feed["link"] = _NOT_REFERENCE.sub(r"&\g<1>", _finish(_urljoin("", value)))
        elif name == "title" and not -1 < self._title_depth <= 3:
            self._title(self.feed, value, 3)

    def _title(self, node: dict[str, Any], value: str, depth: int) -> None:
        kind = "text/html" if _looks_like_html(value) else "text/plain"
        node["title"] = value = _finish(value)
        node["title_detail"] = {"type": kind, "value": value}
        if value:
            self._title_depth = depth

    def _item_field(self, entry: Entry, name: str, value: str) -> None:
        if name == "title":
            if not -1 < self._title_depth <= 4:
                self._title(entry, value, 4)
        elif name == "link":
            value = _finish(_urljoin("", value)).replace("&amp;", "&")
            entry["link"] = _NOT_REFERENCE.sub(r"&\g<1>", value)
        elif name == "description":
            _require("summary" not in entry or self._has_content)  # else it is content
            entry["summary"] = value = _finish(value)
            entry["summary_detail"] = {"type": "text/html", "value": value}
        elif name == "content_encoded":
            self._has_content = True
            value = _finish(value)
            entry.setdefault("content", []).append({"type": "text/html", "value": value})
            entry.setdefault("summary", value)
        elif name == "guid":
            self._guid(entry, value)
        elif name == "category":
            self._category(entry, _finish(value))
        elif name in ("pubdate", "dc_date"):
            key = "published" if name == "pubdate" else "updated"
            entry[key] = value = _finish(value)
            entry[f"{key}_parsed"] = _parse_date(value)
        elif name in ("author", "dc_creator"):
            entry["author"] = _finish(value)

    def _guid(self, entry: Entry, value: str) -> None:
        is_link = self._attrs.get("ispermalink", "true") == "true"
        entry["id"] = value = _finish(_urljoin("", value) if is_link and value else value)
        if is_link:
            entry.setdefault("link", value)

    def _category(self, entry: Entry, value: str) -> None:
        """feedparser's tags, as far as parse.py reads them: each non-empty text a term, in
        order (its domain-keyed bookkeeping only decides which dict holds the term)."""
        tags = entry.setdefault("tags", [])
        if value:
            tags.append({"term": value})


def _unruled(name: str, read: frozenset[str] | set[str]) -> bool:
    """An element feedparser has no rule for is stored under its name: harmless unless
    parse.py reads that name."""
    return name not in _RULES and name not in read


def _require(condition: bool) -> None:
    if not condition:
        raise _Unsupported
