"""Link-health badges: one glyph per verdict, with the result's age."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text

from mlroad_tui.links.model import LinkResult, Verdict
from mlroad_tui.timefmt import age

BADGES: dict[Verdict, tuple[str, str]] = {
    Verdict.OK: ("✓", "green"),
    Verdict.REDIRECTED: ("→", "yellow"),
    Verdict.BROKEN: ("✗", "bold red"),
    Verdict.ERROR: ("!", "yellow"),  # error, timeout, unreachable: not verified, not dead
    Verdict.TIMEOUT: ("!", "yellow"),
    Verdict.UNREACHABLE: ("!", "yellow"),
    Verdict.BLOCKED: ("?", "magenta"),
    Verdict.INVALID: ("✗", "bold red"),
}


def link_badge(result: LinkResult | None, now: datetime) -> Text:
    """`✓ 200 3h`: verdict glyph, status code (or the verdict) and how old the result is."""
    if result is None:
        return Text("unchecked", style="dim")
    glyph, style = BADGES[result.verdict]
    code = str(result.status_code) if result.status_code else result.verdict.value
    return Text.assemble(
        (glyph, style), f" {code} ", (age(result.checked_at.isoformat(), now), "dim")
    )


def link_detail(result: LinkResult | None, now: datetime) -> Text:
    """The whole verdict for the detail view; error texts come from the network: shown literally."""
    if result is None:
        return Text("Link not checked yet: press c to check every link.", style="dim")
    glyph, style = BADGES[result.verdict]
    verdict = result.verdict.value
    shown = verdict if result.verdict.verified else f"not verified ({verdict})"
    line = Text.assemble((f"{glyph} {shown}", style))
    if result.status_code:
        line.append(f" · HTTP {result.status_code}")
    when = age(result.checked_at.isoformat(), now)
    line.append(f" · checked {'just now' if when == 'now' else when + ' ago'}")
    line.append(f" · {result.elapsed_ms:.0f} ms")
    if result.suggestion:
        line.append("\nMoved permanently; use instead: ", style="yellow")
        line.append(result.suggestion)
        line.append("  (f: fix it in the roadmap file)", style="dim")
    elif result.final_url and result.final_url != result.url:
        line.append("\nEnds at: ")
        line.append(result.final_url)
    if result.error:
        line.append("\n")
        line.append(result.error, style="italic")
    return line
