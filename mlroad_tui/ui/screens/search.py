"""The search screen (ctrl+f, or the palette): type, see hits grouped by kind, Enter jumps.

Thin: the app hands it a `finder` (one domain call over the store's index), which it runs in
a thread worker on each keystroke; a newer keystroke cancels the older search, and an answer
for other words than those typed is dropped. Every title and snippet is untrusted text: it
is shown as `Text` runs, matched runs styled, never parsed as markup.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from mlroad_tui.search.model import Hit, Kind, Segment

Finder = Callable[[str], Mapping[Kind, Sequence[Hit]]]
GROUP_TITLES = {
    Kind.TOPIC: "Topics",
    Kind.RESOURCE: "Resources",
    Kind.NOTE: "Notes",
    Kind.NEWS: "News",
}
MATCH_STYLE = "bold reverse"


def hit_text(hit: Hit) -> Text:
    """Title on one line, snippet under it; matched words styled, all else literal."""
    text = _runs(hit.title, "bold")
    if hit.plain_snippet and hit.plain_snippet != hit.plain_title:
        text.append("\n  ")
        text.append_text(_runs(hit.snippet, "dim"))
    return text


def _runs(segments: Sequence[Segment], style: str) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis")
    for segment in segments:
        text.append(segment.text, style=f"{style} {MATCH_STYLE}" if segment.hit else style)
    return text


class SearchScreen(ModalScreen[Hit | None]):
    """Find words in topics, resources, notes and news; Enter shows the hit in its pane."""

    CSS_PATH = "search.tcss"

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Close", id="search-close"),
        Binding("down", "to_results", "Results", show=False, id="search-results"),
    ]

    def __init__(self, finder: Finder) -> None:
        super().__init__()
        self.finder = finder
        self._hits: dict[str, Hit] = {}

    def compose(self) -> ComposeResult:
        with Vertical(id="search-dialog"):
            yield Input(placeholder="find in topics, resources, notes, news…", id="search-input")
            yield Static(id="search-status")
            yield OptionList(id="search-results")

    def on_mount(self) -> None:
        self._status("Type words to find; accents and case are ignored.")

    @on(Input.Changed, "#search-input")
    def _typed(self, event: Input.Changed) -> None:
        self._find(event.value)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _find(self, typed: str) -> None:
        found = self.finder(typed)
        self.app.call_from_thread(self._show, typed, found)

    def _show(self, typed: str, found: Mapping[Kind, Sequence[Hit]]) -> None:
        """Show the hits for `typed`, unless the learner has typed on since."""
        if typed != self.query_one("#search-input", Input).value:
            return
        results = self.query_one(OptionList)
        results.clear_options()
        self._hits = {}
        options: list[Option | None] = []
        for kind, hits in found.items():
            heading = Text(f"{GROUP_TITLES[kind]} ({len(hits)})", style="bold")
            options.append(Option(heading, disabled=True))
            for hit in hits:
                option_id = f"{kind.value}:{hit.ref}"
                self._hits[option_id] = hit
                options.append(Option(hit_text(hit), id=option_id))
        results.add_options(options)
        count = len(self._hits)
        if typed.strip():
            self._status(f"{count} hit(s)" if count else "Nothing matches.")
        else:
            self._status("Type words to find; accents and case are ignored.")

    def _status(self, message: str) -> None:
        self.query_one("#search-status", Static).update(Text(message, style="dim"))

    @on(Input.Submitted, "#search-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        first = next(iter(self._hits.values()), None)
        if first is not None:
            self.dismiss(first)

    def action_to_results(self) -> None:
        results = self.query_one(OptionList)
        if self._hits:
            results.focus()
            if results.highlighted is None:
                results.action_first()

    @on(OptionList.OptionSelected, "#search-results")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        hit = self._hits.get(event.option.id or "")
        if hit is not None:
            self.dismiss(hit)
