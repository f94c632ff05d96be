"""`mlroad search QUERY`: the app's search for scripts, grouped by kind, best first.

Resources and topics are indexed from the roadmap first when it changed; while its file is
the one indexed (its fingerprint: size, time, code), the roadmap is not even read. News items
and notes are indexed as they are written.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from mlroad_tui.cli.common import open_store, print_json, roadmap_from, roadmap_path
from mlroad_tui.cli.errors import CliError

if TYPE_CHECKING:
    from mlroad_tui.search.model import Hit
    from mlroad_tui.store import Store

KINDS = ("news", "resource", "topic", "note")  # search.model.Kind, without importing it here
LIMIT_RANGE = (1, 1000)


def _limit(text: str) -> int:
    low, high = LIMIT_RANGE
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not low <= value <= high:
        raise argparse.ArgumentTypeError(f"{value} is outside {low}..{high}")
    return value


def register(subparsers: argparse._SubParsersAction) -> None:
    search = subparsers.add_parser(
        "search",
        help="find words in news, resources, topics and notes",
        description="Every word must match, as a word or the start of one; accents and case "
        "are ignored. Hits are grouped by kind, best first.",
    )
    search.add_argument("query", metavar="QUERY", nargs="+", help="the words to find")
    search.add_argument("--kind", choices=KINDS, action="append", help="only this kind (repeat)")
    search.add_argument(
        "--limit", type=_limit, default=20, help="at most this many hits per kind (20, 1..1000)"
    )
    search.add_argument("--json", action="store_true", help="print JSON")
    search.set_defaults(func=run_search)


def hit_json(hit: Hit) -> dict[str, Any]:
    """A hit for scripts: the matched words listed, the text plain (no markers)."""
    return {
        "kind": hit.kind.value,
        "id": hit.ref,
        "title": hit.plain_title,
        "snippet": hit.plain_snippet,
        "matched": sorted({s.text for s in (*hit.title, *hit.snippet) if s.hit}),
        "score": round(0.0 - hit.rank, 4),  # bm25, higher is better; 0: too common to rank
    }


def _indexed(args: argparse.Namespace) -> tuple[Store, str]:
    """The store, and the id of the roadmap to search, indexed: the roadmap is read only when
    its file is not the one indexed (new or edited), and then says what is wrong with it."""
    from mlroad_tui.roadmap_cache import fingerprint
    from mlroad_tui.search.find import index_roadmap, indexed_roadmap

    stamp = fingerprint(roadmap_path(args))
    store = open_store()
    roadmap_id = indexed_roadmap(store.search, stamp) if stamp is not None else None
    if roadmap_id is not None:
        return store, roadmap_id
    store.close()
    roadmap = roadmap_from(args)
    store = open_store(roadmap)
    try:
        index_roadmap(store.search, roadmap)
    except BaseException:
        store.close()
        raise
    return store, roadmap.id


def run_search(args: argparse.Namespace) -> int:
    from mlroad_tui.search.find import search
    from mlroad_tui.search.model import QUERY_LIMIT, Kind, hit_count

    typed = " ".join(args.query)
    if len(typed) > QUERY_LIMIT:
        raise CliError(f"the query is {len(typed)} characters long; at most {QUERY_LIMIT}")
    kinds = [Kind(kind) for kind in args.kind] if args.kind else list(Kind)
    store, roadmap_id = _indexed(args)
    try:
        # One more than listed: a kind with more hits than `--limit` says so ("20+").
        found = search(store.search, roadmap_id, typed, kinds, per_kind=args.limit + 1)
    finally:
        store.close()
    if args.json:
        print_json([hit_json(hit) for hits in found.values() for hit in hits[: args.limit]])
        return 0
    if not found:
        print(f"Nothing matches {typed!r}.")
    for kind, hits in found.items():
        print(f"{kind.value} ({hit_count(len(hits), args.limit)})")
        for hit in hits[: args.limit]:
            print(f"  {hit.plain_title}  [{hit.ref}]")
            if hit.plain_snippet and hit.plain_snippet != hit.plain_title:
                print(f"      {hit.plain_snippet}")
    return 0
