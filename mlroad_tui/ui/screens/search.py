"""The search screen (ctrl+f, or the palette): type, see hits grouped by kind, Enter jumps.

Thin: the app hands it a `finder` (one domain call over the store's index), which it runs in
a thread worker on each keystroke; a newer keystroke cancels the older search, and an answer
for other words than those typed is dropped. An answer is drawn in one frame (`GroupedList`,
a status line of fixed height). Every title and snippet is untrusted text: it is shown as
`Text` runs, matched runs styled, never parsed as markup.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from mlroad_tui.search.find import PER_KIND
from mlroad_tui.search.model import Hit, Kind, Segment, hit_count
from mlroad_tui.ui.widgets.grouped_list import Entry, GroupedList
from mlroad_tui.ui.widgets.keys_footer import KeysFooter
from mlroad_tui.ui.widgets.search_box import QuietInput

# The hits of each kind the screen lists. Its finder gives up to one more, which is not shown
# but tells that more match ("20+"): a common word matches thousands of news items.
SHOWN = PER_KIND
Finder = Callable[[str], Mapping[Kind, Sequence[Hit]]]
GROUP_TITLES = {
    Kind.TOPIC: "Topics",
    Kind.RESOURCE: "Resources",
    Kind.NOTE: "Notes",
    Kind.NEWS: "News",
}
MATCH_STYLE = "bold reverse"
# The Footer has room for Close only: the Input's own keys hide the screen's ↓ and Enter.
HINT = "Type words to find (accents and case ignored); ↓ and Enter show a hit."


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

    def compose(self) -> ComposeResult:
        with Vertical(id="search-dialog"):
            placeholder = "find in topics, resources, notes, news…"
            yield QuietInput(placeholder=placeholder, id="search-input")
            yield Static(id="search-status")
            yield GroupedList[Hit](id="search-results")
        # Its own keys, over the pane's: those do not act while the search is open.
        yield KeysFooter()

    def on_mount(self) -> None:
        self._status(HINT)

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
        entries: list[Entry[Hit]] = []
        more = False
        for kind, hits in found.items():
            more = more or len(hits) > SHOWN
            count = hit_count(len(hits), SHOWN)
            entries.append((Text(f"{GROUP_TITLES[kind]} ({count})", style="bold"), None))
            entries += [(hit_text(hit), hit) for hit in hits[:SHOWN]]
        self.query_one(GroupedList).show(entries)
        count = len(entries) - len(found)
        if not typed.strip():
            self._status(HINT)
        elif more:
            self._status(f"{count} hits shown, the first {SHOWN} of each kind: type on to narrow.")
        else:
            self._status(f"{count} hit(s)" if count else "Nothing matches.")

    def _status(self, message: str) -> None:
        # One line high (search.tcss): no layout, so the answer takes one frame.
        self.query_one("#search-status", Static).update(Text(message, style="dim"), layout=False)

    @on(Input.Submitted, "#search-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        first = self.query_one(GroupedList).first
        if first is not None:
            self.dismiss(first)

    def action_to_results(self) -> None:
        results = self.query_one(GroupedList)
        if results.first is not None:
            results.focus()
            if results.cursor is None:
                results.cursor = 0

    @on(GroupedList.Chosen, "#search-results")
    def _chosen(self, event: GroupedList.Chosen) -> None:
        event.stop()
        self.dismiss(event.value)
