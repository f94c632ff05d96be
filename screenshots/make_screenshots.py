"""Regenerate the README's screenshots from the real app: `python screenshots/make_screenshots.py`.

The app runs headless at 120×40 over the bundled roadmap on a fixed day, with a fresh data
folder holding a learner three weeks in (topics done, one in progress, a note, a study log).
The News pane is filled by a real refresh from a feed served on 127.0.0.1 (the tests' arXiv
fixture), so nothing here touches the internet. Each view is saved as an SVG beside this script.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SIZE = (120, 40)
TODAY = date(2026, 11, 25)
START = date(2026, 11, 2)
# (file name, keys pressed once the app has started and fetched the news)
SHOTS = [
    ("roadmap", ["1", "down", "down", "down"]),
    ("today", ["2"]),
    ("resources", ["3"]),
    ("news", ["4", "down"]),
    ("stats", ["S"]),
    ("help", ["question_mark"]),
]


def seed(home: Path, feed_url: str) -> None:
    """A learner three weeks into month 1, subscribed to one (local) feed."""
    from mlroad_tui.progress import TopicState
    from mlroad_tui.store import Store

    store, _ = Store.open(home / "mlroad.db")
    progress = store.progress
    for topic in ("linear-algebra", "calculus"):
        progress.set_topic_state(topic, TopicState.DONE)
    progress.set_topic_state("probability-statistics", TopicState.DOING)
    progress.save_note("probability-statistics", "Bayes' rule: P(A|B) = P(B|A)·P(A) / P(B)")
    progress.mark_visited("khan-linear-algebra")
    progress.toggle_bookmark("python-ds-handbook")
    store.study.save_settings(start=START, weekly_hours=17.5)
    studied = ["linear-algebra"] * 8 + ["calculus"] * 6 + ["probability-statistics"] * 9
    for n, topic in enumerate(studied[: (TODAY - START).days]):
        if n % 7 != 6:  # a rest day a week
            store.study.log_session(topic, START + timedelta(days=n), 90 + 30 * (n % 3))
    store.feeds.seed_defaults([])  # no real feeds: the screenshots must not touch the internet
    store.feeds.add(feed_url, "arXiv cs.LG (local copy)")
    store.close()


async def shoot(name: str, keys: list[str]) -> Path:
    from mlroad_tui import config
    from mlroad_tui.ui.app import MlroadApp

    noon = datetime(TODAY.year, TODAY.month, TODAY.day, 12, tzinfo=UTC)
    app = MlroadApp(curriculum_path=config.curriculum_path(), today=TODAY, clock=lambda: noon)
    async with app.run_test(size=SIZE) as pilot:
        if name == "roadmap":  # the first shot fetches the news once for all the others
            await pilot.press("4", "r")
            await app.workers.wait_for_complete()
            await app.workers.wait_for_complete()
        await pilot.press(*keys)
        await pilot.pause(0.3)
        return Path(app.save_screenshot(filename=f"{name}.svg", path=str(HERE)))


def main() -> None:
    sys.path.insert(0, str(REPO))
    from tests.feedserver import fixture, serving

    with tempfile.TemporaryDirectory() as home, serving() as server:
        os.environ["MLROAD_HOME"] = home
        os.environ.pop("MLROAD_CURRICULUM", None)
        seed(Path(home), server.add("/cs.LG", fixture("arxiv_cs_lg.xml")))
        for name, keys in SHOTS:
            print(asyncio.run(shoot(name, keys)).relative_to(REPO))


if __name__ == "__main__":
    main()
