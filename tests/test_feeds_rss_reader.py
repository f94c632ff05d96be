"""The plain-RSS reader gives the very `ParsedFeed` feedparser gives, or declines.

Every fixture feed, and Hypothesis-made RSS documents full of the cases feedparser has rules
for (duplicated fields, permalink guids, category domains, HTML-looking titles, mojibake,
cp1252 code points, odd dates, odd URLs, namespaces under borrowed prefixes), are parsed both
ways and compared.
"""

from __future__ import annotations

import os
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mlroad_tui.feeds import parse
from mlroad_tui.feeds.model import FeedError, ParsedFeed
from mlroad_tui.feeds.rss_reader import read_rss

URL = "https://feeds.example/feed.xml"
FIXTURES = sorted(
    path
    for path in (Path(__file__).parent / "fixtures").rglob("*")
    if path.suffix in (".xml", ".rss", ".atom", ".opml", ".html")
)
CONTENT_TYPES = (
    None,
    "application/rss+xml",
    "application/xml; charset=utf-8",
    "text/xml",
    "text/xml; charset=UTF-8",
    "text/html",
    "application/rss+xml; charset=iso-8859-1",
)
# Plain RSS 2.0: the reader must take these, or the comparison proves nothing.
PLAIN_RSS = ("article.xml", "arxiv_cs_lg.xml", "guids.xml", "hostile.xml")


def by_feedparser(
    body: bytes, content_type: str | None, monkeypatch: pytest.MonkeyPatch
) -> ParsedFeed | FeedError:
    with monkeypatch.context() as patch:
        patch.setattr(parse, "read_rss", lambda *_: None)
        return parse.parse_feed(body, url=URL, content_type=content_type)


def assert_same(body: bytes, content_type: str | None, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = parse.parse_feed(body, url=URL, content_type=content_type)
    assert fast == by_feedparser(body, content_type, monkeypatch)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda path: path.name)
@pytest.mark.parametrize("content_type", CONTENT_TYPES)
def test_every_fixture_parses_as_feedparser_parses_it(
    path: Path, content_type: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert_same(path.read_bytes(), content_type, monkeypatch)


@pytest.mark.parametrize("name", PLAIN_RSS)
def test_plain_rss_fixtures_take_the_fast_reader(name: str) -> None:
    body = (Path(__file__).parent / "fixtures" / "feeds" / name).read_bytes()
    assert read_rss(body, "application/rss+xml") is not None


@pytest.mark.parametrize(
    "body",
    [
        b'<?xml version="1.0" encoding="iso-8859-1"?><rss version="2.0"><channel/></rss>',
        b'<!DOCTYPE rss><rss version="2.0"><channel/></rss>',
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title></feed>',
        b'<rss version="2.0"><channel><item><source url="u">s</source></item></channel></rss>',
        b'<rss version="2.0"><channel><item><title type="html">t</title></item></channel></rss>',
        b'<rss version="2.0"><channel><item><p:title xmlns:p="urn:p" p:x="1"/></item></channel>'
        b"</rss>",
        b'<rss version="2.0"><channel><item><published_parsed>x</published_parsed></item>'
        b"</channel></rss>",
        b"\xef\xbb\xbf<rss/>",
        # feedparser reads a second description as the item's content
        b'<rss version="2.0"><channel><item><description>a</description><description>b'
        b"</description></item></channel></rss>",
        b'<rss version="2.0"><channel><title>caf\xe9</title></channel></rss>',
        # a prefix bound anew below the root: feedparser names x:title "x_title", not "title"
        b'<rss version="2.0"><channel><item><x:title xmlns:x="urn:1">T</x:title></item>'
        b'<item><x:y xmlns:x="urn:2">z</x:y></item></channel></rss>',
    ],
)
def test_what_it_does_not_reproduce_is_left_to_feedparser(
    body: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert read_rss(body, "application/rss+xml") is None
    assert_same(body, "application/rss+xml", monkeypatch)


def test_a_non_xml_content_type_is_left_to_feedparser_for_its_warning() -> None:
    body = (Path(__file__).parent / "fixtures" / "feeds" / "guids.xml").read_bytes()
    assert read_rss(body, "text/html") is None


URLS = st.sampled_from(
    [
        "https://example.com/a?b=1&c=2",
        "https://example.com/a?b=1&amp;c=2",
        "https://example.com/a?b=1&amp;amp;c=2",
        "https:////example.com/x",
        "http://example.com/&lt;x&gt;",
        "/relative/path",
        "javascript:alert(1)",
        "  https://example.com/spaced  ",
        "",
    ]
)
# One document per feedparser rule the reader reproduces; each must take the fast reader.
RULES = {
    "link with an escaped reference": "<item><link>https://e.example/?a=1&amp;amp;b=2&amp;c;"
    "</link></item>",
    "permalink guid as link": "<item><guid>https://e.example/g</guid></item>",
    "link after a permalink guid": "<item><guid>https://e.example/g</guid><link>https://e.example"
    "/l</link></item>",
    "guid that is no permalink": '<item><guid isPermaLink="False">https:////e.example/g</guid>'
    "</item>",
    "description then content": "<item><description>d</description><content:encoded>&lt;p&gt;c"
    "&lt;/p&gt;</content:encoded></item>",
    "content then description": "<item><content:encoded>c</content:encoded><description>d"
    "</description></item>",
    "content alone": "<item><content:encoded>&lt;p&gt;only&lt;/p&gt;</content:encoded></item>",
    "first non-empty title wins": "<item><title> </title><title>a &amp;amp; b</title><title>c"
    "</title></item>",
    "title that looks like HTML": "<item><title>a &lt;b&gt;bold&lt;/b&gt; claim</title></item>",
    "category domains": '<item><category domain="d"></category><category>v</category>'
    '<category domain="d">w</category><category>v</category></item>',
    "channel title after items": "<title>first</title><item><title>i</title></item>"
    "<title>second</title>",
    "image title": "<title>t</title><image><title>img</title><url>u</url></image><title>later"
    "</title>",
    "mojibake and cp1252": "<item><title>\u00c3\u00a9t\u00c3\u00a9</title><dc:creator>"
    "\u0093q\u0094 \u0080</dc:creator></item>",
    "dates": "<item><pubDate>Tue, 14 Jan 2025 00:00:00 -0500</pubDate><dc:date>2025-01-15"
    "</dc:date></item><item><dc:date>2025-01-15T10:00:00Z</dc:date></item>",
    "self link": '<atom:link href="https://e.example/self" rel="self"/><link>https://e.example'
    "/</link>",
}


@pytest.mark.parametrize("channel", RULES.values(), ids=RULES.keys())
def test_each_feedparser_rule_is_reproduced(channel: str, monkeypatch: pytest.MonkeyPatch) -> None:
    body = (
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content='
        '"http://purl.org/rss/1.0/modules/content/" xmlns:atom="http://www.w3.org/2005/Atom">'
        f"<channel>{channel}</channel></rss>"
    ).encode()
    assert read_rss(body, None) is not None
    assert_same(body, None, monkeypatch)


TEXTS = st.sampled_from(
    [
        "",
        "  plain words  ",
        "Fish &amp; chips",
        "a <b>bold</b> claim",
        "x < y and y > z",
        "<p>para</p><script>evil()</script>",
        "&lt;em&gt;escaped&lt;/em&gt;",
        "AT&T; &copy; &bogus;",
        "</notatag>",
        "Ã©tÃ© mojibake",
        "caf\u00e9 cr\u00e8me",
        "\u0080\u0093quoted\u0094\u009f",
        "\u00c3\u0080",
        "[bold red]markup[/] \u202eevil",
        "line\nbreak\r\n  and\ttab",
        "Tue, 14 Jan 2025 00:00:00 -0500",
        "2025-01-14T10:00:00Z",
        "14 Jan 2025",
        "not a date",
        "Mon, 31 Feb 2025 25:61:00 GMT",
        "https://example.com/a?b=1&amp;c=2",
        "tag one",
        "arXiv:2501.00001v1 Announce Type: new \nAbstract: We study things.",
    ]
)
ITEM_TAGS = st.sampled_from(
    [
        "title",
        "link",
        "description",
        "guid",
        "category",
        "pubDate",
        "author",
        "dc:creator",
        "dc:date",
        "content:encoded",
        "enclosure",
        "comments",
        "arxiv:announce_type",
        "dc:rights",
        "Title",
        "PUBDATE",
        "x:title",
        "dc:subject",
        "summary",
        "source",
    ]
)
CHANNEL_TAGS = st.sampled_from(
    ["title", "link", "description", "language", "lastBuildDate", "docs", "x:link", "ttl"]
)
GUID_ATTRS = st.sampled_from(
    ["", ' isPermaLink="false"', ' isPermaLink="true"', ' isPermaLink="False"']
)
CATEGORY_ATTRS = st.sampled_from(["", ' domain="d"', ' domain=""', ' domain="e"'])
NAMESPACES = st.sampled_from(
    [
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/'
        'modules/content/" xmlns:arxiv="urn:arxiv" xmlns:x="urn:x"',
        # borrowed prefixes: feedparser goes by the URI, and names unknown URIs its own way
        'xmlns:dc="http://purl.org/rss/1.0/modules/content/" xmlns:content="http://purl.org/dc/'
        'elements/1.1/" xmlns:arxiv="urn:arxiv" xmlns:x="http://purl.org/dc/elements/1.1/"',
        'xmlns:dc="urn:dc" xmlns:content="urn:content" xmlns:arxiv="urn:x" xmlns:x="urn:x"',
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/'
        'modules/content/" xmlns:arxiv="urn:arxiv" xmlns:x="http://www.w3.org/2005/Atom"',
    ]
)


@st.composite
def element(draw: st.DrawFn, tags: st.SearchStrategy[str]) -> str:
    tag = draw(tags)
    attrs = ""
    if tag == "guid":
        attrs = draw(GUID_ATTRS)
    elif tag == "category":
        attrs = draw(CATEGORY_ATTRS)
    elif tag == "enclosure":
        attrs = ' url="https://example.com/a.mp3" type="audio/mpeg"'
    elif tag == "x:link":
        attrs = draw(st.sampled_from(["", ' href="https://x.example/" rel="self"', ' rel="self"']))
    text = draw(URLS if tag in ("link", "guid") and draw(st.booleans()) else TEXTS)
    body = f"<![CDATA[{text}]]>" if draw(st.booleans()) and "]]>" not in text else escape(text)
    return f"<{tag}{attrs}>{body}</{tag}>"


@st.composite
def rss_document(draw: st.DrawFn) -> bytes:
    channel = draw(st.lists(element(CHANNEL_TAGS), max_size=5))
    if draw(st.booleans()):
        image = (
            "<image><url>u</url><title>" + escape(draw(TEXTS)) + "</title><link>l</link></image>"
        )
        channel.insert(draw(st.integers(0, len(channel))), image)
    if draw(st.booleans()):
        channel.append("<skipDays><day>Sunday</day></skipDays>")
    items = draw(st.lists(st.lists(element(ITEM_TAGS), max_size=8), max_size=4))
    for item in items:
        channel.insert(draw(st.integers(0, len(channel))), "<item>" + "\n".join(item) + "</item>")
    version = draw(st.sampled_from(["2.0", "0.92", "2.0.1"]))
    namespaces = draw(NAMESPACES)
    document = (
        f"<?xml version='1.0' encoding='UTF-8'?>\n<rss {namespaces} version={quoteattr(version)}>"
        f"<channel>{''.join(channel)}</channel></rss>"
    )
    return document.encode()


CASES = settings(
    max_examples=300,
    deadline=None,
    derandomize=bool(os.environ.get("CI")),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@CASES
@given(body=rss_document(), content_type=st.sampled_from(CONTENT_TYPES[:3]))
def test_made_up_rss_parses_as_feedparser_parses_it(
    body: bytes, content_type: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert_same(body, content_type, monkeypatch)
