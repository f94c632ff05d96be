"""Key bindings shared by every widget that lists topics (Roadmap tree, Today list)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.message import Message

from mlroad_tui.curriculum import Topic
from mlroad_tui.progress import TopicState
from mlroad_tui.ui.messages import LibraryRequest, StudyRequest

if TYPE_CHECKING:
    from mlroad_tui.ui.library import LibraryDesk
    from mlroad_tui.ui.study import StudyDesk

TOPIC_BINDINGS = [
    Binding("enter,space", "advance", "Advance", id="topic-advance"),
    Binding("x", "skip", "Skip", id="topic-skip"),
    Binding("n", "notes", "Notes", id="topic-notes"),
    Binding("o", "open_first", "Open resource", id="topic-open"),
    Binding("t", "timer", "Timer", id="topic-timer"),
    Binding("j", "cursor_down", "Down", show=False, id="topic-down"),
    Binding("k", "cursor_up", "Up", show=False, id="topic-up"),
]


@dataclass
class TopicRequest(StudyRequest):
    """A request about one topic of the curriculum."""

    topic_id: str


class TopicActions:
    """Mixin for a Widget listing topics: say which one is highlighted, get the topic keys."""

    post_message: Callable[[Message], bool]
    notify: Callable[..., None]

    class Advance(TopicRequest):
        """Move the topic on: todo → doing → done → todo."""

        def answer(self, study: StudyDesk) -> None:
            study.change_topic(self.topic_id, TopicState.advanced)

    class Skip(TopicRequest):
        """Skip the topic, or take it back into the plan."""

        def answer(self, study: StudyDesk) -> None:
            study.change_topic(self.topic_id, TopicState.skip_toggled)

    class EditNote(TopicRequest):
        """Open the notes editor for the topic."""

        def answer(self, study: StudyDesk) -> None:
            study.edit_note(self.topic_id)

    class ToggleTimer(TopicRequest):
        """Start the study timer on the topic, or stop the one that is running."""

        def answer(self, study: StudyDesk) -> None:
            study.toggle_timer(self.topic_id)

    @dataclass
    class OpenResource(LibraryRequest):
        """Open the topic's first resource in the web browser and mark it visited."""

        resource_id: str

        def answer(self, library: LibraryDesk) -> None:
            library.open_resource(self.resource_id)

    def highlighted_topic(self) -> Topic | None:
        raise NotImplementedError

    def topic_or_why(self, doing: str) -> Topic | None:
        """The highlighted topic; else None, after telling the learner why the key did nothing
        (a key that silently does nothing reads as a broken key)."""
        topic = self.highlighted_topic()
        if topic is None:
            self.notify(
                f"{doing} works on a topic: move the cursor to one first.",
                title="No topic here",
                markup=False,
            )
        return topic

    def action_advance(self) -> None:
        if topic := self.topic_or_why("Advancing"):
            self.post_message(self.Advance(topic.id))

    def action_skip(self) -> None:
        if topic := self.topic_or_why("Skipping (x)"):
            self.post_message(self.Skip(topic.id))

    def action_notes(self) -> None:
        if topic := self.topic_or_why("Notes (n)"):
            self.post_message(self.EditNote(topic.id))

    def action_open_first(self) -> None:
        topic = self.topic_or_why("Opening a resource (o)")
        if topic is None:
            return
        if not topic.resource_ids:
            self.notify(
                f"{topic.title} lists no resource to open.", title="Nothing to open", markup=False
            )
            return
        self.post_message(self.OpenResource(topic.resource_ids[0]))

    def action_timer(self) -> None:
        if topic := self.topic_or_why("The timer (t)"):
            self.post_message(self.ToggleTimer(topic.id))
