"""The Today pane: what to study now, from the current phase and today's share of hours."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.reactive import reactive
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from mlroad_tui.curriculum import Roadmap, Topic
from mlroad_tui.progress import States, current_phase, daily_share, state_of, todays_topics
from mlroad_tui.ui.widgets.labels import hours, state_glyph
from mlroad_tui.ui.widgets.topic_actions import TOPIC_BINDINGS, TopicActions


class TodayList(TopicActions, OptionList):
    """Today's topics; the same keys as in the Roadmap."""

    BINDINGS = TOPIC_BINDINGS

    def __init__(self, roadmap: Roadmap, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.roadmap = roadmap

    def highlighted_topic(self) -> Topic | None:
        if self.highlighted is None:
            return None
        return self.roadmap.topic(self.get_option_at_index(self.highlighted).id or "")


class TodayPane(Vertical):
    """Today's share of the week, spent on the current phase's unfinished topics."""

    states: reactive[States] = reactive(dict, init=False)

    def __init__(self, roadmap: Roadmap, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.roadmap = roadmap

    def compose(self) -> ComposeResult:
        yield Static(id="today-heading")
        yield TodayList(self.roadmap, id="today-list")
        yield Static(id="today-empty")

    def on_mount(self) -> None:
        self.watch_states()

    def watch_states(self) -> None:
        phase = current_phase(self.roadmap, self.states)
        share = daily_share(self.roadmap)
        low, high = self.roadmap.weekly_hours
        heading = Text.assemble(
            (f"Month {phase.month} · {phase.title}", "bold"),
            (f"   today's share: {share * 60:.0f} min of {low:g}–{high:g} h a week", "dim"),
        )
        self.query_one("#today-heading", Static).update(heading)
        listing = self.query_one(TodayList)
        highlighted = listing.highlighted
        listing.clear_options()
        plan = todays_topics(self.roadmap, self.states)
        for topic, today in plan:
            prompt = state_glyph(state_of(self.states, topic))
            prompt.append(f" {topic.title}", style="bold")
            prompt.append(
                f"   {today * 60:.0f} min today · {hours(topic.hours)} in all", style="dim"
            )
            prompt.append(f"\n  {topic.summary}", style="italic")
            listing.add_option(Option(prompt, id=topic.id))
        if plan:
            listing.highlighted = min(highlighted or 0, len(plan) - 1)
        empty = self.query_one("#today-empty", Static)
        empty.display = not plan
        empty.update("Nothing left to study: every topic is done. Well done!")
