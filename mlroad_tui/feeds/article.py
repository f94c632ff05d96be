"""A news item's content as a readable article: HTML → Markdown, with its links numbered.

The HTML comes from feeds and is hostile until proven otherwise. What leaves this module is
inert Markdown: scripts, styles and embeds are dropped with their text; images become their
alt text (nothing is ever fetched); text that looks like Markdown or Rich markup is escaped;
escape sequences and control characters are stripped (after entities are decoded, so
`&#27;` smuggles nothing in). Links keep their place in the text with a number, `[3]`, and
only http(s) ones stay clickable; the rest are listed but can never be opened.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from urllib.parse import quote, urljoin

from bs4 import BeautifulSoup
from markdownify import MarkdownConverter

from mlroad_tui.feeds.model import Item
from mlroad_tui.text import plain_block, plain_line, strip_controls
from mlroad_tui.urls import is_openable

# Elements dropped with everything inside them: code, styling, embedded documents and forms.
_DROPPED = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "svg",
    "math",
    "canvas",
    "form",
    "head",
    "title",
    "meta",
    "link",
    "base",
)
LINK_TEXT_LIMIT = 200
URL_LIMIT = 2000
# Characters kept as they are in a link target; the rest (spaces, parentheses, angle brackets)
# are percent-encoded so a hostile URL cannot end the Markdown link early.
_URL_SAFE = ":/?#[]@!$&'*+,;=%~-._"


@dataclass(frozen=True)
class Link:
    """The n-th distinct link of an article; `openable` only for http(s)."""

    number: int
    text: str
    url: str

    @property
    def openable(self) -> bool:
        return is_openable(self.url)


@dataclass(frozen=True)
class Article:
    """Markdown for the reader, and the links it cites by number."""

    markdown: str
    links: tuple[Link, ...] = ()

    def link(self, number: int) -> Link | None:
        return self.links[number - 1] if 0 < number <= len(self.links) else None


class _Converter(MarkdownConverter):
    """markdownify with numbered links and images reduced to their alt text."""

    def __init__(self, base: str | None) -> None:
        super().__init__(
            escape_misc=True,
            heading_style="ATX",
            bullets="-",
            autolinks=False,
            newline_style="backslash",
        )
        self.base = base
        self.links: dict[str, Link] = {}

    def convert_a(self, el, text, parent_tags):
        href = plain_line(el.get("href"), URL_LIMIT)
        text = text.strip()
        if not href or "_noformat" in parent_tags:
            return text
        url = urljoin(self.base, href) if self.base and not _has_scheme(href) else href
        url = quote(url, safe=_URL_SAFE)  # no space or parenthesis can end the Markdown link
        label = text or self.escape(plain_line(url, LINK_TEXT_LIMIT), parent_tags)
        link = self.links.get(url)
        if link is None:
            name = plain_line(el.get_text(), LINK_TEXT_LIMIT) or plain_line(url, LINK_TEXT_LIMIT)
            link = Link(len(self.links) + 1, name, url)
            self.links[url] = link
        if link.openable:
            return f"[{label}]({url}) \\[{link.number}\\]"
        return f"{label} \\[{link.number}\\]"

    def convert_img(self, el, text, parent_tags):
        alt = plain_line(el.get("alt"), LINK_TEXT_LIMIT)
        return f"*\\[image{': ' + self.escape(alt, parent_tags) if alt else ''}\\]*"


def _has_scheme(href: str) -> bool:
    head, colon, _ = href.partition(":")
    return bool(colon) and head.replace("+", "").replace("-", "").replace(".", "").isalnum()


def for_item(item: Item, content: str) -> Article:
    """What the reader shows for an item: its stored content (HTML), else its summary."""
    return from_html(content, item.link) if content else from_text(item.summary)


def from_html(content: str, base: str | None = None) -> Article:
    """The article for an HTML fragment; relative links are resolved against `base`."""
    soup = BeautifulSoup(content, "html.parser")
    for element in soup.find_all(_DROPPED):
        element.decompose()
    for string in soup.find_all(string=True):  # entities are decoded by now
        if (clean := strip_controls(string)) != string:
            string.replace_with(clean)
    converter = _Converter(base)
    markdown = _tidy(converter.convert_soup(soup))
    return Article(markdown, tuple(converter.links.values()))


def from_text(text: str) -> Article:
    """The article for plain text (a summary): paragraphs kept, nothing taken as Markdown."""
    paragraphs = plain_block(text).split("\n\n")
    body = "".join(
        f"<p>{'<br>'.join(html.escape(line) for line in para.splitlines())}</p>"
        for para in paragraphs
        if para.strip()
    )
    return from_html(body)


def _tidy(markdown: str) -> str:
    """Trailing spaces and runs of blank lines gone, indentation kept for code."""
    lines = strip_controls(markdown).split("\n")
    text = "\n".join(line.rstrip() for line in lines)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip("\n")
