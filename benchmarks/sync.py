"""Windows in sync: how soon an open dashboard shows a commit made by another process, and
what watching for commits costs while idle.

Two real dashboards run in pseudo-terminals (80×24) on one database, the second one's sync
check switched off as the anchor. A separate process commits a topic state at random moments;
the clock stops when the first dashboard's screen shows it (its bytes on the terminal). Then
both sit idle for a while and their CPU seconds (from /proc) are compared.

    python benchmarks/sync.py [--commits 20] [--idle 60]
"""

from __future__ import annotations

import argparse
import os
import pty
import random
import select
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ANCHOR = (
    "import mlroad_tui.ui.sync as s; s.CHECK_EVERY = 3600.0; "
    "from mlroad_tui.cli import main; main([])"
)
COMMIT = (
    "import sys; from pathlib import Path; from mlroad_tui.store import Store; "
    "from mlroad_tui.progress import TopicState; s, _ = Store.open(Path(sys.argv[1])); "
    "s.progress.set_topic_state('linear-algebra', TopicState(sys.argv[2])); s.close()"
)


def spawn(code: str | None, home: Path) -> tuple[int, int]:
    pid, fd = pty.fork()
    if pid == 0:
        os.environ.update(MLROAD_HOME=str(home), COLUMNS="80", LINES="24", TERM="xterm-256color")
        args = ["-c", code] if code else [str(ROOT / ".venv" / "bin" / "mlroad")]
        os.execv(sys.executable, [sys.executable, *args])
    import fcntl
    import struct
    import termios

    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    return pid, fd


def read_until(fd: int, needle: bytes, timeout: float) -> float | None:
    """Seconds until `needle` appears in what the program writes, or None."""
    start, seen = time.monotonic(), b""
    while time.monotonic() - start < timeout:
        ready, _, _ = select.select([fd], [], [], 0.01)
        if ready:
            seen += os.read(fd, 65536)
            if needle in seen:
                return time.monotonic() - start
    return None


def drain(fd: int, seconds: float) -> None:
    read_until(fd, b"\0never\0", seconds)


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--commits", type=int, default=20)
    parser.add_argument("--idle", type=float, default=60)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp())
    db = home / "mlroad.db"
    # a plan, so no first-run questions stand before the Roadmap
    mlroad = [sys.executable, str(ROOT / ".venv" / "bin" / "mlroad")]
    env = {**os.environ, "MLROAD_HOME": str(home)}
    subprocess.run([*mlroad, "plan", "set", "--hours", "15"], env=env, check=True)
    watched, watched_fd = spawn(None, home)
    anchor, anchor_fd = spawn(ANCHOR, home)
    drain(watched_fd, 5)
    drain(anchor_fd, 1)
    delays = []
    for n in range(args.commits):
        state = ("done", "doing")[n % 2]
        glyph = ("●" if state == "done" else "◐").encode()
        drain(watched_fd, 0.3 + random.random() * 0.6)  # a random phase of the check
        subprocess.run([sys.executable, "-c", COMMIT, str(db), state], check=True)
        delay = read_until(watched_fd, glyph, 5)
        delays.append(delay if delay is not None else float("inf"))
        drain(anchor_fd, 0)
    median, worst = statistics.median(delays) * 1000, max(delays) * 1000
    print(f"commit → redraw, {args.commits} commits: median {median:.0f} ms, max {worst:.0f} ms")
    drain(watched_fd, 1)
    before = cpu_seconds(watched), cpu_seconds(anchor)
    end = time.monotonic() + args.idle
    while time.monotonic() < end:
        drain(watched_fd, 0.5)
        drain(anchor_fd, 0.5)
    after = cpu_seconds(watched), cpu_seconds(anchor)
    per_minute = [(a - b) * 60 / args.idle for a, b in zip(after, before, strict=True)]
    print(
        f"idle CPU: {per_minute[0]:.3f} s/min with the sync check, "
        f"{per_minute[1]:.3f} s/min without (anchor)"
    )
    for pid in (watched, anchor):
        os.kill(pid, 15)


if __name__ == "__main__":
    main()
