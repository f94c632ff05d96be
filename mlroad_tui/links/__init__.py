"""Link health: an async checker that gives every URL exactly one verdict.

`check_urls(urls, options, on_result)` runs a check; `LinkResult`, `Verdict` and
`CheckOptions` are the values it deals in. Importing this package does not import httpx:
`check_urls` is loaded on first use, so the store and the first screen stay light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mlroad_tui.links.model import CheckOptions, LinkResult, Verdict, default_user_agent

if TYPE_CHECKING:
    from mlroad_tui.links.checker import check_urls

__all__ = ["CheckOptions", "LinkResult", "Verdict", "check_urls", "default_user_agent"]


def __getattr__(name: str) -> Any:
    if name == "check_urls":
        from mlroad_tui.links.checker import check_urls

        return check_urls
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
