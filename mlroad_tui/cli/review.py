"""`mlroad review`: list the reviews due, or rate one (1 again, 2 hard, 3 good, 4 easy)."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime

from mlroad_tui.cli._study import add_date_option, chosen_day, store_session
from mlroad_tui.cli.common import print_json, roadmap_from, topic_or_error
from mlroad_tui.cli.errors import CliError


def register(subparsers: argparse._SubParsersAction) -> None:
    review = subparsers.add_parser(
        "review", help="reviews due (spaced repetition), or rate one: review TOPIC 1-4"
    )
    review.add_argument("topic_id", metavar="TOPIC", nargs="?", help="the topic reviewed")
    review.add_argument(
        "rating",
        metavar="RATING",
        nargs="?",
        type=int,
        choices=(1, 2, 3, 4),
        help="1 again, 2 hard, 3 good, 4 easy",
    )
    review.add_argument("--json", action="store_true", help="print JSON")
    add_date_option(review, "list what is due by the end of this day (default: today)")
    review.set_defaults(func=run_review)


def run_review(args: argparse.Namespace) -> int:
    if args.topic_id is not None:
        if args.rating is None:
            raise CliError("give a rating after the topic: 1 again, 2 hard, 3 good, 4 easy")
        return _rate(args)
    from mlroad_tui.plan.context import due_reviews

    roadmap = roadmap_from(args)
    with store_session(roadmap) as store:
        prompts = due_reviews(store, roadmap, chosen_day(args, store))
    if args.json:
        print_json(
            [
                {
                    "topic_id": p.topic.id,
                    "title": p.topic.title,
                    "due_at": p.due_at.isoformat(),
                    "reviews": p.reviews,
                    "summary": p.topic.summary,
                    "key_points": list(p.topic.key_points),
                }
                for p in prompts
            ]
        )
        return 0
    if not prompts:
        print("no reviews due")
    for p in prompts:
        print(f"{p.topic.id}: {p.topic.title} (due {p.due_at:%Y-%m-%d %H:%M} UTC)")
    return 0


def _rate(args: argparse.Namespace) -> int:
    from mlroad_tui.plan.review import rating_label

    roadmap = roadmap_from(args)

    topic = topic_or_error(roadmap, args.topic_id)
    with store_session(roadmap) as store:
        outcome = store.study.record_review(topic.id, args.rating, datetime.now(UTC))
    label = rating_label(outcome.rating)
    print(f"{topic.id}: {label}; next review {outcome.next_due_at:%Y-%m-%d}")
    return 0
