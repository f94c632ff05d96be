"""The store as it fills: opening it, `mlroad news --json` and, in the dashboard, pressing `4`
until News is listed (the screen settled), with 1,000 and 100,000 stored news items (200 feeds
of 500, the retention limit), and the database's size per item.

The 1k database is the anchor: runs alternate between the two sizes, so a busy machine slows
both alike, and the targets are ratios to it (issue 15: `news --json` at 100k ≤ 1.2× its time at
1k; opening must not grow with the file; News listed ≤ 150 ms after `4` at 100k) plus ≤ 2 KB
of database per item.

    python benchmarks/store.py [--runs 9]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from mlroad_tui.feeds.model import NewItem
from mlroad_tui.store import Store

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from startup import _type, returning_user  # noqa: E402

BIN = Path(sys.executable).parent
PER_FEED = 500
WORDS = [
    "model",
    "training",
    "data",
    "gradient",
    "attention",
    "transformer",
    "dataset",
    "paper",
    "result",
]


def fill(home: Path, items: int, seed: int = 15) -> Path:
    """A database in `home` with `items` stored news items, like a year of busy feeds."""
    rng = random.Random(seed)
    home.mkdir(parents=True)
    path = home / "mlroad.db"
    store, _ = Store.open(path)
    for f in range(max(1, items // PER_FEED)):
        feed = store.feeds.add(f"https://feed{f}.example.org/rss.xml", f"Feed {f}")
        batch = [
            NewItem(
                key=f"https://feed{f}.example.org/post/{n}",
                link=f"https://feed{f}.example.org/post/{n}",
                title=" ".join(rng.choices(WORDS, k=9)).capitalize(),
                author="A. Writer",
                summary=" ".join(rng.choices(WORDS, k=60)),
                tags=tuple(rng.sample(WORDS, 3)),
                published_at=f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}T08:00:00+00:00",
            )
            for n in range(min(PER_FEED, items))
        ]
        store.feeds.save_items(feed.id, batch)
    store.close()
    return path


def timed_ms(step, size: int) -> float:
    started = time.perf_counter()
    step(size)
    return (time.perf_counter() - started) * 1000


def open_close(path: Path) -> None:
    store, _ = Store.open(path)
    store.close()


def news_json(home: Path) -> None:
    env = dict(os.environ, MLROAD_HOME=str(home))
    subprocess.run(
        [str(BIN / "mlroad"), "news", "--json"], env=env, check=True, capture_output=True
    )


def news_pane(homes: dict[int, Path], runs: int) -> None:
    """`4` (News), then `1` (Roadmap), `runs` times per launch, alternating the sizes; a
    launch first waits 3 s, as the News pane loads its items in the background at launch."""
    times: dict[int, list[float]] = {size: [] for size in homes}
    for _ in range(3):
        for size, home in homes.items():
            env = dict(os.environ, MLROAD_HOME=str(home), TERM="xterm-256color")
            env.pop("MLROAD_CURRICULUM", None)
            returning_user(env)
            samples, _ = _type(
                [str(BIN / "mlroad")], "◀ now".encode(), env, (), [b"4", b"1"] * runs, pause=3
            )
            times[size] += samples[::2]  # the `4`s
    small, big = (statistics.median(times[size]) * 1000 for size in homes)
    print(
        f"{'News listed after 4':22} 1k {small:7.1f} ms   100k {big:7.1f} ms   "
        f"ratio {big / small:5.2f}×  (target ≤ 150 ms at 100k; medians of {3 * runs}, "
        "3 launches each, alternated)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9)
    runs = parser.parse_args().runs
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as tmp:
        homes = {size: Path(tmp) / f"home{size}" for size in (1_000, 100_000)}
        paths = {size: fill(home, size) for size, home in homes.items()}
        steps = {
            "Store.open + close": lambda size: open_close(paths[size]),
            "mlroad news --json": lambda size: news_json(homes[size]),
        }
        for label, step in steps.items():
            times: dict[int, list[float]] = {size: [] for size in homes}
            for size in homes:  # warm caches once
                step(size)
            for _ in range(runs):
                for size in homes:
                    times[size].append(timed_ms(step, size))
            small, big = (statistics.median(times[size]) for size in homes)
            print(
                f"{label:22} 1k {small:7.1f} ms   100k {big:7.1f} ms   "
                f"ratio {big / small:5.2f}×  (target ≤ 1.2×; medians of {runs}, alternated)"
            )
        # Opened only now: while a store is open its WAL file exists, and opening then checks
        # the whole file (as after an unclean exit).
        for size, path in paths.items():
            store, _ = Store.open(path)
            counts = statistics.median(
                timed_ms(lambda _, s=store: s.feeds.feed_statuses(), size) for _ in range(runs)
            )
            store.close()
            print(
                f"feed_statuses at {size:>7,} items: {counts:7.1f} ms (now once per change of "
                "the items, not per search keystroke)"
            )
        for size, path in paths.items():
            print(f"database at {size:>7,} items: {path.stat().st_size / size:7.0f} bytes per item")
        news_pane(homes, runs)


if __name__ == "__main__":
    main()
