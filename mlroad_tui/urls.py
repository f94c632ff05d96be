"""Opening URLs safely: only http(s), and never a browser that would take over our terminal."""

from __future__ import annotations

import webbrowser
from urllib.parse import urlsplit

# Browsers that run inside the terminal: launching one would fight the TUI for the screen.
CONSOLE_BROWSERS = frozenset({"www-browser", "links", "elinks", "lynx", "w3m", "links2"})


class CannotOpen(Exception):
    """Why a URL was not opened, in words for the learner."""


def is_openable(url: str | None) -> bool:
    """True only for absolute http and https URLs with a host."""
    if not url:
        return False
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def open_in_browser(url: str | None) -> None:
    """Open the URL in a graphical web browser, or raise `CannotOpen` saying why not."""
    if not is_openable(url):
        raise CannotOpen(f"Refused to open {url!r}: only http and https links are opened")
    assert url is not None
    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        raise CannotOpen("No web browser was found on this machine") from None
    if getattr(browser, "name", "") in CONSOLE_BROWSERS:
        raise CannotOpen("No graphical web browser was found (only a terminal one)")
    if not browser.open(url, new=2):
        raise CannotOpen("The web browser did not start")
