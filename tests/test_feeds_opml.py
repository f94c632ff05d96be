"""OPML import (newsboat's files included) and export, round trip through the store."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlroad_tui.feeds.opml import OpmlError, import_opml, read_opml, write_opml
from mlroad_tui.store import Store
from tests.feedserver import fixture


def test_newsboat_opml_is_read_with_folders_and_deduplicated() -> None:
    feeds, skipped = read_opml(fixture("newsboat.opml"))
    assert [(f.url, f.title) for f in feeds] == [
        ("https://rss.arxiv.org/rss/cs.LG", "cs.LG updates on arXiv.org"),
        ("https://lilianweng.github.io/index.xml", "Lil'Log"),
        ("https://www.fast.ai/index.xml", "fast.ai"),  # `text` when there is no `title`
        ("https://thegradient.pub/rss/", "The Gradient"),  # newsboat's `url`, nested folders
    ]
    assert len(skipped) == 1 and "exec:" in skipped[0]
    assert [(f.folder, f.site_url) for f in feeds] == [
        (None, "http://rss.arxiv.org/rss/cs.LG"),
        (None, "https://lilianweng.github.io/"),
        ("Blogs", "https://www.fast.ai/"),
        ("Blogs/Nested deeper", None),
    ]


def test_folders_and_site_urls_survive_import_and_export(store: Store, tmp_path: Path) -> None:
    import_opml(store.feeds, fixture("newsboat.opml"))
    kept = [(f.url, f.folder, f.site_url) for f in store.feeds.subscriptions()]
    assert ("https://www.fast.ai/index.xml", "Blogs", "https://www.fast.ai/") in kept
    document = write_opml(store.feeds.subscriptions())
    assert document.count(b'<outline text="Blogs" title="Blogs">') == 1
    other, _ = Store.open(tmp_path / "other.db")
    try:
        import_opml(other.feeds, document)
        assert [(f.url, f.folder, f.site_url) for f in other.feeds.subscriptions()] == kept
    finally:
        other.close()


def test_a_site_url_that_is_not_http_is_dropped() -> None:
    document = (
        b'<opml version="2.0"><body><outline xmlUrl="https://a.example/rss" '
        b'htmlUrl="javascript:alert(1)" text="A"/></body></opml>'
    )
    (feed,), _ = read_opml(document)
    assert feed.site_url is None


def test_deeply_nested_outlines_do_not_exhaust_the_stack() -> None:
    depth = 5000
    document = (
        b"<opml version='2.0'><body>"
        + b"<outline text='f'>" * depth
        + b"<outline xmlUrl='https://a.example/rss' text='A'/>"
        + b"</outline>" * depth
        + b"</body></opml>"
    )
    (feed,), _ = read_opml(document)
    assert feed.folder is not None and feed.folder.startswith("f/f/") and len(feed.folder) <= 200


def test_import_adds_only_new_feeds(store: Store) -> None:
    store.feeds.add("https://www.fast.ai/index.xml", "Mine")
    report = import_opml(store.feeds, fixture("newsboat.opml"))
    assert len(report.added) == 3 and report.existing == ["https://www.fast.ai/index.xml"]
    assert store.feeds.get(report.added[0].id).title == "cs.LG updates on arXiv.org"
    again = import_opml(store.feeds, fixture("newsboat.opml"))
    assert again.added == [] and len(again.existing) == 4


def test_export_then_import_round_trips(store: Store, tmp_path: Path) -> None:
    import_opml(store.feeds, fixture("newsboat.opml"))
    first = store.feeds.subscriptions()[0]
    store.feeds.save_items(first.id, [], site_url="https://arxiv.org/")
    store.feeds.rename(first.id, 'Title with <markup> & "quotes"')
    document = write_opml(store.feeds.subscriptions())
    assert document.startswith(b"<?xml") and b'version="2.0"' in document
    assert b'htmlUrl="https://arxiv.org/"' in document
    other, _ = Store.open(tmp_path / "other.db")
    try:
        report = import_opml(other.feeds, document)
        assert [(f.url, f.title) for f in report.added] == [
            (f.url, f.name) for f in store.feeds.subscriptions()
        ]
    finally:
        other.close()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"not xml", "not valid XML"),
        (b"<rss><channel/></rss>", "not an OPML file"),
        (b"<opml version='2.0'><head/></opml>", "not an OPML file"),
        (
            fixture("billion_laughs.xml").replace(b"<rss", b"<opml").replace(b"rss>", b"opml>"),
            "refused",
        ),
    ],
)
def test_bad_files_are_clear_errors(data: bytes, message: str) -> None:
    with pytest.raises(OpmlError, match=message):
        read_opml(data)


def test_external_entity_in_opml_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.write_text("https://leak.example/feed")
    data = (
        f'<!DOCTYPE opml [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<opml version="2.0"><body><outline xmlUrl="&x;"/></body></opml>'
    ).encode()
    with pytest.raises(OpmlError, match="refused"):
        read_opml(data)
