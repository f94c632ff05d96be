"""The study plan in the app, driven by keys: timer, recovery, reviews, stats, re-planning,
settings and Today's Done, asserting on what the screen shows and what the store keeps."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from textual.widgets import Input

from mlroad_tui.plan.model import TimerRunning
from mlroad_tui.progress import TopicState
from mlroad_tui.ui.keymap import help_sections
from mlroad_tui.ui.panes.today import TodayList
from mlroad_tui.ui.screens.replan import ReplanScreen
from mlroad_tui.ui.screens.review import ReviewScreen
from mlroad_tui.ui.screens.settings import SettingsScreen
from mlroad_tui.ui.screens.stats import StatsScreen
from mlroad_tui.ui.screens.timer_recovery import TimerRecoveryScreen, session_end
from mlroad_tui.ui.widgets.heatmap import level, month_labels
from mlroad_tui.ui.widgets.timer_badge import TimerBadge, format_elapsed
from mlroad_tui.ui.widgets.weekly_bars import bar_cell, scale_top
from tests.ui.conftest import UI_TODAY, screen_text, until, visible_text
from tests.ui.study_data import noon, open_store, seed_study

SIZE = (120, 40)


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(noon(UI_TODAY))


@pytest.fixture
def seeded(monkeypatch: pytest.MonkeyPatch) -> None:
    seed_study(monkeypatch, UI_TODAY)


def today_ids(app) -> list[str]:
    listing = app.query_one(TodayList)
    return [listing.get_option_at_index(i).id for i in range(listing.option_count)]


def header_line(text: str) -> str:
    return text.splitlines()[0]


def notices(app) -> str:
    """The notifications shown so far (toasts arrive a moment after the screen redraws)."""
    return "\n".join(str(n.message) for n in app._notifications)


# -- cost of a keystroke -------------------------------------------------------------------


async def test_enter_on_a_topic_writes_it_and_reads_only_the_reviews_due(make_app, clock) -> None:
    """Today follows a state change from the plan already read: one statement steps the
    topic from its stored state (another window may have changed it) and writes it, its
    history and (when done) its review card, then one query reads the reviews due (was 16,
    then 6: BEGIN, a read, two writes, COMMIT and the reviews)."""
    app = make_app(clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await pilot.pause()
        # Startup's workers (indexing the roadmap for search) use the same connection: one
        # still running would add its statements to the Enter's.
        await app.workers.wait_for_complete()
        traced: list[str] = []
        # (the sync check's `PRAGMA data_version`, twice a second, is not the Enter's)
        app.store.core.conn.set_trace_callback(
            lambda sql: sql.startswith("PRAGMA data_version") or traced.append(sql)
        )
        await pilot.press("enter")  # todo -> doing
        await pilot.pause()
        app.store.core.conn.set_trace_callback(None)
        assert app.states["linear-algebra"].state is TopicState.DOING
        statements = sent(traced)
        assert len(statements) == 2, statements
        assert statements[0].startswith("INSERT INTO topic_changes")
        assert statements[1].startswith("SELECT r.topic_id, r.due_at")


def sent(traced: list[str]) -> list[str]:
    """The statements sent to SQLite: its trace reports a statement again as it starts each
    trigger program (a RETURNING clause is one), so a repeat in a row is the same statement."""
    return [sql for n, sql in enumerate(traced) if n == 0 or traced[n - 1] != sql]


# -- the timer -----------------------------------------------------------------------------


async def test_t_starts_and_stops_the_timer_shown_in_the_header(make_app, clock) -> None:
    app = make_app(clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        assert "⏱" not in header_line(await screen_text(pilot))
        await pilot.press("t")
        running = app.store.study.running_timer()
        assert running is not None and running.topic_id == "linear-algebra"
        assert "⏱ Linear Algebra 0:00" in header_line(await screen_text(pilot))
        assert "⏱ timing" in await screen_text(pilot)

        clock.now += timedelta(minutes=12, seconds=34)
        app.query_one(TimerBadge).tick()
        assert "⏱ Linear Algebra 12:34" in header_line(await screen_text(pilot))

        await pilot.press("t")
        shown = await screen_text(pilot)
        assert "⏱" not in header_line(shown)
        assert "this week 13m of 17.5 h" in shown and "2h42m planned today" in shown
        assert "Logged 13m on Linear Algebra for Wed 12 Mar · ctrl+z undoes" in notices(app)
        assert app.store.study.running_timer() is None
        [session] = app.store.study.sessions()
        assert (session.topic_id, session.day, session.source) == (
            "linear-algebra",
            UI_TODAY,
            "timer",
        )
        assert session.minutes == pytest.approx(12 + 34 / 60)


async def test_t_in_the_roadmap_and_never_two_timers(make_app, clock) -> None:
    app = make_app(clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "down", "t")  # Linear Algebra in the tree
        assert "⏱ Linear Algebra" in header_line(await screen_text(pilot))
        with pytest.raises(TimerRunning):
            app.store.study.start_timer("calculus", clock())
        clock.now += timedelta(minutes=30)
        await pilot.press("down", "t")  # on Calculus: stops the running timer, starts none
        assert app.store.study.running_timer() is None
        assert [s.topic_id for s in app.store.study.sessions()] == ["linear-algebra"]
        assert "Press t again to start timing Calculus." in notices(app)
        await pilot.press("t")
        assert "⏱ Calculus 0:00" in header_line(await screen_text(pilot))


def test_elapsed_is_shown_as_a_clock() -> None:
    assert [format_elapsed(s) for s in (0, 59, 754, 3723, -5)] == [
        "0:00",
        "0:59",
        "12:34",
        "1:02:03",
        "0:00",
    ]


# -- a timer left running by a killed process ---------------------------------------------------

STARTED = noon(UI_TODAY) - timedelta(minutes=95)  # 10:25 UTC


@pytest.mark.parametrize(
    ("keys", "logged"),
    [
        (["enter"], [95.0]),  # stop it now
        (["down", "enter", *"11:00", "enter"], [35.0]),  # up to a time
        (["down", "enter", *"1h", "enter"], [60.0]),  # up to a length
        (["down", "down", "enter"], []),  # discard it
    ],
    ids=["now", "until-time", "until-length", "discard"],
)
async def test_a_timer_left_running_is_recovered_at_launch(
    make_app, clock, keys: list[str], logged: list[float]
) -> None:
    with open_store() as store:  # what a process killed mid-session leaves behind
        store.study.start_timer("calculus", STARTED)
    app = make_app(clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        # The question is pushed after the first frame: wait for it, however busy the machine.
        await until(pilot, lambda: isinstance(app.screen, TimerRecoveryScreen))
        shown = await screen_text(pilot)
        assert "A study timer is still running" in shown
        assert "Calculus since Wed 12 Mar 10:25 (1h35m)" in shown
        assert "⏱ Calculus 1:35:00" in header_line(shown)
        await pilot.press(*keys)
        await until(pilot, lambda: not isinstance(app.screen, TimerRecoveryScreen))
        await until(pilot, lambda: app.study_timer is None)
        assert app.store.study.running_timer() is None
        assert [s.minutes for s in app.store.study.sessions()] == pytest.approx(logged)
        assert "⏱" not in header_line(await screen_text(pilot))


async def test_keeping_the_timer_and_a_bad_end_time(make_app, clock) -> None:
    with open_store() as store:
        store.study.start_timer("calculus", STARTED)
    app = make_app(clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down", "enter", *"3h", "enter")
        assert isinstance(app.screen, TimerRecoveryScreen)
        assert "the timer has only run 1h35m" in await screen_text(pilot)
        await pilot.press("escape")  # keep it running
        assert app.store.study.running_timer() is not None
        assert app.store.study.sessions() == []
        assert "⏱ Calculus 1:35:00" in header_line(await screen_text(pilot))


def test_session_end_reads_clock_times_and_lengths() -> None:
    start = datetime(2025, 3, 12, 23, 0, tzinfo=UTC)
    now = start + timedelta(hours=5)
    assert session_end("23:45", start, now, UTC) == start + timedelta(minutes=45)
    assert session_end("01:30", start, now, UTC) == start + timedelta(hours=2, minutes=30)
    assert session_end("1h30m", start, now, UTC) == start + timedelta(hours=1, minutes=30)
    for bad, reason in (("25:00", "not a time"), ("soon", "cannot read"), ("6h", "only run")):
        with pytest.raises(ValueError, match=reason):
            session_end(bad, start, now, UTC)


# -- reviews ---------------------------------------------------------------------------------------


async def test_a_review_rated_1_to_4_stores_the_next_due_date(make_app, clock, seeded) -> None:
    app = make_app(clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        shown = await screen_text(pilot)
        assert "Reviews due: 2" in shown and "↻ Calculus" in shown

        await pilot.press("v")
        assert isinstance(app.screen, ReviewScreen)
        shown = await screen_text(pilot)
        assert "Review 1 of 2" in shown and "Calculus" in shown
        assert "Derivatives, integrals, gradients." not in shown  # the answer waits
        due = app.store.study.next_reviews()["calculus"]
        await pilot.press("3")  # no rating before the answer was seen
        await pilot.pause()
        assert app.store.study.next_reviews()["calculus"] == due
        await pilot.press("space")
        shown = await screen_text(pilot)
        assert "Derivatives, integrals, gradients." in shown
        assert "Derivatives and the chain rule" in shown  # a key point
        await pilot.press("3")  # Good
        await pilot.pause()
        good = app.store.study.next_reviews()["calculus"]
        assert good > clock()
        assert f"Calculus: Good. Next review {good:%A} {good.day} {good:%B %Y}." in notices(app)
        shown = await screen_text(pilot)
        assert "Review 2 of 2" in shown and "Linear Algebra" in shown
        assert "Key points" not in shown  # hidden again for the next topic

        await pilot.press("space", "1")  # Again
        await pilot.pause()
        assert not isinstance(app.screen, ReviewScreen)
        again = app.store.study.next_reviews()["linear-algebra"]
        assert clock() < again < good
        assert "No reviews due" in await screen_text(pilot)


# -- stats -----------------------------------------------------------------------------------------


async def test_stats_show_the_week_the_streak_and_the_heatmap(make_app, seeded) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("S")
        assert isinstance(app.screen, StatsScreen)
        lines = (await screen_text(pilot)).splitlines()
        shown = "\n".join(lines)
        # Mon 10 and Tue 11 March: 50 minutes each, against the seeded 15 h a week.
        assert "1h40m of 15 h" in shown
        assert "7 days now · longest 7 days" in shown
        months = next(line for line in lines if "Oct" in line)
        assert all(m in months for m in ("Oct", "Nov", "Dec", "Jan", "Feb", "Mar"))
        row = {name: next(line for line in lines if f"{name} ■" in line) for name in ("Mon", "Wed")}
        assert row["Mon"].count("■") == 26  # every Monday of 26 weeks is past
        sunday = next(line for line in lines if "Sun ■" in line)
        assert sunday.count("■") == 25  # this week's Sunday is still to come
        assert "15h" in shown and "0h" in shown and "target 15 h" in shown
        await pilot.press("escape")
        assert not isinstance(app.screen, StatsScreen)


def test_heatmap_levels_and_bar_blocks() -> None:
    assert [level(m, 200) for m in (0, 1, 50, 51, 150, 200)] == [0, 1, 1, 2, 3, 4]
    assert level(30, 0) == 0
    assert scale_top((), 17.5) == 20
    assert [bar_cell(10, 20, row) for row in range(6)] == ["█", "█", "█", " ", " ", " "]
    assert bar_cell(2.5, 20, 0) == "▆"


def test_month_labels_start_above_their_first_week() -> None:
    from mlroad_tui.plan.stats import heatmap

    labels = month_labels(heatmap({}, UI_TODAY))
    # The first column is the week of Mon 16 Sep 2024; October starts in column 3.
    assert labels.index("Sep") == 4 and labels.index("Oct") == 4 + 2 * 3


# -- pace and re-planning ------------------------------------------------------------------------


@pytest.mark.parametrize("choice", ["p", "k"], ids=["push-later", "keep-end-date"])
async def test_behind_the_learner_chooses_how_to_replan(make_app, seeded, choice: str) -> None:
    from mlroad_tui.plan.context import load_plan

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        shown = await screen_text(pilot)
        assert "days behind" in shown and "p: push the plan later" in shown
        options = load_plan(app.store, app.roadmap, UI_TODAY).replan_options(UI_TODAY)

        await pilot.press("p")
        assert isinstance(app.screen, ReplanScreen)
        shown = await screen_text(pilot)
        assert f"the plan then ends on {options.push_end:%A} {options.push_end.day}" in shown
        assert f"{options.keep_end_weekly_hours:.1f} h a week from today (now 15.0 h)" in shown
        await pilot.press(choice)
        await pilot.pause()

        [replan] = app.store.study.replans()
        assert replan.day == UI_TODAY
        assert (replan.daily_minutes is not None) == (choice == "k")
        end = options.end if choice == "k" else options.push_end
        shown = await screen_text(pilot)
        assert "● on track" in shown and f"plan ends {end:%a} {end.day} {end:%b %Y}" in shown
        assert "p: push" not in shown


async def test_replan_offers_only_catching_up_when_pushing_keeps_the_end(make_app) -> None:
    from mlroad_tui.plan.pace import Pace, PaceStatus, ReplanOptions

    end = UI_TODAY + timedelta(days=90)
    pace = Pace(PaceStatus.BEHIND, 2, 350, 350, end)
    chosen = []
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(ReplanScreen(pace, ReplanOptions(end, end, 15.0), 15.0), chosen.append)
        await pilot.pause()
        shown = await screen_text(pilot)
        assert "Catch up" in shown and f"the plan still ends on {end:%A} {end.day}" in shown
        assert "Push the rest later" not in shown and "Keep the end date" not in shown
        await pilot.press("k")
        assert isinstance(app.screen, ReplanScreen) and chosen == []
        await pilot.press("p")
        assert chosen == [False]


async def test_replan_waits_when_the_learner_decides_later(make_app, seeded) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "p", "escape")
        assert app.store.study.replans() == ()
        assert "p: push the plan later" in await screen_text(pilot)


# -- Today -----------------------------------------------------------------------------------------


async def test_done_in_today_shows_in_the_roadmap_at_once(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        shown = await screen_text(pilot)
        assert "Wednesday 12 March 2025 · 2h55m planned today" in shown
        assert "Linear Algebra" in shown and "2h55m today" in shown
        assert "▸ Khan Academy - Linear Algebra" in shown
        await pilot.press("enter", "enter")  # todo → doing → done
        assert app.states["linear-algebra"].state is TopicState.DONE
        assert "linear-algebra" not in today_ids(app)
        shown = await screen_text(pilot)
        assert "Calculus" in shown and "next up, planned from" in shown and "ahead" in shown
        await pilot.press("1")
        assert "● Linear Algebra" in await screen_text(pilot)


async def test_today_shows_one_of_the_roadmaps_tips_each_day(make_app) -> None:
    tips = {}
    for offset in range(2):
        app = make_app(today=UI_TODAY + timedelta(days=offset))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("2")
            shown = await screen_text(pilot)
            tip = next(t for t in app.roadmap.tips if f"Tip · {t.title}" in shown)
            assert tip.text[:40] in shown
            tips[offset] = tip.id
    assert tips[0] != tips[1]  # tomorrow brings the next tip


async def test_o_in_today_opens_the_first_resource(make_app, browser) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "o")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert browser.opened == ["https://www.khanacademy.org/math/linear-algebra"]


async def test_a_rest_day_offers_what_comes_next(make_app) -> None:
    sunday = UI_TODAY + timedelta(days=4)
    with open_store() as store:
        store.study.save_settings(start=sunday)  # the first study day is Monday
    app = make_app(today=sunday)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        shown = await screen_text(pilot)
        assert "Sunday is a rest day in your plan" in shown
        assert "next up, planned from Mon 17 Mar" in shown


# -- settings and the lists of keys ----------------------------------------------------------------


async def test_settings_are_saved_and_bad_values_explained(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("comma")
        assert isinstance(app.screen, SettingsScreen)
        await pilot.press("tab", "ctrl+a", "ctrl+k", "ctrl+s")
        assert "hours: not a number: ''" in await screen_text(pilot)
        await pilot.press("0", "enter")
        assert "hours: weekly hours must be from 1 to 100 h, got 0" in await screen_text(pilot)
        await pilot.press("ctrl+a", "ctrl+k", *"10", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, SettingsScreen)
        assert app.store.study.settings().weekly_hours == 10
        await pilot.press("2")
        assert "this week 0m of 10 h" in await screen_text(pilot)

        await pilot.press("comma", "tab", "ctrl+a", "ctrl+k", *"12")
        await pilot.press("tab", "tab", *"Mars/Olympus", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)  # asked again, with the reason
        assert "unknown time zone 'Mars/Olympus'" in await screen_text(pilot)
        assert app.store.study.settings().timezone is None
        hours = app.screen.query_one("#settings-hours", Input)
        assert hours.value == "12"  # what was typed is still there
        await pilot.press("tab", "tab", "tab", "ctrl+a", "ctrl+k", *"Europe/Berlin", "enter")
        await pilot.pause()
        saved = app.store.study.settings()
        assert (saved.timezone, saved.weekly_hours) == ("Europe/Berlin", 12)


async def test_study_keys_are_in_the_help_footer_and_palette(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        in_footer = ("t Timer", "S Stats", "v Review", "? Keys")
        await until(pilot, lambda: all(w in visible_text(app).splitlines()[-1] for w in in_footer))
        commands = [command.title for command in app.get_system_commands(app.screen)]
        for title in ("Stats", "Review", "Plan settings", "Start/stop timer"):
            assert title in commands
        await pilot.press("question_mark")
        in_help = ("t             Timer", "S             Stats", ",             Settings")
        await until(pilot, lambda: all(words in visible_text(app) for words in in_help))
        listed = {title: [b.description for b in keys] for title, keys in help_sections()}
        assert listed["Today"] == ["Re-plan"]
        assert listed["Review"] == ["Show answer", "Again", "Hard", "Good", "Easy", "Close"]
