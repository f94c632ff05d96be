"""HTML → Markdown for the reader: structure kept, links numbered, hostile content inert."""

from __future__ import annotations

from mlroad_tui.feeds.article import from_html, from_text

BASE = "https://blog.example/post/1"


def test_structure_becomes_markdown() -> None:
    article = from_html(
        "<h2>Title</h2><p>Some <b>bold</b> and <em>em</em>.</p>"
        "<ul><li>one</li><li>two</li></ul><pre><code>def f():\n    return 1\n</code></pre>",
        BASE,
    )
    assert "## Title" in article.markdown
    assert "**bold**" in article.markdown and "*em*" in article.markdown
    assert "- one\n- two" in article.markdown
    assert "    return 1" in article.markdown  # code keeps its indentation


def test_links_are_numbered_once_each_and_resolved_against_the_page() -> None:
    article = from_html(
        '<p><a href="https://a.example/x">A</a> <a href="/rel">rel</a> '
        '<a href="https://a.example/x">A again</a></p>',
        BASE,
    )
    assert [(link.number, link.url) for link in article.links] == [
        (1, "https://a.example/x"),
        (2, "https://blog.example/rel"),
    ]
    assert "[A](https://a.example/x) \\[1\\]" in article.markdown
    assert "\\[1\\]" in article.markdown.split("rel")[-1]  # the repeat cites the same number
    assert article.link(2) is not None and article.link(2).url == "https://blog.example/rel"
    assert article.link(0) is None and article.link(3) is None


def test_a_url_cannot_break_out_of_its_markdown_link() -> None:
    article = from_html('<a href="https://a.example/a b)(c">odd</a>', BASE)
    assert article.links[0].url == "https://a.example/a%20b%29%28c"
    assert "(https://a.example/a%20b%29%28c)" in article.markdown


def test_non_http_links_are_listed_but_never_linked() -> None:
    article = from_html(
        '<a href="javascript:alert(1)">click</a> <a href="file:///etc/passwd">file</a>', BASE
    )
    assert [link.openable for link in article.links] == [False, False]
    assert "](" not in article.markdown  # plain text: nothing to click
    assert "click \\[1\\]" in article.markdown


def test_scripts_styles_and_frames_go_with_their_text_and_images_are_never_fetched() -> None:
    article = from_html(
        "<p>kept</p><script>SCRIPT()</script><style>STYLE{}</style>"
        '<iframe src="https://x.example/f">FRAME</iframe><object>OBJECT</object>'
        '<img src="https://tracker.example/p.gif" alt="pic">',
        BASE,
    )
    for gone in ("SCRIPT", "STYLE", "FRAME", "OBJECT", "tracker.example", "!["):
        assert gone not in article.markdown
    assert "\\[image: pic\\]" in article.markdown


def test_markup_and_markdown_in_text_are_escaped() -> None:
    article = from_html("<p>[bold]x[/bold] *not em* [t](javascript:x) &lt;b&gt;</p>", BASE)
    assert "\\[bold\\]x\\[/bold\\]" in article.markdown
    assert "\\*not em\\*" in article.markdown
    assert "\\[t\\](javascript:x)" in article.markdown
    assert "\\<b\\>" in article.markdown


def test_escape_sequences_go_even_when_spelled_as_entities() -> None:
    article = from_html("<p>a &#27;[31mred&#27;[0m b &#27;]0;pwned&#7; c \x1b[2J d</p>", BASE)
    assert "\x1b" not in article.markdown and "\x07" not in article.markdown
    assert "pwned" not in article.markdown  # the OSC string went with its introducer
    assert "a red b" in article.markdown


def test_plain_text_keeps_paragraphs_and_lines_and_means_nothing() -> None:
    article = from_text("First *line*\nsecond <b>line</b>\n\nNext paragraph")
    assert article.markdown == "First \\*line\\*\\\nsecond \\<b\\>line\\</b\\>\n\nNext paragraph"
    assert article.links == ()
