"""What a link check produces and what it is given: plain values, no httpx.

Kept apart from the engine so the store and the UI can use results without importing httpx.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from mlroad_tui import __version__


class Verdict(StrEnum):
    OK = "ok"
    REDIRECTED = "redirected"
    BROKEN = "broken"
    ERROR = "error"
    TIMEOUT = "timeout"
    UNREACHABLE = "unreachable"
    BLOCKED = "blocked"
    INVALID = "invalid"

    @property
    def dead(self) -> bool:
        """The link itself is wrong: gone (404/410) or no URL at all. Only these are "dead";
        a link that could not be reached (offline, timeout, an error) is not verified."""
        return self in (Verdict.BROKEN, Verdict.INVALID)

    @property
    def verified(self) -> bool:
        """The check reached the site and got an answer about the page."""
        return self in (Verdict.OK, Verdict.REDIRECTED, Verdict.BROKEN, Verdict.INVALID)

    @property
    def failing(self) -> bool:
        """True for verdicts that make `mlroad links check` exit 2 (the link needs a fix)."""
        return self not in (Verdict.OK, Verdict.REDIRECTED, Verdict.BLOCKED)


@dataclass(frozen=True)
class LinkResult:
    """What one check of one URL found; `final_url` is where redirects ended."""

    url: str
    verdict: Verdict
    status_code: int | None
    final_url: str | None
    permanent: bool
    checked_at: datetime
    elapsed_ms: float
    error: str | None = None

    @property
    def suggestion(self) -> str | None:
        """The URL to use instead, when the page moved permanently."""
        return self.final_url if self.verdict is Verdict.REDIRECTED else None

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping (the shape of `mlroad links check --json`)."""
        return {
            "url": self.url,
            "verdict": self.verdict.value,
            "status_code": self.status_code,
            "final_url": self.final_url,
            "permanent": self.permanent,
            "checked_at": self.checked_at.isoformat(timespec="seconds"),
            "elapsed_ms": round(self.elapsed_ms, 1),
            "error": self.error,
        }


def default_user_agent() -> str:
    return f"mlroad/{__version__} (+link checker)"


@dataclass(frozen=True)
class CheckOptions:
    """Limits of one run. `per_host` counts requests in flight to one host name (any port or
    scheme). `timeout` bounds each URL's time on the wire, all hops and retries together;
    waiting for a free slot, backoff and Retry-After pauses do not count. A retry waits
    `backoff`, then twice that; a 429 pauses its host for Retry-After, at most
    `retry_after_cap` seconds."""

    concurrency: int = 64
    per_host: int = 4
    timeout: float = 10.0
    max_retries: int = 2
    backoff: float = 0.5
    retry_after_cap: float = 60.0
    user_agent: str = field(default_factory=default_user_agent)

    def __post_init__(self) -> None:
        if self.concurrency < 1 or self.per_host < 1:
            raise ValueError("concurrency and per_host must be at least 1")
        if self.timeout <= 0:
            raise ValueError("timeout must be positive")
        if self.max_retries < 0 or self.backoff < 0 or self.retry_after_cap < 0:
            raise ValueError("max_retries, backoff and retry_after_cap cannot be negative")
