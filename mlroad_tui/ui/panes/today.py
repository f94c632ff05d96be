"""The Today pane: the plan for today (sessions and overdue work), reviews due, and the pace."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.reactive import reactive
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from mlroad_tui.curriculum import Roadmap, Tip, Topic
from mlroad_tui.plan.dates import format_minutes, long_day, short_day
from mlroad_tui.progress import state_of
from mlroad_tui.ui.messages import StudyRequest
from mlroad_tui.ui.views import TodayView
from mlroad_tui.ui.widgets.labels import fitted, state_glyph
from mlroad_tui.ui.widgets.topic_actions import TOPIC_BINDINGS, TopicActions

if TYPE_CHECKING:
    from mlroad_tui.feeds.relevance import RelevantItem
    from mlroad_tui.plan.pace import Pace
    from mlroad_tui.plan.review import ReviewPrompt
    from mlroad_tui.plan.stats import WeekProgress
    from mlroad_tui.ui.screens.help import HelpSection
    from mlroad_tui.ui.study import StudyDesk

TITLE_WIDTH = 34
# Keyed by the values of the planner's PaceStatus (a StrEnum): the planner itself is loaded
# only after the first frame, so this module does not import it.
PACE_STYLES = {
    "not_started": ("◇", "cyan"),
    "on_track": ("●", "green"),
    "ahead": ("▲", "bold green"),
    "behind": ("▼", "bold yellow"),
    "finished": ("★", "bold green"),
}


@dataclass(frozen=True)
class Row:
    """One topic in the list: what is late, what is due today, or when it comes next."""

    topic: Topic
    late: int = 0
    late_since: date | None = None
    today: int = 0
    next_on: date | None = None


def rows(view: TodayView) -> list[Row]:
    """Overdue and today's work merged per topic (in curriculum order); if there is none,
    what comes next."""
    merged: dict[str, Row] = {}
    for item in view.plan.overdue:
        merged[item.topic.id] = Row(item.topic, late=item.minutes, late_since=item.planned_on)
    for item in view.plan.sessions:
        old = merged.get(item.topic.id, Row(item.topic))
        merged[item.topic.id] = Row(item.topic, old.late, old.late_since, today=item.minutes)
    if not merged:
        return [Row(item.topic, next_on=item.planned_on) for item in view.next_up]
    return list(merged.values())


def row_prompt(row: Row, roadmap: Roadmap, view: TodayView) -> Text:
    """Two lines: state, title and minutes; then the first resource to open with `o`."""
    prompt = state_glyph(state_of(view.states, row.topic))
    prompt.append(" ")
    prompt.append_text(fitted(row.topic.title, TITLE_WIDTH, "bold"))
    parts: list[tuple[str, str]] = []
    if row.today:
        parts.append((f"{format_minutes(row.today)} today", "bold"))
    if row.late and row.late_since:
        parts.append(
            (f"{format_minutes(row.late)} late since {short_day(row.late_since)}", "yellow")
        )
    if row.next_on:
        parts.append((f"next up, planned from {short_day(row.next_on)}", "cyan"))
    for n, (words, style) in enumerate(parts):
        prompt.append(" · " if n else " ", style="dim")
        prompt.append(words, style=style)
    if row.topic.id == view.timer_topic:
        prompt.append("  ⏱ timing", style="bold magenta")
    resources = roadmap.topic_resources(row.topic)
    prompt.append("\n    ")
    if not resources:
        prompt.append("no linked resources", style="dim italic")
        return prompt
    first = resources[0]
    prompt.append("▸ ", style="cyan")
    prompt.append(first.title)
    prompt.append(f"  {first.kind}", style="dim")
    if len(resources) > 1:
        prompt.append(f"  +{len(resources) - 1} more", style="dim")
    return prompt


def pace_line(pace: Pace, week: WeekProgress) -> Text:
    """E.g. "▼ 2 days behind · plan ends Mon 8 Sep 2025 · this week 3h of 17.5 h"."""
    glyph, style = PACE_STYLES[pace.status]
    line = Text.assemble((f"{glyph} {pace.message}", style))
    if pace.end and pace.status != "finished":
        line.append(f" · plan ends {short_day(pace.end, year=True)}", style="dim")
    line.append(
        f" · this week {format_minutes(week.hours * 60)} of {week.target_hours:g} h", style="dim"
    )
    if pace.status == "behind":
        line.append("   p: push the plan later or keep the end date", style="italic")
    return line


def heading(view: TodayView) -> Text:
    plan = view.plan
    line = Text(long_day(plan.day), style="bold")
    underway = plan.pace.status not in ("finished", "not_started")
    if underway and not plan.study_day:
        line.append(f" · {plan.day:%A} is a rest day in your plan", style="dim")
    elif underway:
        planned = sum(item.minutes for item in plan.sessions)
        line.append(f" · {format_minutes(planned)} planned today", style="dim")
    late = sum(item.minutes for item in plan.overdue)
    if underway and late:
        line.append(f" · {format_minutes(late)} overdue", style="yellow")
    line.append("\n")
    line.append_text(pace_line(plan.pace, view.week))
    return line


def reviews_text(reviews: tuple[ReviewPrompt, ...]) -> Text:
    if not reviews:
        return Text("No reviews due. Finished topics come back here for review.", style="dim")
    text = Text.assemble((f"Reviews due: {len(reviews)}", "bold"), ("   v starts them", "dim"))
    for prompt in reviews:
        text.append("\n  ↻ ", style="cyan")
        text.append(prompt.topic.title)
        text.append(f"  due {short_day(prompt.due_at.date())}", style="dim")
    return text


def news_text(best: tuple[RelevantItem, ...]) -> Text:
    """The few unread news items that match this month's topics (feed text: shown literally)."""
    if not best:
        return Text(
            "No unread news about this month's topics. r in News fetches the feeds.", style="dim"
        )
    text = Text.assemble(("News about this month", "bold"), ("   4 to read them", "dim"))
    for found in best:
        text.append("\n  ◆ ", style="magenta")
        text.append(found.item.title)
        text.append(f"  {found.item.feed_title} · {', '.join(found.matches[:3])}", style="dim")
    return text


def tip_text(tip: Tip | None) -> Text:
    """The roadmap's advice for the day (roadmap text: shown literally)."""
    if tip is None:
        return Text()
    return Text.assemble(("Tip · ", "bold"), (tip.title, "bold"), (f"  {tip.text}", "dim"))


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
    """What the plan asks for today; the app recomputes `today_view` whenever progress or the log
    changes, so Done here shows at once in the Roadmap too."""

    # Not in the Footer: the pace line offers it when (and only when) the plan is behind.
    BINDINGS = [Binding("p", "replan", "Re-plan", show=False, id="replan")]

    class Replan(StudyRequest):
        """The learner is behind and wants to choose how to re-plan."""

        def answer(self, study: StudyDesk) -> None:
            study.ask_replan()

    today_view: reactive[TodayView | None] = reactive(None, init=False)
    today_news: reactive[tuple[RelevantItem, ...]] = reactive(tuple, init=False)

    def __init__(self, roadmap: Roadmap, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.roadmap = roadmap

    def compose(self) -> ComposeResult:
        yield Static(Text("Loading today's plan…", style="dim"), id="today-heading")
        yield TodayList(self.roadmap, id="today-list")
        yield Static(id="today-empty")
        yield Static(id="today-reviews")
        yield Static(news_text(()), id="today-news")
        yield Static(id="today-tip")

    @staticmethod
    def help_sections() -> list[HelpSection]:
        return [("Today", TodayPane.BINDINGS)]

    def on_mount(self) -> None:
        self.watch_today_view()

    def watch_today_view(self) -> None:
        view = self.today_view
        if view is None:
            return
        self.query_one("#today-heading", Static).update(heading(view))
        listing = self.query_one(TodayList)
        highlighted = listing.highlighted
        listing.clear_options()
        shown = rows(view)
        listing.add_options(Option(row_prompt(r, self.roadmap, view), id=r.topic.id) for r in shown)
        if shown:
            listing.highlighted = min(highlighted or 0, len(shown) - 1)
        empty = self.query_one("#today-empty", Static)
        empty.display = not shown
        empty.update("Nothing left to study: every topic is done. Well done!")
        self.query_one("#today-reviews", Static).update(reviews_text(view.reviews))
        tip = self.query_one("#today-tip", Static)
        tip.display = view.tip is not None
        tip.update(tip_text(view.tip))

    def watch_today_news(self, best: tuple[RelevantItem, ...]) -> None:
        self.query_one("#today-news", Static).update(news_text(best))

    def action_replan(self) -> None:
        self.post_message(self.Replan())
