"""The reader: one news item in the terminal, its content as Markdown, its links by number.

Thin: the app hands it an item and its `Article` (converted in `feeds.article`), and it posts
requests back (next item, open a URL). Every string shown came from a feed: the header is
built from `Text` objects, the body is Markdown already made inert, and its links are only
ever opened through the app, which refuses anything but http(s).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from markdown_it import MarkdownIt
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, Markdown, Static

from mlroad_tui.ui.messages import NewsRequest, OpenUrl
from mlroad_tui.ui.widgets.keys_footer import KeysFooter

if TYPE_CHECKING:  # `mlroad config show` reads this screen's keys without the HTML converter
    from mlroad_tui.feeds.article import Article
    from mlroad_tui.feeds.model import Item
    from mlroad_tui.ui.news import NewsDesk


def _inert_parser() -> MarkdownIt:
    """CommonMark tables and strikethrough, but no raw HTML and no bare-URL linking."""
    return MarkdownIt("gfm-like", {"html": False, "linkify": False})


class ReaderScreen(Screen[None]):
    """Read an item; `n`/`p` step through the News list, a number opens that link."""

    CSS_PATH = "reader.tcss"

    BINDINGS = [
        Binding("escape,q", "close", "Back", id="reader-back"),
        Binding("o", "open_page", "Open page", id="reader-open-page"),
        Binding("n", "step(1)", "Next", id="reader-next"),
        Binding("p", "step(-1)", "Previous", id="reader-previous"),
        Binding("l", "ask_link('')", "Open link #", id="reader-open-link"),
        *(
            Binding(str(d), f"ask_link('{d}')", show=False, id=f"reader-link-{d}")
            for d in range(1, 10)
        ),
    ]

    @dataclass
    class Step(NewsRequest):
        """Show the item `offset` places after this one in the News list (read it)."""

        item_id: int
        offset: int

        def answer(self, news: NewsDesk) -> None:
            news.step(self.item_id, self.offset)

    def __init__(self, item: Item, article: Article | None = None) -> None:
        super().__init__()
        self.show(item, article)

    def compose(self) -> ComposeResult:
        yield Static(id="reader-head")
        with VerticalScroll(id="reader-body"):
            yield Markdown(id="reader-markdown", parser_factory=_inert_parser, open_links=False)
            yield Static(id="reader-links")
        yield Input(placeholder="link number, then Enter", id="reader-link-input", type="integer")
        yield KeysFooter()  # fits 80 columns: Back, the links, ? and q stay

    def on_mount(self) -> None:
        self.query_one("#reader-link-input").display = False
        self._draw()

    def show(self, item: Item, article: Article | None) -> None:
        """Show another item (its body blank until `article`, its conversion, arrives)."""
        from mlroad_tui.feeds.article import Article

        self.item, self.article = item, article or Article("")
        self._waiting = article is None
        if self.is_mounted:
            self._draw()

    def _draw(self) -> None:
        self.query_one("#reader-head", Static).update(_head(self.item))
        body = "" if self._waiting else self.article.markdown or "*(empty)*"
        self.query_one(Markdown).update(body)
        self.query_one("#reader-links", Static).update(_links(self.article))
        body = self.query_one("#reader-body", VerticalScroll)
        body.scroll_home(animate=False)
        body.focus()

    def action_close(self) -> None:
        """Esc leaves the link prompt first, then the reader."""
        if self.query_one("#reader-link-input").display:
            self._hide_link_input()
        else:
            self.dismiss()

    def action_open_page(self) -> None:
        self.post_message(OpenUrl(self.item.link))

    def action_step(self, offset: int) -> None:
        self.post_message(self.Step(self.item.id, offset))

    def action_ask_link(self, digit: str) -> None:
        if not self.article.links:
            self.notify("This item has no links.", timeout=3)
            return
        field = self.query_one("#reader-link-input", Input)
        field.display = True
        field.value = digit
        field.focus()

    @on(Input.Submitted, "#reader-link-input")
    def _open_numbered(self, event: Input.Submitted) -> None:
        event.stop()
        self._hide_link_input()
        number = int(event.value) if event.value.isdigit() else 0
        link = self.article.link(number)
        if link is None:
            self.notify(f"No link numbered {event.value!r}.", markup=False, severity="warning")
        else:
            self.post_message(OpenUrl(link.url))

    def _hide_link_input(self) -> None:
        field = self.query_one("#reader-link-input", Input)
        field.display = False
        self.query_one("#reader-body").focus()

    @on(Markdown.LinkClicked)
    def _clicked(self, event: Markdown.LinkClicked) -> None:
        event.stop()
        self.post_message(OpenUrl(event.href))


def _head(item: Item) -> Text:
    """Title, then feed · date · authors, then categories: data, never markup."""
    head = Text(item.title or "(untitled)", style="bold")
    byline = [item.feed_title, (item.published_at or item.first_seen_at)[:10], item.author]
    head.append("\n" + " · ".join(part for part in byline if part), style="dim")
    if item.tags:
        head.append("\nCategories: " + ", ".join(item.tags), style="dim")
    if item.link:
        head.append("\n" + item.link, style="underline" if item.openable else "strike dim")
    return head


def _links(article: Article) -> Text:
    """The numbered list of links; those that are not http(s) are marked and never opened."""
    if not article.links:
        return Text("")
    text = Text("Links (type a number to open one)\n", style="bold")
    for link in article.links:
        text.append(f"[{link.number}] ", style="bold")
        text.append(link.text)
        text.append(f"  {link.url}", style="underline dim" if link.openable else "strike dim")
        if not link.openable:
            text.append("  (not http(s): never opened)", style="red")
        text.append("\n")
    text.rstrip()
    return text
