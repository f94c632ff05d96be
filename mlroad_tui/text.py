"""Turning untrusted text (feed titles, summaries, web pages) into safe, plain display text.

Everything here returns a plain `str`: no terminal escape sequence or control character
survives, and HTML becomes readable text. The UI must still show the result as data, never
as markup: `rich.text.Text(s)` (or `Content(s)`), so `[bold]` or `[@click=app.quit]` inside a
title stays a literal string.
"""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser

# Escape sequences a terminal would act on, 7-bit and 8-bit forms. Strings (OSC, DCS, APC,
# PM, SOS) run to their terminator; an unterminated one is cut to the next ESC or the end.
_SEQUENCES = re.compile(
    r"""
      \x1b\[ [0-?]* [ -/]* [@-~]?          # CSI: colours, cursor moves, screen clears
    | \x9b   [0-?]* [ -/]* [@-~]?
    | \x1b\] [^\x07\x1b\x9c]* (?:\x07|\x1b\\|\x9c)?   # OSC: titles, hyperlinks, clipboard
    | \x9d   [^\x07\x1b\x9c]* (?:\x07|\x1b\\|\x9c)?
    | \x1b[PX^_] [^\x1b\x9c]* (?:\x1b\\|\x9c)?        # DCS, SOS, PM, APC
    | [\x90\x98\x9e\x9f] [^\x1b\x9c]* (?:\x1b\\|\x9c)?
    | \x1b [ -/]* [0-~]?                    # any other escape (charset switch, reset, ...)
    """,
    re.VERBOSE,
)
# C0 and C1 controls except tab and newline, DEL, and the invisible bidi controls that can
# reorder what the reader sees ("Trojan source"), plus stray byte-order marks.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff]")
_NEWLINES = re.compile("\r\n?|[\u2028\u2029\x85]")
# Anything strip_controls would change; most text has none and is returned as is (fast).
_SUSPECT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")
_BLANK_LINES = re.compile(r"\n{3,}")
_ANY_SPACE = re.compile(r"\s+")
_HTML_HINT = re.compile(r"<[A-Za-z/!]|&[#A-Za-z]")


def folded(text: str | None) -> str:
    """Text for matching, not for showing: without accents and in one case, so that a filter
    for "geron" finds "Géron" (and "STRASSE" finds "Straße")."""
    if not text:
        return ""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def strip_controls(text: str) -> str:
    """Remove escape sequences and control characters; keep newlines and tabs."""
    # Everything _SUSPECT matches is unprintable: most titles pass without the regex.
    if not text or text.isprintable() or not _SUSPECT.search(text):
        return text or ""
    text = _NEWLINES.sub("\n", text)
    return _CONTROLS.sub("", _SEQUENCES.sub("", text))


def plain_line(text: str | None, limit: int | None = None) -> str:
    """One safe line (titles, authors, feed names): controls gone, whitespace collapsed."""
    line = " ".join(strip_controls(text or "").split())
    return truncate(line, limit) if limit else line


def plain_block(text: str | None, limit: int | None = None) -> str:
    """Safe multi-line text: controls gone, runs of spaces and blank lines collapsed."""
    # str.split() is the fast way to collapse whitespace (abstracts are long, items many).
    # Lines that are all printable hold nothing strip_controls removes (nor "\r").
    lines = (text or "").split("\n")
    if not all(line.isprintable() for line in lines):
        lines = strip_controls(text or "").split("\n")
    block = "\n".join([" ".join(line.split()) for line in lines])
    if "\n\n\n" in block:
        block = _BLANK_LINES.sub("\n\n", block)
    block = block.strip()
    return truncate(block, limit) if limit else block


def truncate(text: str, limit: int) -> str:
    """Cut to at most `limit` characters, marking the cut with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def html_to_text(html: str | None, limit: int | None = None) -> str:
    """Readable plain text from an HTML fragment: tags dropped, blocks on their own lines.

    Entities are decoded before controls are stripped, so `&#27;[31m` cannot smuggle in an
    escape sequence. Text that holds no tag or entity skips the parser (arXiv abstracts).
    """
    if not html:
        return ""
    if ("<" not in html and "&" not in html) or not _HTML_HINT.search(html):
        return plain_block(html, limit)
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    return plain_block(parser.text(), limit)


_BLOCK_TAGS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tr",
        "ul",
    }
)
_SKIPPED_TAGS = frozenset({"script", "style", "head", "title", "noscript", "template", "svg"})


class _TextExtractor(HTMLParser):
    """Collects the text of an HTML fragment, with line breaks where blocks begin and end."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._parts: list[str] = []
        self._skipping = 0
        self._pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self._skipping += 1
        elif tag == "br":
            self._parts.append("\n")
        elif tag == "li":
            self._parts.append("\n• ")
        elif tag in _BLOCK_TAGS:
            self._parts.append("\n\n" if tag in ("p", "pre", "blockquote", "table") else "\n")
        if tag == "pre":
            self._pre += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "hr"):
            self._parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCK_TAGS and tag != "li":
            self._parts.append("\n")
        if tag == "pre":
            self._pre = max(0, self._pre - 1)

    def handle_data(self, data: str) -> None:
        if self._skipping:
            return
        self._parts.append(data if self._pre else _ANY_SPACE.sub(" ", data))

    def text(self) -> str:
        return "".join(self._parts)
