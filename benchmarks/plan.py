"""The study plan on the bundled roadmap and on one 20× bigger (2,160 topics over 120 months):
how long building the schedule, Today, the pace, the re-plan options, the stats and the ICS
export take, measured halfway through the plan with a third of the topics done and a session
logged every day until then (at most a year). Targets at 20×: ICS ≤ 150 ms, re-plan options
≤ 16 ms, every other step ≤ 10 ms.

The anchor is a fixed piece of pure-Python work timed between the steps' runs: on an idle
machine it takes about the same every time, so when it is slower the machine was busy. Each
step's CPU time is shown beside its wall time: it leaves out the time other processes held
the core.

    python benchmarks/plan.py [--runs 7]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from itertools import cycle
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from big_curriculum import write as write_big  # noqa: E402

from mlroad_tui.config import curriculum_path  # noqa: E402
from mlroad_tui.curriculum import Roadmap, load_roadmap  # noqa: E402
from mlroad_tui.plan.context import load_plan, load_stats  # noqa: E402
from mlroad_tui.plan.ics import schedule_to_ics  # noqa: E402
from mlroad_tui.progress import TopicState  # noqa: E402
from mlroad_tui.store import Store  # noqa: E402

START = date(2024, 1, 1)


def fill(store: Store, roadmap: Roadmap) -> date:
    """A third of the topics done, one session a day; returns the day to measure on: halfway."""
    topics = list(roadmap.topics())
    store.study.save_settings(start=START)
    for topic in topics[: len(topics) // 3]:
        store.progress.set_topic_state(topic.id, TopicState.DONE)
    end = load_plan(store, roadmap, START).schedule.end or START
    today = START + (end - START) / 2
    for n in range(min(365, (today - START).days)):
        store.study.log_session(topics[n % len(topics)].id, START + timedelta(days=n), 150)
    return today


def anchor() -> int:
    return sum(i * i for i in range(200_000))


def timed_ms(func: Callable[[], object]) -> tuple[float, float]:
    """Wall and CPU milliseconds of one call. Where other processes share the cores, the
    wall clock also counts the time they held ours (a 5 ms step measured 4-37 ms at load 3);
    this process's CPU time does not."""
    wall, cpu = time.perf_counter(), time.process_time()
    func()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def median_ms(
    func: Callable[[], object], runs: int, anchors: list[tuple[float, float]]
) -> tuple[float, float]:
    """The medians (wall, CPU) of `runs` runs of `func`, each followed by one of the anchor."""
    times = []
    for _ in range(runs):
        times.append(timed_ms(func))
        anchors.append(timed_ms(anchor))
    return medians(times)


def medians(times: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(t[0] for t in times), statistics.median(t[1] for t in times)


def measure(name: str, roadmap: Roadmap, runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store, _ = Store.open(Path(tmp) / "mlroad.db")
        today = fill(store, roadmap)
        plan = load_plan(store, roadmap, today)
        now = datetime.now(UTC)
        roadmaps = cycle((roadmap, replace(roadmap)))
        steps: dict[str, Callable[[], object]] = {
            "load_plan (store + schedule)": lambda: load_plan(store, roadmap, today),
            # The last schedule is kept per roadmap object: alternating two equal ones makes
            # every load lay the schedule out again (a new roadmap, settings or re-plan).
            "load_plan, schedule laid out": lambda: load_plan(store, next(roadmaps), today),
            "today": lambda: plan.today(today),
            "pace": lambda: plan.pace(today),
            "replan_options": lambda: plan.replan_options(today),
            "stats": lambda: load_stats(store, plan, today),
            "ics export": lambda: schedule_to_ics(roadmap, plan.schedule, now),
        }
        targets = {"replan_options": 16.0, "ics export": 150.0}
        topics = sum(1 for _ in roadmap.topics())
        print(
            f"{name}: {topics} topics, {len(plan.schedule.sessions)} sessions, "
            f"on {today} ({plan.pace(today).message}), median of {runs} runs"
        )
        anchors: list[tuple[float, float]] = []
        for label, func in steps.items():
            target = f"(target ≤ {targets.get(label, 10.0):g} ms at 20×)"
            wall, cpu = median_ms(func, runs, anchors)
            print(f"  {label:30} {wall:8.1f} ms  (CPU {cpu:6.1f} ms)  {target}")
        wall, cpu = medians(anchors)
        print(f"  {'anchor (fixed work)':30} {wall:8.1f} ms  (CPU {cpu:6.1f} ms)")
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    measure("bundled", load_roadmap(curriculum_path()), runs)
    with tempfile.TemporaryDirectory() as tmp:
        big = load_roadmap(write_big(Path(tmp) / "big.toml"))
    measure("20x", big, runs)


if __name__ == "__main__":
    main()
