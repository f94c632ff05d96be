"""The study desk: topic states and notes, Today's data, the timer, reviews, re-planning, stats
and settings, for one roadmap over its store.

A plain object: it takes the store, the roadmap and a `StudyHost` (the App, or a test's
stand-in) and sets what the panes show (`states`, `notes`, `today_view`, `study_timer`). The
screens and panes only ask (messages, dismiss values); this desk writes the store. The planner
and the screens are imported where first used, after the first frame, so startup stays fast.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from functools import partial
from typing import TYPE_CHECKING, Protocol, assert_never

from mlroad_tui.plan.dates import day_end, long_day, short_day
from mlroad_tui.progress import States, TopicState
from mlroad_tui.ui.host import Host
from mlroad_tui.ui.recovery import Discard, Keep, Record, Recovery
from mlroad_tui.ui.views import Clock, ShownTimer, TodayView, duration

if TYPE_CHECKING:
    from mlroad_tui.curriculum import Roadmap
    from mlroad_tui.plan.context import StudyPlan
    from mlroad_tui.plan.model import SavedSettings
    from mlroad_tui.plan.stats import WeekProgress
    from mlroad_tui.store import Store
    from mlroad_tui.ui.screens.settings import SettingsForm
    from mlroad_tui.ui.undo import Undo


def system_clock() -> datetime:
    return datetime.now(UTC)


class StudyHost(Host, Protocol):
    """What the study desk shows, besides what every desk asks of its host."""

    states: States
    notes: dict[str, str]
    today_view: TodayView | None
    study_timer: ShownTimer | None


class StudyDesk:
    """The study plan's requests and actions, done against `store` for `roadmap`."""

    def __init__(
        self,
        host: StudyHost,
        store: Store,
        roadmap: Roadmap,
        *,
        undo: Undo,
        clock: Clock = system_clock,
        today: date | None = None,
    ) -> None:
        """`today`: the day given to the app (tests, screenshots); default: the local date."""
        self.host, self.store, self.roadmap = host, store, roadmap
        self.undo = undo
        self.clock = clock
        self.fixed_today = today
        self._day_shown: date | None = None
        self._shown: tuple[StudyPlan, date] | None = None  # what Today shows, and for which day

    # -- topics --------------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the topics' states and notes again: the panes redraw only what differs (a
        reactive set to an equal value does not fire)."""
        self.host.states = self.store.progress.topic_states()
        self.host.notes = self.store.progress.notes()

    def change_topic(self, topic_id: str, change: Callable[[TopicState], TopicState]) -> None:
        """Step the topic from its stored state (another window may have changed it)."""
        progress = self.store.progress
        before, changed = progress.change_topic(topic_id, change)
        self.host.states = {**self.host.states, topic_id: changed}
        self.undo.did(
            f"{self._title(topic_id)}: {before} → {changed.state}",
            partial(progress.revert_topic, topic_id, changed.state, before),
        )

    def edit_note(self, topic_id: str) -> None:
        from mlroad_tui.ui.screens.notes import NotesScreen

        if (topic := self.roadmap.topic(topic_id)) is not None:
            note = self.store.progress.note(topic.id)
            self.host.ask(NotesScreen(topic, note), partial(self.save_note, topic.id))

    def save_note(self, topic_id: str, text: str | None) -> None:
        """The notes editor closed: keep its text (None: cancelled)."""
        if text is not None:
            self.store.progress.save_note(topic_id, text)
            self.host.notes = self.store.progress.notes()

    # -- data for Today and the Header -----------------------------------------------------

    def current_day(self) -> date:
        """The plan's today: the day given to the app, else the local date."""
        from mlroad_tui.plan.context import local_today

        return self.fixed_today or local_today(self.store, self.clock())

    def start(self) -> None:
        """After the first frame: Today's plan, the Header's timer, and the question about a
        timer left running by an earlier run that quit, crashed or was killed; on the very
        first run, the welcome questions (the plan starts today until they are answered)."""
        first_run = self.store.study.settings().start is None
        self.refresh()
        if first_run:
            self.welcome()
        timer = self.store.study.running_timer()
        if timer is not None:
            from mlroad_tui.ui.screens.timer_recovery import TimerRecoveryScreen

            zone = self.store.study.settings().zone()
            question = TimerRecoveryScreen(timer, self._title(timer.topic_id), self.clock(), zone)
            self.host.ask(question, self.recovered)

    def refresh(self) -> None:
        """Recompute Today's view and the Header's timer from the store."""
        from mlroad_tui.plan.context import load_plan, load_stats

        store, day = self.store, self.current_day()
        self._day_shown = day
        plan = load_plan(store, self.roadmap, day)
        timer = store.study.running_timer()
        self.host.study_timer = (
            ShownTimer(self._title(timer.topic_id), timer.started_at) if timer else None
        )
        week = load_stats(store, plan, day).week
        self._show(plan, day, week, timer.topic_id if timer else None)

    def states_changed(self, states: States) -> None:
        """Progress changed (Enter in Today or the Roadmap): Today follows at once, from the
        plan already read; only the reviews due are read again."""
        view, shown = self.host.today_view, self._shown
        if view is not None and shown is not None:
            plan, day = shown
            self._show(plan.with_states(states), day, view.week, view.timer_topic)

    def _show(
        self, plan: StudyPlan, day: date, week: WeekProgress, timer_topic: str | None
    ) -> None:
        from mlroad_tui.plan.context import due_by
        from mlroad_tui.plan.today import next_up, tip_of_the_day

        self._shown = (plan, day)
        self.host.today_view = TodayView(
            plan=plan.today(day),
            states=plan.states,
            week=week,
            reviews=due_by(self.store, plan.roadmap, day_end(day, plan.zone)),
            next_up=next_up(plan.roadmap, plan.schedule, plan.standing, day),
            timer_topic=timer_topic,
            tip=tip_of_the_day(plan.roadmap.tips, day),
        )

    def check_new_day(self) -> None:
        """Once a minute: past midnight, Today shows the new day."""
        if self.current_day() != self._day_shown:
            self.refresh()

    def _title(self, topic_id: str) -> str:
        topic = self.roadmap.topic(topic_id)
        return topic.title if topic else topic_id

    def _plan(self) -> tuple[StudyPlan, date]:
        from mlroad_tui.plan.context import load_plan

        day = self.current_day()
        return load_plan(self.store, self.roadmap, day), day

    # -- the timer -----------------------------------------------------------------------------

    def toggle_timer(self, topic_id: str | None) -> None:
        """Stop the running timer (whatever its topic), else start one on `topic_id`."""
        from mlroad_tui.plan.model import StudyError

        say, study = self.host.say, self.store.study
        running = study.running_timer()
        if running is not None:
            self._record(self.clock())
            if topic_id and topic_id != running.topic_id:
                say(f"Press t again to start timing {self._title(topic_id)}.")
        elif topic_id is None:
            say("Highlight a topic in the Roadmap or in Today, then press t.")
        else:
            try:
                study.start_timer(topic_id, self.clock())
            except StudyError as error:
                say(str(error), title="Timer not started", severity="warning")
            else:
                say(f"Timing {self._title(topic_id)}. Press t again to stop.")
        self.refresh()

    def _record(self, until: datetime) -> None:
        from mlroad_tui.plan.model import StudyError

        study = self.store.study
        try:
            session = study.stop_timer(until)
        except StudyError as error:
            self.host.say(str(error), title="Timer not stopped", severity="warning")
            return
        self.undo.did(
            f"Logged {duration(session.minutes)} on {self._title(session.topic_id)}"
            f" for {short_day(session.day)}",
            partial(study.remove_session, session.id),
            title="Timer stopped",
        )

    def recovered(self, answer: Recovery | None) -> None:
        """The answer about a timer left running by an earlier run (None, as Keep: it runs
        on)."""
        match answer:
            case None | Keep():
                return
            case Record(until=until):
                self._record(until)
            case Discard():
                discarded = self.store.study.discard_timer()
                if discarded is not None:
                    self.host.say(f"Discarded the timer on {self._title(discarded.topic_id)}.")
            case _:
                assert_never(answer)
        self.refresh()

    # -- reviews -------------------------------------------------------------------------------

    def review(self) -> None:
        from mlroad_tui.plan.context import due_reviews
        from mlroad_tui.ui.screens.review import ReviewScreen

        prompts = due_reviews(self.store, self.roadmap, self.current_day())
        self.host.ask(ReviewScreen(prompts))

    def rate(self, topic_id: str, rating: int) -> None:
        from mlroad_tui.plan.model import StudyError
        from mlroad_tui.plan.review import rating_label

        study = self.store.study
        try:
            outcome = study.record_review(topic_id, rating, self.clock())
        except StudyError as error:
            self.host.say(str(error), title="Review not saved", severity="warning")
            return
        due = outcome.next_due_at.astimezone(study.settings().zone()).date()
        self.host.say(
            f"{self._title(outcome.topic_id)}: {rating_label(outcome.rating)}."
            f" Next review {long_day(due)}.",
            title="Review saved",
        )
        self.refresh()

    # -- re-planning ---------------------------------------------------------------------------

    def ask_replan(self) -> None:
        from mlroad_tui.plan.pace import PaceStatus
        from mlroad_tui.ui.screens.replan import ReplanScreen

        plan, day = self._plan()
        pace = plan.pace(day)
        if pace.status is not PaceStatus.BEHIND:
            self.host.say(f"Nothing to re-plan: {pace.message}.")
            return
        screen = ReplanScreen(pace, plan.replan_options(day), plan.schedule.weekly_hours)
        self.host.ask(screen, partial(self.replan, plan, day))

    def replan(self, plan: StudyPlan, day: date, keep_end: bool | None) -> None:
        """The re-plan question's answer: keep the end date, keep the hours, or None (neither)."""
        from mlroad_tui.plan.context import CannotKeepEnd

        if keep_end is None:
            return
        study = self.store.study
        try:
            replan_id = study.add_replan(plan.replan(day, keep_end=keep_end))
        except CannotKeepEnd as error:
            self.host.say(str(error), title="Not re-planned", severity="warning")
            return
        after, _ = self._plan()
        end = long_day(after.schedule.end) if after.schedule.end else "-"
        self.undo.did(
            f"The plan now ends on {end}, with {after.schedule.weekly_hours:.1f} h a week",
            partial(study.remove_replan, replan_id),
            title="Re-planned",
        )
        self.refresh()

    # -- stats and settings --------------------------------------------------------------------

    def show_stats(self) -> None:
        from mlroad_tui.plan.context import load_stats
        from mlroad_tui.ui.screens.stats import StatsScreen

        plan, day = self._plan()
        self.host.ask(StatsScreen(load_stats(self.store, plan, day)))

    def welcome(self) -> None:
        """Ask the first run's questions; Esc keeps the defaults the plan already has."""
        from mlroad_tui.ui.screens.settings import SettingsForm
        from mlroad_tui.ui.screens.welcome import WelcomeScreen

        plan, _ = self._plan()
        form = SettingsForm(plan.settings, self.store.study.settings().timezone)
        self.host.ask(WelcomeScreen(form), partial(self._welcomed, form))

    def _welcomed(self, form: SettingsForm, choice: SavedSettings | None) -> None:
        if choice is not None:
            self.save_settings(form, choice)
            return
        from mlroad_tui.plan.model import format_weekdays

        settings = form.settings
        self.host.say(
            f"Your plan starts {long_day(settings.start)}, {settings.weekly_hours:g} h a week "
            f"on {format_weekdays(settings.weekdays)}. Press , to change it.",
            title="Plan ready",
        )

    def edit_settings(self) -> None:
        from mlroad_tui.ui.screens.settings import SettingsForm

        plan, _ = self._plan()
        self._ask_settings(SettingsForm(plan.settings, self.store.study.settings().timezone))

    def _ask_settings(
        self, form: SettingsForm, typed: SavedSettings | None = None, error: str = ""
    ) -> None:
        from mlroad_tui.ui.screens.settings import SettingsScreen

        screen = SettingsScreen(form, typed, error)
        self.host.ask(screen, partial(self.save_settings, form))

    def save_settings(self, form: SettingsForm, choice: SavedSettings | None) -> None:
        """The settings dialog's answer; a refused one asks again, nothing typed is lost."""
        from mlroad_tui.plan.model import StudyError

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
            self._ask_settings(form, choice, str(error))
            return
        self.host.say("Your plan follows the new settings.", title="Settings saved")
        self.refresh()
