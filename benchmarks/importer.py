"""Importing Markdown roadmaps: the seed (6 months, 62 topics) and a generated one of 2,000
topics over 20 months, each timed (median of --runs) against an anchor in the same run:
loading the very TOML the import wrote, which is what a hand-written roadmap costs.

    .venv/bin/python benchmarks/importer.py [--runs 7]

Steps: "import" is Markdown → TOML text (parse, build, ids, write); "in memory" is what
`mlroad --curriculum X.md` does on a cache miss (import, then validate into the model);
"TOML load" is `load_roadmap` on the written TOML. The target is "in memory" under 1 s for
the 2,000-topic roadmap. Each step gives wall time and this process's CPU time: on a shared
machine (the load average is printed) wall time also counts waiting for a core.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from markdown_roadmaps import huge_markdown  # noqa: E402

from mlroad_tui.curriculum import load_roadmap  # noqa: E402
from mlroad_tui.importer import import_markdown, load_markdown_roadmap  # noqa: E402

SEED = ROOT / "tests" / "fixtures" / "markdown" / "ml-roadmap.md"


def median_ms(func: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median wall and CPU milliseconds of `runs` calls."""
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        func()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def line(label: str, times: tuple[float, float], anchor: tuple[float, float] | None = None) -> str:
    ratio = f"   {times[1] / anchor[1]:.1f}x the anchor's CPU" if anchor else ""
    return f"  {label:32} wall {times[0]:7.1f} ms   CPU {times[1]:7.1f} ms{ratio}"


def measure(name: str, source: Path, runs: int) -> None:
    text = source.read_text(encoding="utf-8")
    result = import_markdown(text, source.name, source.stem)
    toml_file = source.with_suffix(".toml")
    toml_file.write_text(result.toml, encoding="utf-8")
    topics = len(result.draft.topics())
    importing = median_ms(lambda: import_markdown(text, source.name, source.stem), runs)
    in_memory = median_ms(lambda: load_markdown_roadmap(source), runs)
    anchor = median_ms(lambda: load_roadmap(toml_file), runs)
    print(
        f"{name}: {len(text):,} bytes, {len(result.draft.phases)} phases, {topics} topics, "
        f"{len(result.draft.resources)} resources; median of {runs} runs"
    )
    print(line("import (Markdown → TOML)", importing, anchor))
    print(line("in memory (import + validate)", in_memory, anchor))
    print(line("TOML load (anchor)", anchor))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    print("load average: " + " ".join(f"{n:.1f}" for n in os.getloadavg()))
    with tempfile.TemporaryDirectory() as tmp:
        seed = Path(tmp) / "ml-roadmap.md"
        seed.write_bytes(SEED.read_bytes())
        measure("seed", seed, runs)
        huge = Path(tmp) / "huge.md"
        huge.write_text(huge_markdown(2000), encoding="utf-8")
        measure("2,000 topics", huge, runs)


if __name__ == "__main__":
    main()
