"""Startup: time from launching `mlroad` to its first full screen, against a minimal Textual app.

Each program runs in a real pseudo-terminal (120×40); two clocks stop when the bytes it writes
contain the texts of its content (mlroad: the roadmap) and of its full first screen (the content
and the Footer's keys): a person sees the screen as ready only when it is full. Runs
alternate between the programs and the median is reported, with each process's peak RSS (from
wait4). Then the same for a roadmap 20× the bundled one, and, for both, the time from a
keystroke (Resources filter, Roadmap and Resources j/k, pane switch) to the end of the redraw
it causes, beside the minimal app redrawing a line on a key, and the peak RSS once every pane
was opened.
Last, a cold launch (no cached roadmap) of a roadmap 50× the bundled one. mlroad runs as a
returning user (its plan set), not under the first run's welcome questions.

    python benchmarks/startup.py [--runs 15] [--only startup|keys|cold]
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import re
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from big_curriculum import write as write_big  # noqa: E402

ESCAPES = re.compile(
    rb"\x1b(\[[0-9;?<>=$ ]*[A-Za-z~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-Za-z]|.)"
)
BIN = Path(sys.executable).parent


# What each program's screen holds when its content is drawn, and when it is full: the content
# plus the Footer's keys (mlroad's own, from the focused roadmap, and the app's Quit).
STAGES = {
    "baseline": {"content": [b"baseline ready"], "full": [b"baseline ready", b"Quit"]},
    "mlroad": {
        "content": ["◀ now".encode()],
        "full": ["◀ now".encode(), b"Advance", b"Quit"],
    },
}


def first_screen(
    cmd: list[str], stages: dict[str, list[bytes]], env: dict[str, str]
) -> tuple[dict[str, float], float]:
    """Seconds until each stage's texts are all on screen, and the process's peak RSS in MiB."""
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # the child: become the program
        os.execvpe(cmd[0], cmd, env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    seen = b""
    reached: dict[str, float] = {}
    deadline = start + 30
    while len(reached) < len(stages) and time.perf_counter() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        seen += chunk
        text = ESCAPES.sub(b"", seen)
        for stage, markers in stages.items():
            if stage not in reached and all(m in text for m in markers):
                reached[stage] = time.perf_counter() - start
    os.kill(pid, signal.SIGTERM)
    _, _, usage = os.wait4(pid, 0)
    os.close(fd)
    if len(reached) < len(stages):
        raise RuntimeError(f"{cmd} never showed all of {stages}; output: {seen[-400:]!r}")
    return reached, usage.ru_maxrss / 1024


def compare(
    runs: int, env: dict[str, str], label: str, target: float | None = None, cold: bool = False
) -> None:
    """`cold`: mlroad finds no cached roadmap (as after an edit or an upgrade), so it reads
    and validates the TOML on each launch."""
    programs = {
        "baseline": [str(BIN / "python"), str(HERE / "baseline_app.py")],
        "mlroad": [str(BIN / "mlroad")],
    }
    times: dict[str, dict[str, list[float]]] = {
        name: {"content": [], "full": []} for name in programs
    }
    peaks: dict[str, list[float]] = {name: [] for name in programs}
    for name, cmd in programs.items():  # warm the disk cache once each
        first_screen(cmd, STAGES[name], env)
    for _ in range(runs):
        for name, cmd in programs.items():
            if cold:
                shutil.rmtree(Path(env["MLROAD_HOME"]) / "cache", ignore_errors=True)
            reached, peak = first_screen(cmd, STAGES[name], env)
            for stage, seconds in reached.items():
                times[name][stage].append(seconds)
            peaks[name].append(peak)
    print(f"\n{label} ({runs} runs each, alternated, medians)")
    for name in programs:
        content, full = (statistics.median(times[name][s]) * 1000 for s in ("content", "full"))
        print(
            f"  {name:9s} content {content:6.0f} ms  full screen {full:6.0f} ms"
            f"  (full: min {min(times[name]['full']) * 1000:.0f},"
            f" max {max(times[name]['full']) * 1000:.0f})"
            f"  peak RSS {statistics.median(peaks[name]):5.1f} MiB"
        )
    goal = f"  (target ≤ {target:.2f}×)" if target else ""
    for stage in ("content", "full"):
        ours = statistics.median(times["mlroad"][stage])
        base = statistics.median(times["baseline"][stage])
        shown = goal if stage == "full" else ""
        print(f"  {stage:12s} ratio mlroad / baseline: {ours / base:.2f}×{shown}")


def _read_until_quiet(
    fd: int, quiet: float = 0.1, limit: float = 5.0, first: float | None = None
) -> tuple[bytes, float]:
    """Read output until the program has been silent for `quiet` s (for the first byte: up to
    `first` s, so a slow answer on a busy machine is timed, not dropped); return it and when
    it ended."""
    data, last = b"", time.perf_counter()
    deadline = last + limit
    while time.perf_counter() < deadline:
        ready, _, _ = select.select([fd], [], [], quiet if data or first is None else first)
        if not ready:
            break
        data += os.read(fd, 65536)
        last = time.perf_counter()
    return data, last


FILTER_WORDS = ("course", "topic", "host3")
# (label, keys typed first, the keys timed, target in ms): each timed key's screen is settled
# when the program has been silent for 100 ms after it; the time is to its last byte.
KEYSTROKES = (
    (
        "Resources filter keystroke",
        (b"3", b"/"),
        [bytes([k]) for w in FILTER_WORDS for k in [*w.encode(), *[0x7F] * len(w)]],
        16,
    ),
    ("Roadmap j/k", (), [b"j"] * 8 + [b"k"] * 8, 20),
    ("Resources j/k (the detail follows)", (b"3",), [b"j"] * 8 + [b"k"] * 8, 50),
    ("pane switch (2 3 4 1)", (), [b"2", b"3", b"4", b"1"] * 3, 50),
)


def _type(
    cmd: list[str],
    ready: bytes,
    env: dict[str, str],
    setup: tuple[bytes, ...],
    keys: list[bytes],
    pause: float = 0.0,
) -> tuple[list[float], float]:
    """Start `cmd` in a pty, wait for `ready`, type `setup`, wait `pause` s (for work a launch
    starts in the background), then time each key to the last byte of the redraw it causes;
    return those times and the process's peak RSS in MiB."""
    pid, fd = pty.fork()
    if pid == 0:
        os.execvpe(cmd[0], cmd, env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    seen = b""
    while ready not in ESCAPES.sub(b"", seen):
        seen += os.read(fd, 65536)
    _read_until_quiet(fd, quiet=0.5)
    for key in setup:
        os.write(fd, key)
        _read_until_quiet(fd, quiet=0.3)
    time.sleep(pause)
    _read_until_quiet(fd, quiet=0.1)
    samples = []
    for key in keys:
        sent = time.perf_counter()
        os.write(fd, key)
        output, last = _read_until_quiet(fd, first=1.0)
        if output:
            samples.append(last - sent)
    os.kill(pid, signal.SIGTERM)
    _, _, usage = os.wait4(pid, 0)
    os.close(fd)
    return samples, usage.ru_maxrss / 1024


def _summary(samples: list[float]) -> str:
    samples = sorted(samples)
    return (
        f"median {statistics.median(samples) * 1000:5.1f} ms,"
        f" p90 {samples[int(len(samples) * 0.9)] * 1000:5.1f} ms,"
        f" max {samples[-1] * 1000:5.1f} ms"
    )


def keystrokes(env: dict[str, str], rounds: int = 3) -> None:
    """Type into a real `mlroad` in a pty: each key → the last byte of the redraw it causes.
    The anchor, run alternately with it, is the minimal Textual app redrawing one line per key;
    the pane-switch runs, which open every pane, give the peak RSS with every pane opened."""
    anchor_cmd = [str(BIN / "python"), str(HERE / "baseline_app.py")]
    mlroad_cmd = [str(BIN / "mlroad")]
    for label, setup, keys, target in KEYSTROKES:
        ours: list[float] = []
        anchor: list[float] = []
        peaks: list[float] = []
        for _ in range(rounds):
            anchor += _type(anchor_cmd, b"baseline ready", env, (), [b"j"] * len(keys))[0]
            samples, peak = _type(mlroad_cmd, "◀ now".encode(), env, setup, keys)
            ours += samples
            peaks.append(peak)
        print(f"  {label} → screen settled ({len(ours)} keys; target ≤ {target} ms)")
        print(f"    mlroad  {_summary(ours)}")
        print(f"    anchor  {_summary(anchor)}  (minimal app, one line redrawn)")
        if label.startswith("pane switch"):
            print(f"    peak RSS with every pane opened: {statistics.median(peaks):.1f} MiB")


def returning_user(env: dict[str, str]) -> None:
    """Give the roadmap in `env` a plan, as any launch after the first has: otherwise the
    first run's welcome questions cover the screen and take the keys."""
    subprocess.run(
        [str(BIN / "mlroad"), "plan", "set", "--start", date.today().replace(day=1).isoformat()],
        env=env,
        check=True,
        capture_output=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument(
        "--only", choices=("startup", "keys", "cold"), help="run one part (default: all)"
    )
    args = parser.parse_args()
    parts = {args.only} if args.only else {"startup", "keys", "cold"}
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, MLROAD_HOME=str(Path(tmp) / "home"), TERM="xterm-256color")
        env.pop("MLROAD_CURRICULUM", None)
        # As installed, both programs run from bytecode caches (pip compiles them); with this
        # set, mlroad's modules (an editable install here) would be compiled on every launch.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        big_env = dict(env, MLROAD_CURRICULUM=str(write_big(Path(tmp) / "big.toml")))
        huge_env = dict(env, MLROAD_CURRICULUM=str(write_big(Path(tmp) / "huge.toml", 50)))
        for roadmap_env in (env, big_env, huge_env):
            returning_user(roadmap_env)
        if "startup" in parts:
            compare(args.runs, env, "bundled roadmap", target=1.3)
        if "keys" in parts:
            keystrokes(env)
        if "startup" in parts:
            compare(
                args.runs,
                big_env,
                "roadmap 20× the bundled one (2,160 topics, 5,000 resources)",
                target=1.6,
            )
        if "keys" in parts:
            print("\nroadmap 20× the bundled one")
            keystrokes(big_env)
        if "cold" in parts:
            compare(
                args.runs,
                huge_env,
                "roadmap 50× the bundled one, cold: no cached roadmap",
                target=3.0,
                cold=True,
            )


if __name__ == "__main__":
    main()
