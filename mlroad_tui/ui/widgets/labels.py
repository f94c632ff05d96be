"""Small Rich `Text` builders shared by the panes: state glyphs, progress bars, file paths.

Everything that shows curriculum or feed text goes through `Text(...)`, never markup strings,
so brackets in titles are shown as typed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from rich.console import Console, ConsoleOptions
from rich.segment import Segment
from rich.text import Text

from mlroad_tui import config
from mlroad_tui.progress import Tally, TopicState

STATE_GLYPHS: dict[TopicState, tuple[str, str]] = {
    TopicState.TODO: ("○", "dim"),
    TopicState.DOING: ("◐", "bold yellow"),
    TopicState.DONE: ("●", "bold green"),
    TopicState.SKIPPED: ("⊘", "dim"),
}


def state_glyph(state: TopicState) -> Text:
    """The state's glyph, styled as a span (so text appended after it stays unstyled)."""
    glyph, style = STATE_GLYPHS[state]
    return Text.assemble((glyph, style))


class Bullet:
    """A list item: `• ` and the text, its wrapped lines indented under the text, so a long
    title never leaves the bullet alone on a line and the next item stands out."""

    MARK = "• "

    def __init__(self, text: Text | str) -> None:
        self.text = Text(text) if isinstance(text, str) else text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        indent = len(self.MARK)
        for n, line in enumerate(self.text.wrap(console, max(1, options.max_width - indent))):
            yield Segment(self.MARK if n == 0 else " " * indent)
            yield from line.render(console)
            yield Segment.line()


def fitted(title: str, width: int, style: str = "") -> Text:
    """A title cut with an ellipsis or padded to `width`, so what follows lines up."""
    text = Text(title, style=style)
    text.truncate(width, overflow="ellipsis", pad=True)
    return text


def progress_bar(t: Tally, width: int = 10) -> Text:
    """A fixed-width bar plus percentage, e.g. `▰▰▰▱▱▱▱▱▱▱  31%`."""
    filled = round(t.fraction * width)
    bar = Text("▰" * filled, style="green")
    bar.append("▱" * (width - filled), style="dim")
    bar.append(f" {t.percent:>3}%", style="bold" if t.percent == 100 else "")
    return bar


def hours(value: float) -> str:
    return f"{value:g} h"


def shown_path(path: Path) -> str:
    """Where the file is, as short as is clear: the roadmap mlroad ships says so, one in the
    home folder starts with `~`; the rest are as recorded."""
    try:
        if path.resolve() == config.bundled_curriculum().resolve():
            return "the roadmap that comes with mlroad"
        return f"~/{path.relative_to(Path.home()).as_posix()}"
    except (ValueError, RuntimeError, OSError):  # not under home, or no home to be under
        return str(path)
