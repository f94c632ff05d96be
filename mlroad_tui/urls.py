"""URLs from outside (roadmaps, feeds, OPML, redirects): validated once, opened safely.

`url_problem` is the one check every entry point uses (`feeds add`, OPML import, the roadmap
validator, the link checker for each redirect): it accepts only what httpx can actually
request, so a bad URL is refused where it enters instead of failing deep inside a run.
"""

from __future__ import annotations

import re
import webbrowser
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    import httpx

# Browsers that run inside the terminal: launching one would fight the TUI for the screen.
CONSOLE_BROWSERS = frozenset({"www-browser", "links", "elinks", "lynx", "w3m", "links2"})
# Longer URLs are refused: no real page needs one, and browsers and servers cut them anyway.
MAX_URL_LENGTH = 8192
# What str.isspace() calls space (re's \s is the same Unicode table), and control characters.
_SPACE_OR_CONTROL = re.compile(r"[\s\x00-\x1f\x7f]")
# URLs that pass every check of `parse_url`, known by one compiled match: http(s), a host name
# of at most 63 characters whose labels are letters and digits joined by single hyphens (so no
# `xn--` punycode), the last starting with a letter (so no IP address), no user or port, then
# printable ASCII only. A roadmap's 12,500 such URLs take ~10 ms this way and ~230 ms through
# urlsplit, IDNA and httpx; anything else still goes that way.
_PLAIN_URL = re.compile(
    r"https?://(?=[A-Za-z0-9.-]{1,63}(?:[/?#]|\Z))"
    r"(?:[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*\.)*[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*"
    r"(?:[/?#][!-~]*)?\Z"
)


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
    if len(url) <= MAX_URL_LENGTH and _PLAIN_URL.match(url):
        return None
    try:
        parse_url(url)
    except BadUrl as problem:
        return str(problem)
    return None


def parse_url(url: str) -> httpx.URL:
    """The URL as httpx will request it, or `BadUrl` saying why it cannot be fetched."""
    if len(url) > MAX_URL_LENGTH:
        raise BadUrl(f"longer than {MAX_URL_LENGTH:,} characters")
    if _SPACE_OR_CONTROL.search(url):
        raise BadUrl("the URL contains spaces or control characters")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise BadUrl(f"malformed URL: {error}") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise BadUrl(
            f"not an http(s) URL (scheme {parts.scheme!r})" if parts.scheme else "no scheme"
        )
    if not parts.hostname:
        raise BadUrl("the URL has no host")
    if port == 0:
        raise BadUrl("port 0 cannot be requested")
    _check_host(parts.hostname)
    return _httpx_url(url)


def _check_host(host: str) -> None:
    """The resolver's own rule (labels of 1 to 63 characters), checked before it raises."""
    if ":" in host:  # an IPv6 literal; httpx checks it
        return
    try:
        host.encode("idna")
    except UnicodeError as error:
        raise BadUrl(f"invalid host name {host[:80]!r}: {error}") from None


def _httpx_url(url: str) -> httpx.URL:
    """httpx's own URL and host (IDNA) checks are the truth: what it parses, it can request."""
    import httpx  # here: opening the app must not import httpx (it checks no URL at startup)

    try:
        parsed = httpx.URL(url)
        parsed.host  # noqa: B018  # decodes an IDNA host, as httpx.Request does to send it
    except (httpx.InvalidURL, ValueError) as error:  # IDNAError is a UnicodeError
        raise BadUrl(f"malformed URL: {error}") from None
    return parsed


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
