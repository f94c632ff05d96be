"""The link checker's last verdict per URL, so fresh results are not fetched again."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from sqlite3 import Row

from mlroad_tui.links.model import LinkResult, Verdict
from mlroad_tui.store.core import StoreCore

COLUMNS = "url, verdict, status_code, final_url, permanent, checked_at, elapsed_ms, error"


def _result(row: Row) -> LinkResult:
    return LinkResult(
        url=row["url"],
        verdict=Verdict(row["verdict"]),
        status_code=row["status_code"],
        final_url=row["final_url"],
        permanent=bool(row["permanent"]),
        checked_at=datetime.fromisoformat(row["checked_at"]),
        elapsed_ms=row["elapsed_ms"] or 0.0,
        error=row["error"],
    )


class LinkResults:
    """One row per URL (many resources may share a URL): the newest check replaces the old."""

    def __init__(self, core: StoreCore) -> None:
        self._core = core

    def save(self, results: Iterable[LinkResult]) -> None:
        rows = [
            (
                r.url,
                r.verdict.value,
                r.status_code,
                r.final_url,
                int(r.permanent),
                r.checked_at.isoformat(timespec="seconds"),
                r.elapsed_ms,
                r.error,
            )
            for r in results
        ]
        with self._core.transaction() as conn:
            conn.executemany(
                f"INSERT OR REPLACE INTO link_results ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )

    def results(self) -> dict[str, LinkResult]:
        """Every stored result, keyed by URL."""
        rows = self._core.rows(f"SELECT {COLUMNS} FROM link_results")
        return {row["url"]: _result(row) for row in rows}

    def stale(self, urls: Iterable[str], max_age: timedelta, now: datetime) -> list[str]:
        """The URLs (in the given order, each once) never checked or checked before
        `now - max_age`: the ones a run must check."""
        checked = {
            row["url"]: datetime.fromisoformat(row["checked_at"])
            for row in self._core.rows("SELECT url, checked_at FROM link_results")
        }
        cutoff = now - max_age
        return [url for url in dict.fromkeys(urls) if url not in checked or checked[url] < cutoff]
