"""`mlroad roadmaps`: the roadmaps this machine has seen, each with its own progress."""

from __future__ import annotations

import argparse
from typing import Any

from mlroad_tui import config
from mlroad_tui.cli.common import open_store, print_json, roadmap_from
from mlroad_tui.cli.errors import Exit


def register(subparsers: argparse._SubParsersAction) -> None:
    roadmaps = subparsers.add_parser(
        "roadmaps", help="the roadmaps seen here: id, title, file, progress, last opened"
    )
    roadmaps.add_argument("--json", action="store_true", help="print JSON instead of a table")
    roadmaps.set_defaults(func=run_roadmaps)


def run_roadmaps(args: argparse.Namespace) -> int:
    from mlroad_tui.shelf import shelf

    store = open_store(roadmap_from(args))  # the roadmap in use is one seen, too
    try:
        entries = shelf(store.roadmaps.seen(), store.roadmaps.states_of, config.cache_dir())
    finally:
        store.close()
    rows: list[dict[str, Any]] = [
        {
            "id": e.seen.id,
            "title": e.seen.title,
            "file": str(e.seen.path),
            "status": e.status,
            "problem": e.problem or None,
            "done": e.progress.done if e.progress else None,
            "total": e.progress.total if e.progress else None,
            "percent": e.progress.percent if e.progress else None,
            "last_opened": e.seen.opened_at,
        }
        for e in entries
    ]
    if args.json:
        print_json(rows)
        return Exit.OK
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title="Roadmaps", title_justify="left")
    for column in ("Id", "Title", "Progress", "Last opened", "File"):
        table.add_column(column)
    for row in rows:
        progress = f"{row['done']}/{row['total']} ({row['percent']}%)" if row["total"] else "-"
        file = row["file"] if row["status"] == "ok" else f"{row['file']} ({row['status']})"
        # roadmap files are untrusted: ids, titles and paths are shown literally
        cells = (row["id"], row["title"], progress, row["last_opened"] or "-", file)
        table.add_row(*(Text(cell) for cell in cells))
    Console().print(table)
    return Exit.OK
