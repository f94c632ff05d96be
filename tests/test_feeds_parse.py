"""Parsing feed documents into safe items: every format, broken input, and hostile XML."""

from __future__ import annotations

import re
import time
from pathlib import Path

import feedparser
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlroad_tui.feeds.model import ErrorKind, FeedError, ParsedFeed
from mlroad_tui.feeds.parse import dedupe_key, parse_feed
from mlroad_tui.feeds.xmlsafe import declares_entities
from tests.feedserver import fixture

URL = "https://feeds.example/feed.xml"


def parsed(name: str, content_type: str | None = "application/rss+xml") -> ParsedFeed:
    result = parse_feed(fixture(name), url=URL, content_type=content_type)
    assert isinstance(result, ParsedFeed), result
    return result


def failed(body: bytes, content_type: str | None = None) -> FeedError:
    result = parse_feed(body, url=URL, content_type=content_type)
    assert isinstance(result, FeedError), result
    return result


def test_arxiv_rss_in_its_current_format() -> None:
    feed = parsed("arxiv_cs_lg.xml")
    assert feed.title == "cs.LG updates on arXiv.org" and feed.warning is None
    first = feed.items[0]
    assert first.key == "guid:oai:arXiv.org:2501.07001v1"
    assert first.link == "https://arxiv.org/abs/2501.07001"
    assert first.author == "Ada Lovelace, Alan Turing"
    assert first.tags == ("cs.LG", "cs.CL")
    assert first.published_at == "2025-01-14T05:00:00+00:00"  # -0500 made UTC
    # arXiv's "arXiv:… Announce Type: new Abstract:" preamble is dropped.
    assert first.summary.startswith("We study self-attention")
    assert len(feed.items) == 4


def test_atom_with_html_content_becomes_plain_text() -> None:
    feed = parsed("atom_html.xml", "application/atom+xml")
    assert feed.title == "Deep Learning Notes"
    post = feed.items[0]
    assert post.title == "Why torch.compile helps"
    assert post.link == "https://feeds.example/posts/torch-compile/"  # relative link resolved
    assert post.summary == "First bold paragraph with a link.\n\n• one\n• two\n\nCafé & crème"
    assert "alert" not in post.summary and "color" not in post.summary
    assert post.author == "Sam Writer" and post.tags == ("pytorch", "performance")
    plain = feed.items[1]
    assert plain.title == "Plain <title> kept literally"
    assert plain.summary == "An xhtml summary."
    assert plain.published_at == "2025-01-02T07:30:00+00:00"


def test_rss_1_rdf() -> None:
    feed = parsed("rss1_rdf.xml", "application/rdf+xml")
    assert [item.title for item in feed.items] == ["Kernel methods and SVMs", "Second RDF item"]
    assert feed.items[0].published_at == "2025-01-05T12:00:00+00:00"
    assert feed.items[0].tags == ("svm",) and feed.items[0].author == "R. D. F."
    assert feed.items[1].published_at is None


def test_identity_guid_then_link_then_hash_and_duplicates_dropped() -> None:
    items = parsed("guids.xml").items
    assert [item.key.split(":", 1)[0] for item in items] == ["guid", "link", "hash", "hash"]
    assert items[0].title == "Has a guid"  # the repeated guid kept its first occurrence
    assert items[1].key == "link:https://ids.example/2"
    assert items[2].published_at is None and items[3].published_at is not None
    assert items[2].key != items[3].key


def test_dedupe_key_is_stable_and_ordered() -> None:
    assert dedupe_key("g", "https://l", "t", "d") == "guid:g"
    assert dedupe_key(None, "https://l", "t", "d") == "link:https://l"
    assert dedupe_key(None, None, "t", "d") == dedupe_key(None, None, "t", "d")
    assert dedupe_key(None, None, "t", "d") != dedupe_key(None, None, "t", "e")


def test_wrong_encoding_declaration_is_recovered_with_a_warning() -> None:
    feed = parsed("wrong_encoding.xml")
    assert feed.title == "Café au lait"
    assert feed.items[0].title == "Crème brûlée for beginners"
    assert feed.warning and "CharacterEncodingOverride" in feed.warning


def test_malformed_xml_keeps_what_can_be_read_and_says_why() -> None:
    feed = parsed("malformed.xml")
    assert [item.title for item in feed.items][:1] == ["First post survives"]
    assert feed.warning and "not well-formed" in feed.warning


def test_html_page_is_not_a_feed() -> None:
    error = failed(fixture("not_a_feed.html"), "text/html")
    assert error.kind is ErrorKind.PARSE and error.message.startswith("not a feed")


@pytest.mark.parametrize("body", [b"", b"  \n\t "])
def test_empty_body_is_an_error(body: bytes) -> None:
    assert failed(body).message == "empty response"


def test_garbage_is_an_error_with_the_parsers_reason() -> None:
    error = failed(b"{ this is json, not xml }", "application/rss+xml")
    assert error.kind is ErrorKind.PARSE and "SAXParseException" in error.message


def test_hostile_markup_stays_literal_and_escapes_are_stripped() -> None:
    feed = parsed("hostile.xml")
    assert feed.title == "[bold red]Evil[/] feed"
    markup, entities, local = feed.items
    assert markup.title == "[bold red]x[/] marks the spot"
    assert markup.author == "[@click=app.quit]Mallory[/]"
    assert "[link=https://evil.example/phish]here[/link]" in markup.summary
    for text in (entities.title, entities.summary):
        assert "\x1b" not in text and "\x07" not in text
    assert entities.link == "javascript:alert(document.cookie)"  # kept, never opened
    assert local.link is not None and local.link.startswith("file:")


def test_raw_control_bytes_in_a_feed_are_stripped() -> None:
    feed = parsed("hostile_raw.xml")
    item = feed.items[0]
    assert feed.title == "Raw control bytes"
    assert item.title == "Red alert title"
    assert item.author == "Eve Evil"
    everything = feed.title + item.title + item.author + item.summary
    assert not any(ch in everything for ch in "\x00\x07\x1b\x9b\u202e")


# Entity bombs and external entities ------------------------------------------------------


def test_billion_laughs_is_refused_without_expansion() -> None:
    body = fixture("billion_laughs.xml")
    started = time.perf_counter()
    error = failed(body)
    assert time.perf_counter() - started < 0.5
    assert error.kind is ErrorKind.REFUSED
    # Control: feedparser alone on the one-line form would try to expand it.
    one_line = body.replace(b"\n", b"")
    assert declares_entities(one_line)
    raw = feedparser.parse(one_line)
    assert raw.bozo  # expat stops it at its amplification limit, after real work
    assert failed(one_line).kind is ErrorKind.REFUSED


def test_external_entity_is_refused_and_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-XXE")
    body = fixture("xxe.xml").replace(b"SECRET_PATH", str(secret).encode())
    for variant in (body, body.replace(b"\n", b"")):
        error = failed(variant)
        assert error.kind is ErrorKind.REFUSED and "TOP-SECRET" not in error.message


@pytest.mark.parametrize(
    "body",
    [
        b'<!DOCTYPE r [<!ENTITY % p SYSTEM "http://127.0.0.1:9/x.dtd"> %p;]><rss/>',  # parameter
        b'<!DOCTYPE r [<!entity a "b">]><rss/>',  # lower case, for the SGML fallback parser
        b'<!DOCTYPE r [<!ATTLIST r a CDATA "<!--"><!ENTITY lol "x"><!ATTLIST r b CDATA "-->">]>',
        '<?xml version="1.0" encoding="utf-16"?><!DOCTYPE r [<!ENTITY a "b">]><rss/>'.encode(
            "utf-16"
        ),
    ],
    ids=["parameter-entity", "lower-case", "hidden-behind-quoted-comment", "utf-16"],
)
def test_every_entity_declaration_form_is_refused(body: bytes) -> None:
    assert failed(body).kind is ErrorKind.REFUSED


def test_a_plain_doctype_without_entities_is_fine() -> None:
    body = (
        b'<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"'
        b' "http://my.netscape.com/publish/formats/rss-0.91.dtd"><rss version="0.91"><channel>'
        b"<title>Old</title><item><title>Still works</title><link>https://old.example/1</link>"
        b"</item></channel></rss>"
    )
    result = parse_feed(body, url=URL)
    assert isinstance(result, ParsedFeed) and result.items[0].title == "Still works"


@pytest.mark.parametrize(
    "name", ["title_detail", "summary_detail", "published_parsed", "updated_parsed"]
)
def test_elements_named_like_feedparsers_own_keys_are_ignored(name: str) -> None:
    """feedparser stores an element it has no rule for under its name, over its own keys."""
    body = (
        f'<rss version="2.0"><channel><{name}>x</{name}><title>Feed</title><item>'
        f"<title>Item</title><description>Text</description><{name}>x</{name}></item>"
        "</channel></rss>"
    ).encode()
    result = parse_feed(body, url=URL, content_type="application/rss+xml")
    assert isinstance(result, ParsedFeed)
    assert result.title == "Feed"
    assert [(item.title, item.summary, item.published_at) for item in result.items] == [
        ("Item", "Text", None)
    ]


@settings(max_examples=200, deadline=None)
@given(
    parts=st.lists(
        st.sampled_from([b"<!", b"ENTITY", b"entity", b"EnTiTy", b"<!EN", b"TITY", b"x", b"\x00"]),
        max_size=12,
    )
)
def test_entity_declarations_are_found_wherever_a_case_blind_search_finds_them(
    parts: list[bytes],
) -> None:
    data = b"".join(parts)
    view = data.replace(b"\x00", b"") if b"\x00" in data[:4] else data
    assert declares_entities(data) == bool(re.search(rb"<!ENTITY", view, re.IGNORECASE))
