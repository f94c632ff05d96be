"""One link check as the TUI runs it: every verdict stored as it arrives, progress reported.

Storing each result at once means quitting (or a crash) mid-check keeps what was learned.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from mlroad_tui.links.model import CheckOptions, LinkResult, Verdict


@dataclass
class LinkRun:
    """A check in progress: what has come back so far."""

    total: int
    results: list[LinkResult] = field(default_factory=list)
    finished: bool = False

    @property
    def done(self) -> int:
        return len(self.results)

    @property
    def offline(self) -> bool:
        """Nothing could be reached at all: most likely this machine is offline."""
        return self.done > 1 and all(r.verdict is Verdict.UNREACHABLE for r in self.results)

    @property
    def severity(self) -> Literal["information", "warning"]:
        return "warning" if any(r.verdict.dead for r in self.results) else "information"

    def merged(self, known: Mapping[str, LinkResult]) -> dict[str, LinkResult]:
        """The known results with this run's newest verdict on top."""
        return {**known, **({self.results[-1].url: self.results[-1]} if self.results else {})}

    def summary(self) -> str:
        if self.offline:
            return (
                f"No link could be reached ({self.total} tried): this machine seems to be "
                "offline. Check again when it is online."
            )
        counts = Counter(r.verdict for r in self.results)
        parts = ", ".join(f"{n} {verdict.value}" for verdict, n in counts.most_common())
        return f"{self.done} links: {parts or 'none'}"


async def check_links(
    save: Callable[[Sequence[LinkResult]], None],
    urls: Sequence[str],
    report: Callable[[LinkRun], None],
    options: CheckOptions | None = None,
) -> LinkRun:
    """Check `urls`, saving each verdict (e.g. with the store's `links.save`) and reporting
    the run after each one."""
    from mlroad_tui.links.checker import check_urls

    run = LinkRun(total=len(urls))
    report(run)

    def arrived(result: LinkResult) -> None:
        save([result])
        run.results.append(result)
        report(run)

    await check_urls(urls, options or CheckOptions(), arrived)
    run.finished = True
    report(run)
    return run
