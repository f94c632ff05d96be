"""URLs from outside (roadmaps, feeds, OPML, redirects): validated once, opened safely.

`url_problem` is the one check every entry point uses (`feeds add`, OPML import, the roadmap
validator, the link checker for each redirect): it accepts only what httpx can actually
request, so a bad URL is refused where it enters instead of failing deep inside a run.
"""

from __future__ import annotations

import webbrowser
from urllib.parse import urlsplit

# Browsers that run inside the terminal: launching one would fight the TUI for the screen.
CONSOLE_BROWSERS = frozenset({"www-browser", "links", "elinks", "lynx", "w3m", "links2"})
# Longer URLs are refused: no real page needs one, and browsers and servers cut them anyway.
MAX_URL_LENGTH = 8192


class CannotOpen(Exception):
    """Why a URL was not opened, in words for the learner."""


class BadUrl(ValueError):
    """A URL mlroad will not fetch, with the reason in words for the learner."""


def is_openable(url: str | None) -> bool:
    """True only for absolute http and https URLs with a host (cheap: no httpx)."""
    if not url:
        return False
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def url_problem(url: str) -> str | None:
    """Why `url` cannot be fetched over http(s), or None when httpx can request it."""
    if len(url) > MAX_URL_LENGTH:
        return f"longer than {MAX_URL_LENGTH:,} characters"
    if url != url.strip() or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        return "the URL contains spaces or control characters"
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        return f"malformed URL: {error}"
    if parts.scheme.lower() not in ("http", "https"):
        return f"not an http(s) URL (scheme {parts.scheme!r})" if parts.scheme else "no scheme"
    if not parts.hostname:
        return "the URL has no host"
    if port == 0:
        return "port 0 cannot be requested"
    return _host_problem(parts.hostname) or _httpx_problem(url)


def _host_problem(host: str) -> str | None:
    """The resolver's own rule (labels of 1 to 63 characters), checked before it raises."""
    if ":" in host:  # an IPv6 literal; httpx checks it
        return None
    try:
        host.encode("idna")
    except UnicodeError as error:
        return f"invalid host name {host[:80]!r}: {error}"
    return None


def _httpx_problem(url: str) -> str | None:
    """Build the request httpx would send: its URL and Host header (IDNA) checks are the truth."""
    import httpx  # here: opening the app must not import httpx (it checks no URL at startup)

    try:
        httpx.Request("GET", url)
    except (httpx.InvalidURL, ValueError) as error:  # IDNAError is a UnicodeError
        return f"malformed URL: {error}"
    return None


def check_url(url: str) -> str:
    """The URL without surrounding space, or `BadUrl` saying why it cannot be fetched."""
    url = url.strip()
    problem = url_problem(url)
    if problem is not None:
        shown = url if len(url) <= 80 else url[:79] + "…"
        raise BadUrl(f"{shown!r}: {problem}")
    return url


def open_in_browser(url: str | None, command: str | None = None) -> None:
    """Open the URL in a graphical web browser (config.toml's `browser` command when given,
    e.g. "firefox %s"), or raise `CannotOpen` saying why not."""
    if not is_openable(url):
        raise CannotOpen(f"Refused to open {url!r}: only http and https links are opened")
    assert url is not None
    try:
        browser = webbrowser.get(command)
    except webbrowser.Error:
        if command:
            raise CannotOpen(
                f"The browser command {command!r} of config.toml was not found"
            ) from None
        raise CannotOpen("No web browser was found on this machine") from None
    if getattr(browser, "name", "") in CONSOLE_BROWSERS:
        raise CannotOpen("No graphical web browser was found (only a terminal one)")
    if not browser.open(url, new=2):
        raise CannotOpen("The web browser did not start")
