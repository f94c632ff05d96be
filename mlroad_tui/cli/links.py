"""`mlroad links check|fix`: the health of the roadmap's links (or of given URLs), like lychee,
and the roadmap file rewritten for the links that moved permanently."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from mlroad_tui.cli.argtypes import age, number
from mlroad_tui.cli.common import open_store, print_json, roadmap_from, user_settings
from mlroad_tui.cli.errors import CliError, Exit
from mlroad_tui.limits import CONCURRENCY, PER_HOST, TIMEOUT_SECONDS
from mlroad_tui.links import CheckOptions, LinkResult, Verdict

if TYPE_CHECKING:
    from rich.console import Console

DEFAULT_MAX_AGE_HOURS = 24
# Problems first: the table is read from the top.
VERDICT_ORDER = (
    Verdict.BROKEN,
    Verdict.ERROR,
    Verdict.TIMEOUT,
    Verdict.UNREACHABLE,
    Verdict.INVALID,
    Verdict.BLOCKED,
    Verdict.REDIRECTED,
    Verdict.OK,
)


def register(subparsers: argparse._SubParsersAction) -> None:
    links = subparsers.add_parser("links", help="check that resource links still work")
    actions = links.add_subparsers(dest="links_command", metavar="ACTION", required=True)
    check = actions.add_parser(
        "check",
        help="check every resource URL of the roadmap, or the URLs given",
        description="Exit status: 0 when no link is broken, error, timeout, unreachable or "
        "invalid; 2 when one is; 1 when mlroad itself failed (bad usage included).",
    )
    check.add_argument("urls", nargs="*", metavar="URL", help="URLs to check instead")
    check.add_argument("--json", action="store_true", help="print one JSON array of results")
    check.add_argument("--force", action="store_true", help="check even recently checked URLs")
    # Defaults come from config.toml's [links] when set there (read when the command runs).
    check.add_argument(
        "--max-age",
        type=age,
        metavar="DURATION",
        help=f"reuse results younger than this (like 1d, 12h; default {DEFAULT_MAX_AGE_HOURS}h)",
    )
    defaults = CheckOptions()
    check.add_argument(
        "--concurrency",
        type=number(CONCURRENCY, int),
        metavar="N",
        help=f"requests in flight at once (default {defaults.concurrency})",
    )
    check.add_argument(
        "--per-host",
        type=number(PER_HOST, int),
        metavar="N",
        help=f"requests in flight per host (default {defaults.per_host})",
    )
    check.add_argument(
        "--timeout",
        type=number(TIMEOUT_SECONDS),
        metavar="SECONDS",
        help=f"time allowed per URL, redirects and retries included (default {defaults.timeout:g})",
    )
    check.set_defaults(func=run_check)
    fix = actions.add_parser(
        "fix",
        help="show (or --write) the roadmap file with moved links' new URLs",
        description="For every resource whose URL moved permanently (301/308) at its last "
        "`mlroad links check`, show a diff of the roadmap file with the new URL; --write "
        "rewrites the file in place, changing nothing but those URLs. Exit status: 0 when "
        "nothing moved or the file was written; 2 when moves were shown but not written; "
        "1 when mlroad failed.",
    )
    fix.add_argument("--write", action="store_true", help="rewrite the roadmap file in place")
    fix.set_defaults(func=run_fix)


def run_check(args: argparse.Namespace) -> int:
    """Check what is stale (or everything, with --force), store it, print every URL's verdict."""
    urls = list(dict.fromkeys(args.urls or _roadmap_urls(args)))
    settings = user_settings().links
    given = {"concurrency": args.concurrency, "per_host": args.per_host, "timeout": args.timeout}
    options = CheckOptions(
        **settings.check_options(), **{k: v for k, v in given.items() if v is not None}
    )
    max_age = args.max_age  # 0s is a choice: check everything
    if max_age is None:
        max_age = timedelta(hours=settings.max_age(DEFAULT_MAX_AGE_HOURS))
    console = None if args.json else _console()
    store = open_store()
    try:
        todo = urls if args.force else store.links.stale(urls, max_age, datetime.now(UTC))
        fresh: list[LinkResult] = []
        try:
            _check(todo, options, fresh.append, console)
        finally:  # even on Ctrl-C, what was checked is kept
            store.links.save(fresh)
        known = store.links.results()
    finally:
        store.close()
    results = [known[url] for url in urls]
    if console is None:
        print_json([result.as_dict() for result in results])
    else:
        _print_summary(console, results, cached=len(urls) - len(todo))
    return Exit.FOUND if any(result.verdict.failing for result in results) else Exit.OK


def run_fix(args: argparse.Namespace) -> int:
    """Print the diff of the moves (and write it with --write), or say there is nothing to do."""
    import sys

    from mlroad_tui import config
    from mlroad_tui.links import fix

    roadmap = roadmap_from(args)
    path = config.curriculum_path(args.curriculum, user_settings().roadmap)
    store = open_store()
    try:
        results = store.links.results()
    finally:
        store.close()
    found = fix.moves(roadmap, results)
    if not found:
        checked = sum(1 for r in roadmap.resources.values() if r.url in results)
        print(
            f"no moved links among the {checked} checked "
            f"(`mlroad links check` stores what it finds)",
            file=sys.stderr,
        )
        return Exit.OK
    try:
        planned = fix.plan(path, found)
        sys.stdout.write(planned.diff())
        if args.write:
            fix.write(planned)
    except fix.CannotFix as reason:
        raise CliError(str(reason)) from None
    if args.write:
        print(
            f"rewrote {path}: {len(found)} moved link(s) now point where they went", file=sys.stderr
        )
        return Exit.OK
    print(f"{len(found)} moved link(s); add --write to rewrite {path}", file=sys.stderr)
    return Exit.FOUND


def _console() -> Console:
    from rich.console import Console  # not imported for --json: scripts start faster

    return Console()


def _roadmap_urls(args: argparse.Namespace) -> list[str]:
    return [r.url for r in roadmap_from(args).resources.values() if r.url]


def _check(
    urls: Sequence[str],
    options: CheckOptions,
    on_result: Callable[[LinkResult], None],
    console: Console | None,
) -> None:
    """Run the check, with a progress bar when a person is watching a terminal."""
    import asyncio

    from mlroad_tui.links import check_urls

    if not urls:
        return
    if console is None or not console.is_terminal:
        asyncio.run(check_urls(urls, options, on_result))
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    columns = ("Checking links", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        bar = progress.add_task("check", total=len(urls))

        def advance(result: LinkResult) -> None:
            on_result(result)
            progress.advance(bar)

        asyncio.run(check_urls(urls, options, advance))


def _print_summary(console: Console, results: Sequence[LinkResult], cached: int) -> None:
    """A table of every link that is not plainly ok, grouped by verdict, then the counts."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title_justify="left", show_lines=False)
    for column in ("Verdict", "Code", "URL", "Detail"):
        table.add_column(column, overflow="fold")
    counts = {verdict: 0 for verdict in VERDICT_ORDER}
    for verdict in VERDICT_ORDER:
        group = [r for r in results if r.verdict is verdict]
        counts[verdict] = len(group)
        if verdict is Verdict.OK or not group:
            continue
        for r in group:
            detail = f"→ {r.suggestion}" if r.suggestion else (r.error or "")
            code = "" if r.status_code is None else str(r.status_code)
            # URLs and error texts come from the outside world: shown literally, never as markup.
            table.add_row(verdict.value, code, Text(r.url), Text(detail))
        table.add_section()
    if table.row_count:
        console.print(table)
    summary = ", ".join(f"{n} {v.value}" for v, n in counts.items() if n)
    note = f" ({cached} from results younger than --max-age)" if cached else ""
    console.print(Text(f"{len(results)} links: {summary or 'none'}{note}"))
