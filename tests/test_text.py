"""Untrusted text becomes safe plain text: no escape sequence survives, markup stays literal."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest
from rich.console import Console
from rich.text import Text

from mlroad_tui.text import (
    html_to_text,
    plain_block,
    plain_line,
    strip_controls,
    truncate,
)

ESC = "\x1b"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        (f"{ESC}[31mred{ESC}[0m", "red"),  # SGR colour
        (f"a{ESC}[2J{ESC}[Hb", "ab"),  # clear screen, cursor home
        (f"{ESC}]8;;https://evil.example{ESC}\\click{ESC}]8;;{ESC}\\", "click"),  # OSC 8 link
        (f"x{ESC}]0;new window title\x07y", "xy"),  # OSC title, BEL-terminated
        (f"x{ESC}]52;c;ZXZpbA==\x07y", "xy"),  # OSC 52 clipboard write
        (f"x{ESC}]0;never terminated", "x"),  # unterminated OSC is cut
        (f"x{ESC}P1$qm{ESC}\\y", "xy"),  # DCS
        (f"x{ESC}_apc payload{ESC}\\y", "xy"),  # APC
        ("x\x9b31my", "xy"),  # 8-bit CSI
        ("x\x9d0;title\x9cy", "xy"),  # 8-bit OSC with 8-bit ST
        (f"x{ESC}cy{ESC}(Bz", "xyz"),  # full reset, charset switch
        ("a\x00b\x07c\x08d\x7fe\x85f", "abcd" + "e\nf"),  # C0, DEL; NEL becomes a newline
        ("keep\ttabs\nand newlines", "keep\ttabs\nand newlines"),
        ("win\r\nmac\rlines", "win\nmac\nlines"),
        ("bidi \u202egnp.exe\u202c and \u2066isolate\u2069", "bidi gnp.exe and isolate"),
    ],
)
def test_strip_controls_removes_escapes_and_controls(raw: str, clean: str) -> None:
    assert strip_controls(raw) == clean


def _ansi(renderable: Text) -> str:
    """What a colour terminal would receive."""
    console = Console(file=io.StringIO(), width=200, color_system="truecolor", force_terminal=True)
    console.print(renderable)
    return console.file.getvalue()


def test_rich_markup_is_plain_text_and_renders_literally() -> None:
    hostile = "[bold red]x[/] [link=https://evil.example]y[/link] [@click=app.quit]z[/]"
    line = plain_line(hostile)
    assert line == hostile  # nothing to strip: it is just text
    text = Text(line)  # how the UI shows it
    assert text.spans == [] and text.plain == hostile
    output = _ansi(text)
    assert ESC not in output  # no colour, no bold, no OSC 8 hyperlink
    assert output.strip() == hostile
    # The same string read as markup would style, link and bind an action: the danger is real.
    as_markup = Text.from_markup(hostile)
    assert as_markup.spans and ESC + "]8;" in _ansi(as_markup)


def test_html_to_text_keeps_structure_and_drops_code() -> None:
    html = (
        "<h2>Title</h2><p>Hello <b>world</b> &amp; <a href='x'>friends</a></p>"
        "<script>alert('x')</script><style>p{}</style>"
        "<ul><li>one</li><li>two</li></ul><p>line<br>break</p><pre>  keep   code  </pre>"
    )
    assert (
        html_to_text(html)
        == "Title\n\nHello world & friends\n\n• one\n• two\n\nline\nbreak\n\nkeep code"
    )


def test_html_entities_cannot_smuggle_escape_sequences() -> None:
    smuggled = "<p>&#x1b;[31mred &#27;]8;;https://evil&#7;link &#155;2J</p>"
    text = html_to_text(smuggled)
    assert ESC not in text and "\x07" not in text and "\x9b" not in text
    assert "red" in text and "link" in text


def test_plain_text_without_markup_skips_the_parser_and_keeps_angle_free_text() -> None:
    abstract = "We show  that\n\n\n\nx < y  for all   inputs."
    assert html_to_text(abstract) == "We show that\n\nx < y for all inputs."


def test_plain_line_collapses_whitespace_and_truncates() -> None:
    assert plain_line("  a\n b\t\tc  ") == "a b c"
    assert plain_line("x" * 20, 10) == "x" * 9 + "…"
    assert plain_line(None) == ""
    assert truncate("short", 10) == "short"


def test_plain_block_keeps_paragraphs() -> None:
    assert plain_block("p1  line\n\n\n\np2\n") == "p1 line\n\np2"


def test_text_module_does_not_import_rich_or_textual() -> None:
    code = "import sys, mlroad_tui.text; print('rich' in sys.modules, 'textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


@pytest.mark.parametrize(
    ("text", "key"),
    [("Géron", "geron"), ("AURÉLIEN", "aurelien"), ("Straße", "strasse"), ("", ""), (None, "")],
)
def test_folded_drops_case_and_accents(text: str | None, key: str) -> None:
    from mlroad_tui.text import folded

    assert folded(text) == key
