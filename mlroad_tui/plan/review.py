"""Review prompts: a due FSRS card shown as the topic's summary and key points."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from mlroad_tui.curriculum import Roadmap, Topic
from mlroad_tui.plan.model import RATINGS, DueReview


@dataclass(frozen=True)
class ReviewPrompt:
    topic: Topic
    due_at: datetime
    reviews: int

    @property
    def text(self) -> str:
        """The prompt as plain text: the summary, then one line per key point."""
        points = "\n".join(f"- {point}" for point in self.topic.key_points)
        return f"{self.topic.title}\n\n{self.topic.summary}\n\n{points}".rstrip()


def review_prompts(roadmap: Roadmap, due: Iterable[DueReview]) -> tuple[ReviewPrompt, ...]:
    """Prompts for the due reviews; topics the curriculum no longer has are left out (their
    cards stay in the store)."""
    prompts = []
    for review in due:
        topic = roadmap.topic(review.topic_id)
        if topic is not None:
            prompts.append(ReviewPrompt(topic, review.due_at, review.reviews))
    return tuple(prompts)


def rating_label(rating: int) -> str:
    """1 → "Again", … 4 → "Easy"."""
    return RATINGS[rating].capitalize()
