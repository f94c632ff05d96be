"""A Markdown document as an outline: headings, bold labels, list items, table rows, with lines.

markdown-it-py gives a flat token stream; roadmaps mean things by nesting (a month heading over
a "**Goals:**" label over a list), so this module turns the stream into that tree once, and the
builder reads meaning off the tree. Inline text is flattened to plain text: markup never
survives, links are kept apart with the line they sit on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mlroad_tui.importer.words import time_unit

if TYPE_CHECKING:
    from markdown_it.token import Token

_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_MARKER = re.compile(r"\A(\s*)(?:[-*+•]|\d{1,3}[.)])\s+")
_COLON_LABEL = re.compile(r"\A([^:：]{1,60}?)\s*([:：])\s+(?=\S)")
_DASH_LABEL = re.compile(r"\A(\S.{0,59}?)\s+([—–-])\s+(?=\S)")
MAX_DEPTH = 12  # nesting of lists and quotes followed; markdown-it itself stops at 20


@dataclass(frozen=True)
class Link:
    url: str
    text: str
    line: int


@dataclass
class Inline:
    """One paragraph, item or cell as plain text, with its leading label split off.

    "**Linear Algebra:** Vectors, matrices" has label "Linear Algebra" and rest "Vectors,
    matrices" (so have "Linear Algebra: …" and "Linear Algebra — …").
    """

    text: str = ""
    links: list[Link] = field(default_factory=list)
    label: str = ""
    rest: str = ""
    starts_with_link: bool = False
    rest_starts_with_link: bool = False  # "**Course:** [Title](…)"
    link_text_only: bool = False  # nothing but link texts and punctuation
    images: int = 0


@dataclass(eq=False)
class Node:
    """A heading, a bold label paragraph, a paragraph, a list item, a table or a table row."""

    kind: str
    inline: Inline
    line: int
    level: int = 0  # heading level (1-6); 0 for everything else
    children: list[Node] = field(default_factory=list)
    header: list[str] = field(default_factory=list)  # a table's column titles
    cells: list[list[Node]] = field(default_factory=list)  # a row's cells, each a mini list
    cell_text: list[Inline] = field(default_factory=list)

    def walk(self) -> list[Node]:
        """This node and every node below it, in document order."""
        found = [self]
        for child in self.children:
            found.extend(child.walk())
        return found


@dataclass
class Skipped:
    """Something of the source the outline does not carry on (a code block, an HTML block)."""

    line: int
    what: str


@dataclass
class Outline:
    root: Node
    skipped: list[Skipped]


def parse(text: str) -> Outline:
    """Parse Markdown (CommonMark with tables and bare https:// links) into an outline."""
    from markdown_it import MarkdownIt

    markdown = MarkdownIt("commonmark", {"linkify": True}).enable(["table", "linkify"])
    markdown.linkify.set({"fuzzy_link": False})  # "Fast.ai" in prose is not a link
    return _Builder(markdown.parse(text)).outline()


class _Builder:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.position = 0
        self.skipped: list[Skipped] = []

    def outline(self) -> Outline:
        root = Node("root", Inline(), 1)
        headings = [root]
        label: Node | None = None
        for node in self.blocks(until=None, depth=0):
            if node.kind == "heading":
                while headings[-1].level >= node.level and headings[-1] is not root:
                    headings.pop()
                headings[-1].children.append(node)
                headings.append(node)
                label = None
            elif node.kind == "rule":
                label = None
            elif node.kind == "label":
                headings[-1].children.append(node)
                label = node
            else:
                (label or headings[-1]).children.append(node)
        return Outline(root, self.skipped)

    def blocks(self, until: str | None, depth: int) -> list[Node]:
        """Block nodes up to the closing token `until` (None: the end), consumed."""
        nodes: list[Node] = []
        while self.position < len(self.tokens):
            token = self.tokens[self.position]
            if until is not None and token.type == until:
                self.position += 1
                return nodes
            line = token.map[0] + 1 if token.map else 0
            self.position += 1
            kind = token.type
            if kind == "heading_open":
                inline = self.inline()
                self.position += 1  # heading_close
                nodes.append(Node("heading", inline, line, level=int(token.tag[1:])))
            elif kind == "paragraph_open":
                nodes.append(self.paragraph(line))
            elif kind in ("bullet_list_open", "ordered_list_open"):
                nodes.extend(self.items(kind.replace("_open", "_close"), depth + 1))
            elif kind == "table_open":
                nodes.append(self.table(line))
            elif kind == "blockquote_open":
                nodes.extend(self.blocks("blockquote_close", depth + 1))
            elif kind == "hr":
                nodes.append(Node("rule", Inline(), line))
            elif kind in ("fence", "code_block"):
                self.skipped.append(Skipped(line, "code block"))
            elif kind == "html_block" and not token.content.lstrip().startswith("<!--"):
                self.skipped.append(Skipped(line, "HTML block"))
        return nodes

    def paragraph(self, line: int) -> Node:
        inline = self.inline(line)
        self.position += 1  # paragraph_close
        if inline.label and not inline.rest and not inline.links and len(inline.label) <= 80:
            return Node("label", inline, line)
        if inline.text.endswith((":", "：")) and len(inline.text) <= 60 and not inline.links:
            inline.label, inline.rest = inline.text.rstrip(":： "), ""  # "Resources:"
            return Node("label", inline, line)
        if inline.label and len(inline.text) <= 80 and not inline.links and time_unit(inline.label):
            return Node("label", inline, line)  # "**Week 1**: Python basics", over its list
        return Node("para", inline, line)

    def items(self, close: str, depth: int) -> list[Node]:
        """The items of one list; a item's first paragraph is its text, the rest its children."""
        items: list[Node] = []
        while self.tokens[self.position].type != close:
            token = self.tokens[self.position]
            self.position += 1
            line = token.map[0] + 1 if token.map else 0
            body = self.blocks("list_item_close", depth)
            if depth > MAX_DEPTH:
                self.skipped.append(Skipped(line, f"list nested deeper than {MAX_DEPTH}"))
                continue
            first = body[0] if body and body[0].kind in ("para", "label") else None
            item = Node("item", first.inline if first else Inline(), line)
            item.children = [
                Node("item", n.inline, n.line, children=n.children) if n.kind == "label" else n
                for n in (body[1:] if first else body)
            ]
            items.append(item)
        self.position += 1
        return items

    def table(self, line: int) -> Node:
        table = Node("table", Inline(), line)
        row: Node | None = None
        while self.tokens[self.position].type != "table_close":
            token = self.tokens[self.position]
            self.position += 1
            if token.type == "tr_open":
                row = Node("row", Inline(), token.map[0] + 1 if token.map else line)
            elif token.type in ("th_open", "td_open") and row is not None:
                cell = self.tokens[self.position]
                self.position += 1
                if token.type == "th_open":
                    table.header.append(_inline(cell.children or [], row.line).text)
                else:
                    row.cell_text.append(_inline(cell.children or [], row.line))
                    row.cells.append(_mini_list(cell.children or [], row.line))
            elif token.type == "tr_close" and row is not None and row.cells:
                table.children.append(row)
        self.position += 1
        return table

    def inline(self, line: int = 0) -> Inline:
        token = self.tokens[self.position]
        self.position += 1
        start = token.map[0] + 1 if token.map else line
        return _inline(token.children or [], start)


def _inline(children: list[Token], line: int) -> Inline:
    """Flatten inline tokens to text; split off a leading bold label or "Short words:" label."""
    parts: list[str] = []
    links: list[Link] = []
    label_parts: list[str] | None = None  # collecting the leading bold text
    first_kind = ""  # what comes first: "strong", "link" or "text"
    link: tuple[str, int, int] | None = None  # href, start in parts, line
    images = 0
    label_end = -1
    for child in children:
        kind = child.type
        if kind == "strong_open" and not first_kind and not "".join(parts).strip():
            first_kind, label_parts = "strong", []
            continue
        if kind == "strong_close" and label_parts is not None and label_end < 0:
            label_end = len(parts)
            continue
        if kind == "link_open":
            if not first_kind and not "".join(parts).strip():
                first_kind = "link"
            link = (str(child.attrs.get("href", "")), len(parts), line)
        elif kind == "link_close" and link is not None:
            href, start, at = link
            links.append(Link(href, " ".join("".join(parts[start:]).split()), at))
            link = None
        elif kind in ("text", "code_inline"):
            if not first_kind and child.content.strip():
                first_kind = "text"
            parts.append(child.content)
        elif kind in ("softbreak", "hardbreak"):
            parts.append(" ")
            line += 1
        elif kind == "image":
            images += 1
        elif kind == "html_inline" and _BREAK.fullmatch(child.content.strip()):
            parts.append(" ")
    text = " ".join("".join(parts).split())
    inline = Inline(text=text, links=links, images=images)
    if first_kind == "strong" and label_end >= 0:
        label = " ".join("".join(parts[:label_end]).split())
        after = "".join(parts[label_end:]).strip()
        inline.label = label.rstrip(" :：")
        inline.rest = " ".join(after.lstrip(":： ").split())
    elif (
        first_kind != "link"
        and (match := _COLON_LABEL.match(text) or _DASH_LABEL.match(text))
        and not _in_link(text, match.start(2), links)
    ):
        inline.label, inline.rest = match.group(1).strip(), text[match.end() :]
    else:
        inline.rest = text
    inline.starts_with_link = first_kind == "link"
    inline.rest_starts_with_link = bool(links and links[0].text) and inline.rest.startswith(
        links[0].text
    )
    leftover = text
    for found in links:
        leftover = leftover.replace(found.text, " ", 1)
    inline.link_text_only = bool(links) and not re.sub(r"[\W_]+", "", leftover)
    return inline


def _in_link(text: str, position: int, links: list[Link]) -> bool:
    """True when `position` falls in a link's text ("[PyTorch: A 60 Minute Blitz](…)")."""
    for link in links:
        start = text.find(link.text) if link.text else -1
        if start >= 0 and start <= position < start + len(link.text):
            return True
    return False


def _mini_list(children: list[Token], line: int) -> list[Node]:
    """A table cell written as a list with <br>: "- **Math**:<br>  - Algebra" → nested items."""
    segments: list[list[Token]] = [[]]
    for child in children:
        if child.type == "html_inline" and _BREAK.fullmatch(child.content.strip()):
            segments.append([])
        else:
            segments[-1].append(child)
    roots: list[Node] = []
    stack: list[tuple[int, Node]] = []
    for segment in segments:
        if not segment:
            continue
        indent = 0
        first = segment[0]
        if first.type == "text":
            marker = _MARKER.match(first.content)
            indent = len(first.content) - len(first.content.lstrip(" "))
            if marker:
                first = first.copy(content=first.content[marker.end() :])
                segment = [first, *segment[1:]]
        inline = _inline(segment, line)
        if not inline.text:
            continue
        node = Node("item", inline, line)
        while stack and stack[-1][0] >= indent:
            stack.pop()
        (stack[-1][1].children if stack else roots).append(node)
        stack.append((indent, node))
    return roots
