"""Search and News at scale: 100,000 stored news items and the roadmap 20× the bundled one.

    .venv/bin/python benchmarks/search.py [--items 100000] [--runs 7] [--tree PATH]

Builds a database of `--items` items (200 feeds of arXiv-like items, one in five with an HTML
article of ~4 KB) through the store's own write path, then measures, each against an anchor
in the same run:

1. Size: the database per 10,000 items, and after a day's refresh that lists only new items
   (retention keeps the newest 500 per feed, so the item count and the file stay bounded).
2. CLI, wall time of a process (median of `--runs`): `mlroad search QUERY` (< 0.3 s) and
   `mlroad news --json --limit 30` (< 0.3 s); anchor: a Python process that only imports
   sqlite3 and counts the items.
3. TUI, in a real pseudo-terminal (120×40), key → last byte of the redraw it causes: opening
   News (< 150 ms), a keystroke in the News `/` filter, and in the search screen (ctrl+f;
   p90 < 50 ms); anchor: a keystroke that moves the Roadmap cursor.

`--tree` measures another checkout (e.g. main before the index) with this interpreter: its
code is imported first, so "before" and "after" run the same script; what the older code
lacks (the search screen, `mlroad search`) is reported as absent.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import pty
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from big_curriculum import write as write_big  # noqa: E402
from startup import BIN, ESCAPES, _read_until_quiet  # noqa: E402

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


def fill(db: Path, items: int, day: int = 0) -> float:
    """Store `items` items over FEEDS feeds, as refreshes would; returns the seconds it took."""
    from mlroad_tui.store import Store
    from mlroad_tui.store.feeds import NewItem

    has_content = "content" in {f.name for f in dataclasses.fields(NewItem)}
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


def _spawn(env: dict[str, str]) -> int:
    import fcntl
    import struct
    import termios

    pid, fd = pty.fork()
    if pid == 0:
        python = str(BIN / "python")
        code = "import sys; from mlroad_tui.cli import main; sys.exit(main())"
        os.chdir(env["HOME"])  # not a checkout: `python -c` imports from the working directory
        os.execvpe(python, [python, "-c", code], env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    seen = b""
    while "◀ now".encode() not in ESCAPES.sub(b"", seen):
        seen += os.read(fd, 65536)
    _read_until_quiet(fd, quiet=1.0, limit=20)
    return pid, fd


def _until(fd: int, marker: bytes, limit: float = 10) -> float:
    """Seconds until `marker` shows in the output (escape codes removed)."""
    start, seen = time.perf_counter(), b""
    while time.perf_counter() - start < limit:
        seen += os.read(fd, 65536)
        if marker in ESCAPES.sub(b"", seen):
            return time.perf_counter() - start
    raise RuntimeError(f"never saw {marker!r}")


def _keys(fd: int, words: tuple[str, ...]) -> list[float]:
    """Type each word letter by letter, then erase it: key → last byte of its redraw."""
    samples = []
    for word in words:
        for key in [*word.encode(), *[0x7F] * len(word)]:
            sent = time.perf_counter()
            os.write(fd, bytes([key]))
            output, last = _read_until_quiet(fd)
            if output:
                samples.append(last - sent)
    return samples


def _summary(label: str, samples: list[float], target: str) -> None:
    samples.sort()
    p90 = samples[int(len(samples) * 0.9)]
    print(
        f"  {label:<34} median {statistics.median(samples) * 1000:6.1f} ms, "
        f"p90 {p90 * 1000:6.1f} ms, max {samples[-1] * 1000:6.1f} ms ({len(samples)} keys){target}"
    )


def tui(env: dict[str, str], has_search: bool, runs: int) -> None:
    print("\nTUI in a pty (120×40): key → last byte of the redraw")
    opens = []
    anchor: list[float] = []
    for _ in range(runs):
        pid, fd = _spawn(env)
        for key in (b"j", b"k") * 3:  # anchor: the Roadmap cursor moves
            sent = time.perf_counter()
            os.write(fd, key)
            output, last = _read_until_quiet(fd)
            if output:
                anchor.append(last - sent)
        sent = time.perf_counter()
        os.write(fd, b"4")
        _until(fd, b"all feeds")
        opens.append(time.perf_counter() - sent)
        _read_until_quiet(fd, quiet=0.5)
        if len(opens) == runs:
            os.write(fd, b"/")
            _read_until_quiet(fd, quiet=0.3)
            _summary("News `/` filter keystroke", _keys(fd, TYPED), "")
            os.write(fd, b"\x1b")
            _read_until_quiet(fd, quiet=0.3)
            if has_search:
                os.write(fd, b"\x06")  # ctrl+f
                _until(fd, b"find in topics")
                _read_until_quiet(fd, quiet=0.3)
                _summary("search screen keystroke", _keys(fd, TYPED), "  (target p90 < 50 ms)")
        os.kill(pid, 15)
        os.wait4(pid, 0)
        os.close(fd)
    _summary("anchor: Roadmap cursor key", anchor, "")
    opens.sort()
    print(
        f"  open News (4 → list shown)         median {statistics.median(opens) * 1000:6.1f} ms, "
        f"max {opens[-1] * 1000:6.1f} ms ({runs} launches)  (target < 150 ms)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--tree", type=Path, default=HERE.parent, help="the checkout to measure")
    args = parser.parse_args()
    tree = args.tree.resolve()
    sys.path.insert(0, str(tree))
    has_search = (tree / "mlroad_tui" / "cli" / "search.py").exists()
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        db = home / "mlroad.db"
        big = write_big(Path(tmp) / "big.toml")
        env = dict(
            os.environ,
            MLROAD_HOME=str(home),
            MLROAD_CURRICULUM=str(big),
            PYTHONPATH=str(tree),
            HOME=tmp,
            TERM="xterm-256color",
        )
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        print(f"measuring {tree} ({subprocess.getoutput(f'git -C {tree} log -1 --format=%h')})")
        seconds = fill(db, args.items)
        per_10k = size_mib(db) / (args.items / 10_000)
        print(f"\nstored {args.items:,} items in {seconds:.1f} s ({args.items / seconds:,.0f}/s)")
        print(f"  database: {size_mib(db):.1f} MiB, {per_10k:.1f} MiB per 10,000 items")
        fill(db, args.items, day=1)  # the next day: every feed lists only new items
        from mlroad_tui.store import Store

        store, _ = Store.open(db)
        count = store.core.rows("SELECT count(*) FROM items")[0][0]
        store.close()
        print(
            f"  after a refresh listing {args.items:,} new items (keep 500 per feed): "
            f"{count:,} items, {size_mib(db):.1f} MiB"
        )
        cli(env, db, args.runs)
        tui(env, has_search, max(3, args.runs // 2))


if __name__ == "__main__":
    main()
