"""Requests that panes post up to the app, which owns the store and reacts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from textual.message import Message

if TYPE_CHECKING:
    from mlroad_tui.feeds.view import NewsQuery

TopicChange = Literal["advance", "skip"]


class ChangeTopic(Message):
    """Advance a topic (todo → doing → done → todo) or toggle whether it is skipped."""

    def __init__(self, topic_id: str, change: TopicChange) -> None:
        super().__init__()
        self.topic_id = topic_id
        self.change = change


class OpenResource(Message):
    """Open a curriculum resource in the web browser and mark it visited."""

    def __init__(self, resource_id: str) -> None:
        super().__init__()
        self.resource_id = resource_id


class ToggleBookmark(Message):
    """Bookmark a resource, or remove its bookmark."""

    def __init__(self, resource_id: str) -> None:
        super().__init__()
        self.resource_id = resource_id


class OpenUrl(Message):
    """Open any link (e.g. a news item) in the web browser."""

    def __init__(self, url: str | None) -> None:
        super().__init__()
        self.url = url


class EditNote(Message):
    """Open the notes editor for a topic."""

    def __init__(self, topic_id: str) -> None:
        super().__init__()
        self.topic_id = topic_id


class CheckLinks(Message):
    """Check every resource link now, in the background."""


class ToggleTimer(Message):
    """Start the study timer on a topic, or stop the one that is running."""

    def __init__(self, topic_id: str) -> None:
        super().__init__()
        self.topic_id = topic_id


class RateReview(Message):
    """A review answered: 1 again, 2 hard, 3 good, 4 easy."""

    def __init__(self, topic_id: str, rating: int) -> None:
        super().__init__()
        self.topic_id = topic_id
        self.rating = rating


class AskReplan(Message):
    """The learner is behind and wants to choose how to re-plan."""


class LoadNews(Message):
    """Load the News pane's items for this query (in a thread: it reads and scores thousands)."""

    def __init__(self, query: NewsQuery) -> None:
        super().__init__()
        self.query = query


class RefreshFeeds(Message):
    """Fetch every enabled feed now, in the background."""


class MarkAllRead(Message):
    """Mark every item of one feed (or of all feeds) read."""

    def __init__(self, feed_id: int | None) -> None:
        super().__init__()
        self.feed_id = feed_id


class ManageFeeds(Message):
    """Open the subscriptions screen (add, remove, rename, disable feeds)."""


class NewsItemAction(Message):
    """Open an item (marks it read), toggle its read state, or star it."""

    def __init__(self, item_id: int, action: Literal["open", "read", "star"]) -> None:
        super().__init__()
        self.item_id = item_id
        self.action = action


class ChangeFeed(Message):
    """Add a subscription (value: its URL), rename one (value: the name), switch it on or off,
    or remove it."""

    def __init__(
        self,
        action: Literal["add", "rename", "toggle", "remove"],
        feed_id: int | None,
        value: str = "",
    ) -> None:
        super().__init__()
        self.action = action
        self.feed_id = feed_id
        self.value = value
