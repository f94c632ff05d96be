"""Key bindings shared by every widget that lists topics (Roadmap tree, Today list)."""

from __future__ import annotations

from collections.abc import Callable

from textual.binding import Binding
from textual.message import Message

from mlroad_tui.curriculum import Topic
from mlroad_tui.ui.messages import ChangeTopic, EditNote, OpenResource, ToggleTimer

TOPIC_BINDINGS = [
    Binding("enter,space", "advance", "Advance"),
    Binding("x", "skip", "Skip"),
    Binding("n", "notes", "Notes"),
    Binding("o", "open_first", "Open resource"),
    Binding("t", "timer", "Timer"),
    Binding("j", "cursor_down", "Down", show=False),
    Binding("k", "cursor_up", "Up", show=False),
]


class TopicActions:
    """Mixin for a Widget listing topics: say which one is highlighted, get the topic keys."""

    post_message: Callable[[Message], bool]

    def highlighted_topic(self) -> Topic | None:
        raise NotImplementedError

    def action_advance(self) -> None:
        if topic := self.highlighted_topic():
            self.post_message(ChangeTopic(topic.id, "advance"))

    def action_skip(self) -> None:
        if topic := self.highlighted_topic():
            self.post_message(ChangeTopic(topic.id, "skip"))

    def action_notes(self) -> None:
        if topic := self.highlighted_topic():
            self.post_message(EditNote(topic.id))

    def action_open_first(self) -> None:
        if (topic := self.highlighted_topic()) and topic.resource_ids:
            self.post_message(OpenResource(topic.resource_ids[0]))

    def action_timer(self) -> None:
        if topic := self.highlighted_topic():
            self.post_message(ToggleTimer(topic.id))
