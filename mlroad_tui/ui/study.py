"""The study plan inside the app: Today's data, the timer, reviews, re-planning, stats, settings.

MlroadApp inherits these handlers so that `app.py` stays short. As everywhere in the UI, the
screens and panes only ask (messages, dismiss values); the handlers here write the store.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from functools import partial
from typing import TYPE_CHECKING

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import reactive

from mlroad_tui.plan.dates import long_day, short_day
from mlroad_tui.ui import messages
from mlroad_tui.ui.widgets.timer_badge import Clock, ShownTimer, duration
from mlroad_tui.ui.widgets.topic_actions import TopicActions

if TYPE_CHECKING:
    from mlroad_tui.curriculum import Roadmap
    from mlroad_tui.plan.context import StudyPlan
    from mlroad_tui.store import Store
    from mlroad_tui.store.study import SavedSettings
    from mlroad_tui.ui.panes.today import TodayView
    from mlroad_tui.ui.screens.help import HelpSection
    from mlroad_tui.ui.screens.settings import SettingsForm
    from mlroad_tui.ui.screens.timer_recovery import Recovery

    _AppBase = App[None]
else:
    _AppBase = object

# `S`: lower-case `s` belongs to the News pane; `v` (re-view) is free in every pane;
# `,` opens settings as in many editors. `t` (timer) and `p` (re-plan) live on the panes.
STUDY_BINDINGS = [
    Binding("S", "stats", "Stats"),
    Binding("v", "review", "Review"),
    Binding("comma", "settings", "Settings", show=False),
]


def system_clock() -> datetime:
    return datetime.now(UTC)


class StudyMixin(_AppBase):
    """Handlers and actions of the study plan, mixed into MlroadApp. The planner and the
    study store are imported where first used, after the first frame, so startup stays fast."""

    store: Store | None
    roadmap: Roadmap | None
    clock: Clock
    fixed_today: date | None
    say: Callable[..., None]  # MlroadApp's notice, shown literally (no markup)

    today_view: reactive[TodayView | None] = reactive(None, init=False)
    study_timer: reactive[ShownTimer | None] = reactive(None, init=False)

    # -- data for Today and the Header -----------------------------------------------------

    def current_day(self) -> date:
        """The plan's today: the day given to the app (tests, screenshots), else the local date."""
        from mlroad_tui.plan.context import local_today

        assert self.store is not None
        return self.fixed_today or local_today(self.store, self.clock())

    def start_study(self) -> None:
        """After the first frame: Today's plan, the Header's timer, and the question about a
        timer left running by an earlier run that quit, crashed or was killed."""
        assert self.store is not None
        self.refresh_study()
        self._day_shown = self.current_day()
        self.set_interval(60, self._check_new_day, name="new day")
        timer = self.store.study.running_timer()
        if timer is not None:
            from mlroad_tui.ui.screens.timer_recovery import TimerRecoveryScreen

            zone = self.store.study.settings().zone()
            question = TimerRecoveryScreen(timer, self._title(timer.topic_id), self.clock(), zone)
            self.push_screen(question, self._recovered)

    def refresh_study(self) -> None:
        """Recompute Today's view and the Header's timer from the store."""
        from mlroad_tui.plan.context import due_reviews, load_plan, load_stats
        from mlroad_tui.plan.today import next_up
        from mlroad_tui.ui.panes.today import TodayView

        assert self.store is not None and self.roadmap is not None
        store, day = self.store, self.current_day()
        plan = load_plan(store, self.roadmap, day)
        timer = store.study.running_timer()
        self.study_timer = (
            ShownTimer(self._title(timer.topic_id), timer.started_at) if timer else None
        )
        self.today_view = TodayView(
            plan=plan.today(day),
            states=plan.states,
            week=load_stats(store, plan, day).week,
            reviews=due_reviews(store, self.roadmap, day),
            next_up=next_up(plan.roadmap, plan.schedule, plan.standing, day),
            timer_topic=timer.topic_id if timer else None,
        )

    def watch_states(self) -> None:
        """Progress changed (e.g. Done in Today or the Roadmap): Today follows at once."""
        if self.today_view is not None:
            self.refresh_study()

    def _check_new_day(self) -> None:
        if self.current_day() != self._day_shown:
            self._day_shown = self.current_day()
            self.refresh_study()

    def _title(self, topic_id: str) -> str:
        topic = self.roadmap.topic(topic_id) if self.roadmap else None
        return topic.title if topic else topic_id

    def _plan(self) -> tuple[StudyPlan, date]:
        from mlroad_tui.plan.context import load_plan

        assert self.store is not None and self.roadmap is not None
        day = self.current_day()
        return load_plan(self.store, self.roadmap, day), day

    # -- the timer -----------------------------------------------------------------------------

    def on_toggle_timer(self, message: messages.ToggleTimer) -> None:
        self.toggle_timer(message.topic_id)

    def action_toggle_timer(self) -> None:
        """From the command palette: the highlighted topic of the main screen, if any."""
        focused = self.screen_stack[0].focused
        topic = focused.highlighted_topic() if isinstance(focused, TopicActions) else None
        self.toggle_timer(topic.id if topic else None)

    def toggle_timer(self, topic_id: str | None) -> None:
        """Stop the running timer (whatever its topic), else start one on `topic_id`."""
        from mlroad_tui.store.study import StudyError

        assert self.store is not None
        study = self.store.study
        running = study.running_timer()
        if running is not None:
            self._record(self.clock())
            if topic_id and topic_id != running.topic_id:
                self.say(f"Press t again to start timing {self._title(topic_id)}.")
        elif topic_id is None:
            self.say("Highlight a topic in the Roadmap or in Today, then press t.")
        else:
            try:
                study.start_timer(topic_id, self.clock())
            except StudyError as error:
                self.say(str(error), title="Timer not started", severity="warning")
            else:
                self.say(f"Timing {self._title(topic_id)}. Press t again to stop.")
        self.refresh_study()

    def _record(self, until: datetime) -> None:
        from mlroad_tui.store.study import StudyError

        assert self.store is not None
        try:
            session = self.store.study.stop_timer(until)
        except StudyError as error:
            self.say(str(error), title="Timer not stopped", severity="warning")
            return
        self.say(
            f"Logged {duration(session.minutes)} on {self._title(session.topic_id)}"
            f" for {short_day(session.day)}.",
            title="Timer stopped",
        )

    def _recovered(self, answer: Recovery | None) -> None:
        assert self.store is not None
        if answer is None or answer.action == "keep":
            return
        if answer.action == "record" and answer.until is not None:
            self._record(answer.until)
        else:
            discarded = self.store.study.discard_timer()
            if discarded is not None:
                self.say(f"Discarded the timer on {self._title(discarded.topic_id)}.")
        self.refresh_study()

    # -- reviews -------------------------------------------------------------------------------

    def action_review(self) -> None:
        from mlroad_tui.plan.context import due_reviews
        from mlroad_tui.ui.screens.review import ReviewScreen

        assert self.store is not None and self.roadmap is not None
        self.push_screen(ReviewScreen(due_reviews(self.store, self.roadmap, self.current_day())))

    def on_rate_review(self, message: messages.RateReview) -> None:
        from mlroad_tui.plan.review import rating_label
        from mlroad_tui.store.study import StudyError

        assert self.store is not None
        try:
            outcome = self.store.study.record_review(message.topic_id, message.rating, self.clock())
        except StudyError as error:
            self.say(str(error), title="Review not saved", severity="warning")
            return
        zone = self.store.study.settings().zone()
        due = outcome.next_due_at.astimezone(zone).date()
        self.say(
            f"{self._title(outcome.topic_id)}: {rating_label(outcome.rating)}."
            f" Next review {long_day(due)}.",
            title="Review saved",
        )
        self.refresh_study()

    # -- re-planning ---------------------------------------------------------------------------

    def on_ask_replan(self, _: messages.AskReplan) -> None:
        from mlroad_tui.plan.pace import PaceStatus
        from mlroad_tui.ui.screens.replan import ReplanScreen

        plan, day = self._plan()
        pace = plan.pace(day)
        if pace.status is not PaceStatus.BEHIND:
            self.say(f"Nothing to re-plan: {pace.message}.")
            return
        screen = ReplanScreen(pace, plan.replan_options(day), plan.schedule.weekly_hours)
        self.push_screen(screen, partial(self._replan, plan, day))

    def _replan(self, plan: StudyPlan, day: date, keep_end: bool | None) -> None:
        from mlroad_tui.plan.context import CannotKeepEnd

        assert self.store is not None
        if keep_end is None:
            return
        try:
            self.store.study.add_replan(plan.replan(day, keep_end=keep_end))
        except CannotKeepEnd as error:
            self.say(str(error), title="Not re-planned", severity="warning")
            return
        after, _ = self._plan()
        end = long_day(after.schedule.end) if after.schedule.end else "-"
        self.say(
            f"The plan now ends on {end}, with {after.schedule.weekly_hours:.1f} h a week.",
            title="Re-planned",
        )
        self.refresh_study()

    # -- stats and settings --------------------------------------------------------------------

    def action_stats(self) -> None:
        from mlroad_tui.plan.context import load_stats
        from mlroad_tui.ui.screens.stats import StatsScreen

        assert self.store is not None
        plan, day = self._plan()
        self.push_screen(StatsScreen(load_stats(self.store, plan, day)))

    def action_settings(self) -> None:
        from mlroad_tui.ui.screens.settings import SettingsForm

        assert self.store is not None
        plan, _ = self._plan()
        self._edit_settings(SettingsForm(plan.settings, self.store.study.settings().timezone))

    def _edit_settings(
        self, form: SettingsForm, typed: SavedSettings | None = None, error: str = ""
    ) -> None:
        from mlroad_tui.ui.screens.settings import SettingsScreen

        self.push_screen(SettingsScreen(form, typed, error), partial(self._save_settings, form))

    def _save_settings(self, form: SettingsForm, choice: SavedSettings | None) -> None:
        from mlroad_tui.store.study import StudyError

        assert self.store is not None
        if choice is None:
            return
        try:
            self.store.study.save_settings(
                start=choice.start,
                weekly_hours=choice.weekly_hours,
                weekdays=choice.weekdays,
                timezone=choice.timezone,
            )
        except StudyError as error:
            self._edit_settings(form, choice, str(error))  # ask again; nothing typed is lost
            return
        self.say("Your plan follows the new settings.", title="Settings saved")
        self.refresh_study()

    # -- what the app lists --------------------------------------------------------------------

    def study_commands(self) -> Iterable[SystemCommand]:
        """The study plan's entries in the command palette."""
        yield SystemCommand("Stats", "Hours, streaks and the study heatmap", self.action_stats)
        yield SystemCommand(
            "Review", "Rate the reviews due (spaced repetition)", self.action_review
        )
        yield SystemCommand(
            "Plan settings", "Start date, weekly hours, study days", self.action_settings
        )
        yield SystemCommand(
            "Start/stop timer",
            "Time the highlighted topic, or stop the running timer",
            self.action_toggle_timer,
        )

    def study_help(self) -> list[HelpSection]:
        """Help sections for the keys of Today and the review screen."""
        from mlroad_tui.ui.panes.today import TodayPane
        from mlroad_tui.ui.screens.review import ReviewScreen

        return [("Today", TodayPane.BINDINGS), ("Review", ReviewScreen.BINDINGS)]
