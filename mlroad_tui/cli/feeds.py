"""`mlroad feeds ...` (subscriptions, OPML, refresh) and `mlroad news` (items) for scripts.

Every command first subscribes a new database to the default feeds, once: feeds the learner
removes stay removed. Item text was made plain at ingest, so it is printed as is.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mlroad_tui.cli.argtypes import number
from mlroad_tui.cli.common import open_store, print_json, roadmap_from, user_settings
from mlroad_tui.cli.errors import CliError, Exit
from mlroad_tui.limits import ITEM_LIMIT, KEEP_DAYS, KEEP_ITEMS, ROW_ID, TIMEOUT_SECONDS

if TYPE_CHECKING:
    from mlroad_tui.feeds.model import Feed, FeedOutcome, FeedStatus, Item, ItemFilter
    from mlroad_tui.feeds.relevance import RelevantItem
    from mlroad_tui.store import Store
    from mlroad_tui.store.feeds import Feeds


FEED_ID = number(ROW_ID, int)


def register(subparsers: argparse._SubParsersAction) -> None:
    feeds = subparsers.add_parser("feeds", help="news feed subscriptions: add, list, refresh")
    actions = feeds.add_subparsers(dest="feeds_command", metavar="ACTION", required=True)

    add = actions.add_parser("add", help="subscribe to a feed URL")
    add.add_argument("url", metavar="URL")
    add.add_argument("--title", default="", help="name it (default: the feed's own title)")
    add.set_defaults(func=run_add)

    remove = actions.add_parser("remove", help="unsubscribe (its items go too)")
    remove.add_argument("feed_id", metavar="ID", type=FEED_ID)
    remove.set_defaults(func=run_remove)

    listing = actions.add_parser("list", help="subscriptions with their status")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(func=run_list)

    rename = actions.add_parser("rename", help="give a feed another name")
    rename.add_argument("feed_id", metavar="ID", type=FEED_ID)
    rename.add_argument("title", metavar="TITLE")
    rename.set_defaults(func=run_rename)

    for name, enabled in (("enable", True), ("disable", False)):
        toggle = actions.add_parser(name, help=f"{name} refreshing (and listing) a feed")
        toggle.add_argument("feed_id", metavar="ID", type=FEED_ID)
        toggle.set_defaults(func=run_toggle, enabled=enabled)

    opml_in = actions.add_parser("import", help="subscribe to the feeds of an OPML file")
    opml_in.add_argument("path", metavar="FILE.opml", type=Path)
    opml_in.set_defaults(func=run_import)

    opml_out = actions.add_parser("export", help="write the subscriptions as OPML")
    opml_out.add_argument("-o", "--output", type=Path, help="write to a file, not stdout")
    opml_out.set_defaults(func=run_export)

    refresh = actions.add_parser(
        "refresh",
        help="fetch every enabled feed now",
        description="Exit status: 0 when every feed refreshed, 2 when one failed (offline "
        "included), 1 when mlroad itself failed.",
    )
    refresh.add_argument("--json", action="store_true", help="print JSON")
    # Defaults come from config.toml's [feeds] when set there.
    refresh.add_argument(
        "--timeout",
        type=number(TIMEOUT_SECONDS),
        help=f"seconds per network step, {TIMEOUT_SECONDS.describe()} (15)",
    )
    refresh.add_argument("--keep", type=number(KEEP_ITEMS, int), help="items kept per feed (500)")
    refresh.add_argument(
        "--keep-days",
        type=number(KEEP_DAYS),
        help=f"drop unlisted items older than this ({KEEP_DAYS.describe()})",
    )
    refresh.set_defaults(func=run_refresh)

    news = subparsers.add_parser("news", help="the newest feed items")
    news.add_argument("--unread", action="store_true", help="only unread items")
    news.add_argument("--starred", action="store_true", help="only starred items")
    news.add_argument(
        "--relevant", action="store_true", help="only items about this month's topics"
    )
    news.add_argument("--feed", type=FEED_ID, metavar="ID", help="only this feed's items")
    news.add_argument("--folder", metavar="NAME", help="only the items of this folder's feeds")
    news.add_argument(
        "--limit", type=number(ITEM_LIMIT, int), default=30, help="at most this many (30)"
    )
    news.add_argument("--json", action="store_true", help="print JSON")
    news.set_defaults(func=run_news)


def _open() -> Store:
    """The store, subscribed to the default feeds if this database never was."""
    from mlroad_tui.feeds.defaults import DEFAULT_FEEDS

    store = open_store()
    store.feeds.seed_defaults((feed.url, feed.title) for feed in DEFAULT_FEEDS)
    return store


def _feed_json(status: FeedStatus) -> dict[str, Any]:
    feed = status.feed
    return {
        "id": feed.id,
        "title": feed.title,
        "url": feed.url,
        "site_url": feed.site_url,
        "enabled": feed.enabled,
        "folder": feed.folder,
        "items": status.items,
        "unread": status.unread,
        "last_checked_at": feed.last_checked_at,
        "last_success_at": feed.last_success_at,
        "last_outcome": feed.last_outcome,
        "last_status": feed.last_status,
        "last_error_kind": feed.last_error_kind,
        "last_error": feed.last_error,
    }


def _describe(feed: Feed) -> str:
    return f"{feed.id}: {feed.name} <{feed.url}>"


def run_add(args: argparse.Namespace) -> int:
    from mlroad_tui.feeds.model import BadFeedUrl, DuplicateFeed, check_feed_url

    try:
        url = check_feed_url(args.url)
    except BadFeedUrl as error:
        raise CliError(str(error)) from None
    store = _open()
    try:
        feed = store.feeds.add(url, args.title.strip())
    except DuplicateFeed as error:
        raise CliError(str(error)) from None
    finally:
        store.close()
    print(f"subscribed {_describe(feed)}")
    return 0


def _change(verb: str, change: Callable[[Feeds], Feed]) -> int:
    """Apply one change to a subscription and say what was done, or which id is unknown."""
    from mlroad_tui.feeds.model import UnknownFeed

    store = _open()
    try:
        feed = change(store.feeds)
    except UnknownFeed as error:
        raise CliError(str(error)) from None
    finally:
        store.close()
    print(f"{verb} {_describe(feed)}")
    return 0


def run_remove(args: argparse.Namespace) -> int:
    return _change("removed", lambda feeds: feeds.remove(args.feed_id))


def run_rename(args: argparse.Namespace) -> int:
    return _change("renamed", lambda feeds: feeds.rename(args.feed_id, args.title.strip()))


def run_toggle(args: argparse.Namespace) -> int:
    verb = "enabled" if args.enabled else "disabled"
    return _change(verb, lambda feeds: feeds.set_enabled(args.feed_id, args.enabled))


def run_list(args: argparse.Namespace) -> int:
    store = _open()
    try:
        statuses = store.feeds.feed_statuses()
    finally:
        store.close()
    if args.json:
        print_json([_feed_json(s) for s in statuses])
        return 0
    for status in statuses:
        feed = status.feed
        state = {None: "new", "failed": "FAILED"}.get(feed.last_outcome, "ok")
        flag = " " if feed.enabled else "-"
        print(f"{feed.id:>4}{flag} {state:<6} {status.unread:>4}/{status.items:<5} {feed.name}")
        print(f"{'':13}{feed.url}")
        if feed.last_error:
            print(f"{'':13}{feed.last_error_kind}: {feed.last_error}")
    return 0


def run_import(args: argparse.Namespace) -> int:
    from mlroad_tui.feeds.opml import MAX_OPML_BYTES, OpmlError, import_opml
    from mlroad_tui.files import UnreadableFile, read_capped

    try:
        data = read_capped(args.path, MAX_OPML_BYTES)
    except UnreadableFile as error:
        raise CliError(f"cannot read {args.path}: {error}") from None
    store = _open()
    try:
        report = import_opml(store.feeds, data)
    except OpmlError as error:
        raise CliError(f"{args.path}: {error}") from None
    finally:
        store.close()
    for reason in report.skipped:
        print(f"skipped {reason}", file=sys.stderr)
    print(
        f"imported {len(report.added)} feed(s); {len(report.existing)} already subscribed; "
        f"{len(report.skipped)} skipped"
    )
    return 0


def run_export(args: argparse.Namespace) -> int:
    from mlroad_tui.feeds.opml import write_opml

    store = _open()
    try:
        document = write_opml(store.feeds.subscriptions())
    finally:
        store.close()
    if args.output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(document)
        return 0
    try:
        args.output.write_bytes(document)
    except OSError as error:
        raise CliError(f"cannot write {args.output}: {error.strerror or error}") from None
    return 0


def _outcome_json(outcome: FeedOutcome) -> dict[str, Any]:
    error = outcome.error
    return {
        "feed_id": outcome.feed_id,
        "title": outcome.name,
        "url": outcome.url,
        "outcome": outcome.outcome.value,
        "new_items": outcome.new_items,
        "listed_items": outcome.listed_items,
        "error_kind": error.kind.value if error else None,
        "error": error.message if error else None,
        "http_status": error.http_status if error else None,
        "warning": outcome.warning,
        "moved_to": outcome.moved_to,
        "elapsed_s": round(outcome.elapsed, 3),
    }


def _outcome_line(outcome: FeedOutcome) -> str:
    if outcome.error is not None:
        return f"✗ {outcome.name}: {outcome.error.kind.value}: {outcome.error.message}"
    if outcome.outcome.value == "not_modified":
        return f"= {outcome.name}: not modified"
    note = f" (warning: {outcome.warning})" if outcome.warning else ""
    return f"✓ {outcome.name}: {outcome.new_items} new of {outcome.listed_items}{note}"


def run_refresh(args: argparse.Namespace) -> int:
    import asyncio

    from mlroad_tui.feeds.model import FetchOptions, Retention, is_offline
    from mlroad_tui.feeds.parse_pool import ParsePool
    from mlroad_tui.feeds.refresh import refresh_all
    from mlroad_tui.user_config import FeedSettings

    configured = user_settings().feeds
    settings = FeedSettings(
        timeout=args.timeout or configured.timeout,
        keep=configured.keep if args.keep is None else args.keep,
        keep_days=args.keep_days or configured.keep_days,
    )
    options = FetchOptions(**settings.fetch_options())
    retention = Retention(**settings.retention())

    def report(outcome: FeedOutcome) -> None:
        if not args.json:
            print(_outcome_line(outcome), flush=True)

    store = _open()
    try:
        outcomes = asyncio.run(
            refresh_all(
                store.feeds,
                options=options,
                retention=retention,
                on_progress=report,
                # One refresh and exit: starting parser processes costs more than it saves
                # (measured, cold, 2 cores: 30 feeds 2.55 s with them, 1.55 s without).
                parsers=ParsePool(processes=False),
            )
        )
        store.feeds.tidy_index()
    finally:
        store.close()
    offline = is_offline(outcomes)
    failed = sum(outcome.failed for outcome in outcomes)
    if args.json:
        print_json(
            {"offline": offline, "failed": failed, "feeds": [_outcome_json(o) for o in outcomes]}
        )
    elif offline:
        print("offline: no feed could be reached; cached items are unchanged", file=sys.stderr)
    return Exit.FOUND if failed else Exit.OK


def _item_json(item: Item, matches: tuple[str, ...] | None) -> dict[str, Any]:
    return {
        "id": item.id,
        "feed_id": item.feed_id,
        "feed": item.feed_title,
        "title": item.title,
        "link": item.link,
        "openable": item.openable,
        "author": item.author,
        "summary": item.summary,
        "tags": list(item.tags),
        "published_at": item.published_at,
        "first_seen_at": item.first_seen_at,
        "read": item.read,
        "starred": item.starred,
        "matches": None if matches is None else list(matches),  # null unless --relevant
    }


def run_news(args: argparse.Namespace) -> int:
    from mlroad_tui.feeds.model import ItemFilter, UnknownFeed
    from mlroad_tui.timefmt import age

    wanted = ItemFilter(
        feed_id=args.feed, unread=args.unread, starred=args.starred, folder=args.folder
    )
    limit = max(args.limit, 0)
    store = _open()
    try:
        if args.feed is not None:
            store.feeds.get(args.feed)  # an unknown id is an error, not an empty list
        if args.relevant:
            found: list[tuple[Item, tuple[str, ...] | None]] = [
                (r.item, r.matches) for r in _relevant(args, store, wanted, limit)
            ]
        else:
            found = [(item, None) for item in store.feeds.items(wanted, limit=limit)]
    except UnknownFeed as error:
        raise CliError(f"{error} (`mlroad feeds list` shows the ids)") from None
    finally:
        store.close()
    if args.json:
        print_json([_item_json(item, matches) for item, matches in found])
        return 0
    for item, matches in found:
        mark = "*" if item.starred else ("•" if not item.read else " ")
        title = item.title or "(untitled)"
        print(f"{mark} {age(item.sort_at):>4}  {item.feed_title[:24]:<24}  {title}")
        if item.link:
            print(
                f"{'':32}{item.link}" + ("" if item.openable else "  (not http(s): never opened)")
            )
        if matches:
            print(f"{'':32}matches: {', '.join(matches)}")
    return 0


def _relevant(
    args: argparse.Namespace, store: Store, wanted: ItemFilter, limit: int
) -> list[RelevantItem]:
    """This month's matches: the roadmap's current phase gives the keywords."""
    from mlroad_tui.feeds.relevance import Matcher, relevant_items
    from mlroad_tui.progress import current_phase

    roadmap = roadmap_from(args)
    phase = current_phase(roadmap, store.progress.topic_states())
    return relevant_items(store.feeds, Matcher.for_phase(phase), wanted, limit=limit)
