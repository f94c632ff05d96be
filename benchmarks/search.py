"""Search and News at scale: 100,000 stored news items and the roadmap 20× the bundled one.

    .venv/bin/python benchmarks/search.py [--items 100000] [--runs 7] [--tree PATH]

Builds a database of `--items` items (200 feeds of arXiv-like items, one in five with an HTML
article of ~4 KB) through the store's own write path, then measures, each against an anchor
in the same run:

1. Size: the database per 10,000 items, with and without article text, by table; and after
   two days' refreshes that list only new items (retention keeps the newest 500 per feed, so
   the item count and the file stay bounded).
2. CLI, wall time of a process (median of `--runs`): `mlroad search QUERY` (< 0.3 s) and
   `mlroad news --json --limit 30` (< 0.3 s); anchor: a Python process that only imports
   sqlite3 and counts the items.
3. TUI, in a real pseudo-terminal (120×40), key → screen settled: the last byte before 100 ms
   of silence, once the answer is on screen (the News status line's item count, the search
   screen's hit count), as benchmarks/startup.py times keys: opening News (< 150 ms), News
   j/k (the detail follows the cursor; < 50 ms), a keystroke in the News `/` filter, and in
   the search screen (ctrl+f; p90 < 50 ms); anchor: Roadmap j/k in the same process.

`--tree` measures another checkout (e.g. main before the index) with this interpreter: its
code is imported first, so "before" and "after" run the same script; what the older code
lacks (the search screen, `mlroad search`) is reported as absent.
"""

from __future__ import annotations

import argparse
import dataclasses
import fcntl
import os
import pty
import random
import resource
import sqlite3
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from big_curriculum import write as write_big  # noqa: E402
from startup import BIN, ESCAPES, _read_until_quiet, returning_user  # noqa: E402

VOCABULARY = (
    "we propose a novel method for learning representations with transformers attention "
    "convolutional networks gradient descent training data benchmark results show that our "
    "approach outperforms baselines on image classification language modelling reinforcement "
    "learning tasks while reducing compute memory and improving robustness generalisation "
    "diffusion models schrödinger bridges équivariant graphs sparse mixture experts"
)
COMMON = VOCABULARY.split()
SYLLABLES = ("ka", "lo", "mi", "ne", "ru", "ta", "vo", "zen", "dri", "pla", "sto", "qui")
# A long tail of rarer words (as in real text, most words are rare): 1,728 of them.
RARE = [a + b + c for a in SYLLABLES for b in SYLLABLES for c in SYLLABLES]
FEEDS = 200
SEARCHES = ("attention", "transf diff", "kalozen", "schrodinger graph")
TYPED = ("attention", "kalozen", "diffusion")


def item_text(rng: random.Random, words: int) -> str:
    """Four words in five from the common vocabulary, the rest from the rare tail."""
    return " ".join(
        rng.choice(COMMON) if rng.random() < 0.8 else rng.choice(RARE) for _ in range(words)
    )


def article_html(rng: random.Random) -> str:
    paragraphs = "".join(
        f"<p>{item_text(rng, 60)} <a href='https://example.org/{rng.randint(1, 9999)}'>"
        f"{item_text(rng, 3)}</a> <b>{item_text(rng, 4)}</b>.</p>"
        for _ in range(8)
    )
    return f"<h2>{item_text(rng, 5)}</h2>{paragraphs}<ul><li>one</li><li>two</li></ul>"


def fill(db: Path, items: int, day: int = 0, articles: bool = True) -> float:
    """Store `items` items over FEEDS feeds, as refreshes would; returns the seconds it took."""
    from mlroad_tui.store import Store
    from mlroad_tui.store.feeds import NewItem

    has_content = articles and "content" in {f.name for f in dataclasses.fields(NewItem)}
    rng = random.Random(day)
    store, _ = Store.open(db)
    store.feeds.seed_defaults(())
    start = time.perf_counter()
    per_feed = items // FEEDS
    for f in range(FEEDS):
        feed_id = store.feeds.add(f"https://feeds{f}.example/rss").id if day == 0 else f + 1
        batch = []
        for n in range(per_feed):
            extra = {"content": article_html(rng)} if has_content and n % 5 == 0 else {}
            published = f"{2020 + day}-{1 + n % 12:02d}-{1 + n % 28:02d}T00:00:00+00:00"
            batch.append(
                NewItem(
                    key=f"guid:{day}-{f}-{n}",
                    link=f"https://feeds{f}.example/{day}/{n}",
                    title=item_text(rng, rng.randint(6, 12)).capitalize(),
                    author=f"Author {rng.randint(1, 999)}",
                    summary=item_text(rng, rng.randint(120, 200)),
                    tags=("cs.LG",),
                    published_at=published,
                    **extra,
                )
            )
        store.feeds.save_items(feed_id, batch, title=f"Feed {f}")
    if hasattr(store.feeds, "tidy_index"):  # as a refresh does last (older trees: in save)
        store.feeds.tidy_index()
    seconds = time.perf_counter() - start
    store.core.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return seconds


def size_mib(db: Path) -> float:
    return sum(p.stat().st_size for p in db.parent.glob(db.name + "*")) / 2**20


def median_ms(cmd: list[str], env: dict[str, str], runs: int) -> str:
    """Median wall and CPU (user + system) time of a process; on a shared machine the CPU
    time is the steadier figure."""
    walls, cpus = [], []
    for _ in range(runs + 1):  # the first run warms the disk cache
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(cmd, env=env, capture_output=True, check=False, cwd=env["HOME"])
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        if done.returncode != 0:
            return "  absent"
    wall, cpu = statistics.median(walls[1:]) * 1000, statistics.median(cpus[1:]) * 1000
    return f"{wall:7.0f} ms wall, {cpu:5.0f} ms CPU"


def cli(env: dict[str, str], db: Path, runs: int) -> None:
    python = str(BIN / "python")
    mlroad = [python, "-c", "import sys; from mlroad_tui.cli import main; sys.exit(main())"]
    anchor = [
        python,
        "-c",
        f"import sqlite3; sqlite3.connect({str(db)!r}).execute('SELECT count(*) FROM items')",
    ]
    print(f"\nCLI (median of {runs} processes)")
    print(f"  anchor: python + sqlite3 count          {median_ms(anchor, env, runs)}")
    news = median_ms([*mlroad, "news", "--json", "--limit", "30"], env, runs)
    print(f"  mlroad news --json --limit 30           {news}   (target < 300 ms)")
    for query in SEARCHES:
        took = median_ms([*mlroad, "search", *query.split()], env, runs)
        print(f"  mlroad search {query:<24}  {took}   (target < 300 ms)")


def _spawn(env: dict[str, str]) -> tuple[int, int]:
    """Start mlroad in a pty (120×40)."""
    pid, fd = pty.fork()
    if pid == 0:
        python = str(BIN / "python")
        code = "import sys; from mlroad_tui.cli import main; sys.exit(main())"
        os.chdir(env["HOME"])  # not a checkout: `python -c` imports from the working directory
        os.execvpe(python, [python, "-c", code], env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    return pid, fd


def _settle(fd: int, key: bytes, *markers: bytes, first: float = 2.0, limit: float = 30) -> float:
    """Press `key`; seconds until the screen settles (the last byte before 100 ms of
    silence) showing one of `markers`: what the user waits for, not only the first paint."""
    sent = time.perf_counter()
    os.write(fd, key)
    seen, last = b"", sent
    while not seen or not any(m in ESCAPES.sub(b"", seen) for m in markers or (b"",)):
        # Each read ends after 100 ms of silence; `last` is its last byte, not that end (which
        # would add the 100 ms of waiting to every figure).
        output, last = _read_until_quiet(fd, quiet=0.1, limit=first, first=first)
        if not output or time.perf_counter() - sent > limit:  # (a cursor blinks on and on)
            text = ESCAPES.sub(b"", seen)[-300:]
            raise RuntimeError(f"never saw any of {markers!r}; output: {text!r}")
        seen += output
    return last - sent


def _keys(fd: int, words: tuple[str, ...], markers: tuple[bytes, ...]) -> list[float]:
    """Type each word letter by letter, then erase it: each key until its screen settles
    showing one of `markers` (the count of hits or items, redrawn with the answer)."""
    return [
        _settle(fd, bytes([key]), *markers)
        for word in words
        for key in [*word.encode(), *[0x7F] * len(word)]
    ]


def _summary(label: str, samples: list[float], target: str) -> None:
    samples = sorted(samples)
    p90 = samples[int(len(samples) * 0.9)]
    print(
        f"  {label:<34} median {statistics.median(samples) * 1000:6.1f} ms, "
        f"p90 {p90 * 1000:6.1f} ms, max {samples[-1] * 1000:6.1f} ms ({len(samples)} keys){target}"
    )


# What each step's answer shows: the News status line's count, the search status.
NEWS_LISTED = (" items ·".encode(),)
SEARCH_ANSWERED = (b"hit(s)", b"hits shown", b"Nothing matches", b"Type words")


def tui(env: dict[str, str], has_search: bool, runs: int) -> None:
    print("\nTUI in a pty (120×40): key → screen settled (last byte before 100 ms of silence)")
    opens: list[float] = []
    anchor: list[float] = []
    moves: list[float] = []
    typed: dict[str, list[float]] = {"filter": [], "search": []}
    returning_user(env)  # a first launch would ask the welcome questions, which take the keys
    for _ in range(runs):
        pid, fd = _spawn(env)
        try:
            _settle(fd, b"", b"Advance", first=30, limit=60)  # the Roadmap's Footer keys
            _read_until_quiet(fd, quiet=1.0, limit=20)  # the first screen, and what follows
            for key in (b"j", b"k") * 4:  # anchor: the Roadmap cursor moves
                anchor.append(_settle(fd, key))
            opens.append(_settle(fd, b"4", *NEWS_LISTED))
            _read_until_quiet(fd, quiet=0.5)
            for key in (b"j", b"k") * 4:  # the detail follows the cursor
                moves.append(_settle(fd, key))
            if len(opens) == runs:  # the keystrokes: once, in the last launch
                _settle(fd, b"/")
                typed["filter"] = _keys(fd, TYPED, NEWS_LISTED)
                _settle(fd, b"\x1b")
                if has_search:
                    _settle(fd, b"\x06", b"find in topics")  # ctrl+f
                    _read_until_quiet(fd, quiet=0.3)
                    typed["search"] = _keys(fd, TYPED, SEARCH_ANSWERED)
        finally:  # a failed step must not leave mlroad running
            os.kill(pid, 15)
            os.wait4(pid, 0)
            os.close(fd)
    _summary("anchor: Roadmap cursor j/k", anchor, "")
    print(
        f"  open News (4 → list settled)       median {statistics.median(opens) * 1000:6.1f} ms, "
        f"min {min(opens) * 1000:6.1f}, max {max(opens) * 1000:6.1f} ms ({runs} launches)"
        "  (target < 150 ms)"
    )
    _summary("News cursor j/k", moves, "  (target < 50 ms)")
    _summary("News `/` filter keystroke", typed["filter"], "")
    if typed["search"]:
        _summary("search screen keystroke", typed["search"], "  (target p90 < 50 ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--tree", type=Path, default=HERE.parent, help="the checkout to measure")
    parser.add_argument(
        "--keep", type=Path, help="build the data in this folder and keep it; reused if there"
    )
    parser.add_argument("--only", choices=("size", "cli", "tui"), action="append")
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # progress shows while it runs
    tree = args.tree.resolve()
    sys.path.insert(0, str(tree))
    has_search = (tree / "mlroad_tui" / "cli" / "search.py").exists()
    steps = set(args.only or ("size", "cli", "tui"))
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep.resolve() if args.keep else Path(tmp)
        root.mkdir(parents=True, exist_ok=True)
        home = root / "home"
        db = home / "mlroad.db"
        big = write_big(root / "big.toml")
        env = dict(
            os.environ,
            MLROAD_HOME=str(home),
            MLROAD_CURRICULUM=str(big),
            PYTHONPATH=str(tree),
            HOME=str(root),
            TERM="xterm-256color",
        )
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        print(f"measuring {tree} ({subprocess.getoutput(f'git -C {tree} log -1 --format=%h')})")
        print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        if not db.exists():
            build(db, args.items)
        elif "size" in steps:
            print(f"\nreusing {db}: {size_mib(db):.1f} MiB")
        if "cli" in steps:
            cli(env, db, args.runs)
        if "tui" in steps:
            tui(env, has_search, max(3, args.runs // 2))
        print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def build(db: Path, items: int) -> None:
    """Store the items, then two days' refreshes of as many new ones, reporting the size;
    and the size per item of the same items without article text."""
    seconds = fill(db, items)
    print(f"\nstored {items:,} items in {seconds:.1f} s ({items / seconds:,.0f}/s)")
    print(f"  with article text (1 in 5 items):  {_size(db, items)}")
    _breakdown(db, items)
    for day in (1, 2):  # each day every feed lists only new items; retention keeps 500 each
        fill(db, items, day=day)
        print(f"  after refresh {day} listing {items:,} new items: {_size(db, items)}")
    bare = db.with_name("bare") / "mlroad.db"
    fill(bare, min(items, 10_000), articles=False)
    print(f"  without article text:               {_size(bare, min(items, 10_000))}")
    _breakdown(bare, min(items, 10_000))


def _size(db: Path, items: int) -> str:
    """The file's size per 10,000 items and per item, and how much of it is free pages."""
    conn = sqlite3.connect(db)
    count = conn.execute("SELECT count(*) FROM items").fetchone()[0]
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    free = conn.execute("PRAGMA freelist_count").fetchone()[0] * page / 2**20
    conn.close()
    size = size_mib(db)
    return (
        f"{count:,} items, {size:.1f} MiB ({free:.1f} MiB free pages), "
        f"{size / (count / 10_000):.1f} MiB per 10,000 items, "
        f"{(size - free) * 2**20 / count:,.0f} B/item in use"
    )


def _breakdown(db: Path, items: int) -> None:
    """Bytes per item of each table and index (SQLite's dbstat)."""
    conn = sqlite3.connect(db)
    rows = conn.execute(
        "SELECT name, sum(pgsize) AS size FROM dbstat GROUP BY name ORDER BY size DESC"
    ).fetchall()
    conn.close()
    parts = [f"{name} {size / items:,.0f}" for name, size in rows if size / items >= 5]
    print(f"    B/item: {', '.join(parts)}")


if __name__ == "__main__":
    main()
