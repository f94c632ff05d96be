"""Study statistics: the week against its target, streaks, the heatmap, the weekly series."""

from __future__ import annotations

from datetime import date, timedelta

from mlroad_tui.plan.stats import heatmap, streaks, study_stats, week_progress, weekly_hours

MON_TO_SAT = (0, 1, 2, 3, 4, 5)
# Mon Jan 1 – Sat Jan 6 2024 studied, Sunday rest, Mon 8 studied, Tue 9 missed, Wed 10, Thu 11.
LOG = {date(2024, 1, d): 30.0 for d in (1, 2, 3, 4, 5, 6, 8, 10, 11)}


def test_a_rest_weekday_does_not_break_a_streak_but_a_missed_study_day_does():
    s = streaks(LOG, MON_TO_SAT, date(2024, 1, 11))
    assert (s.current, s.longest) == (2, 7)
    # with Sunday a study weekday, the run of January 1–6 is only 6 long
    every_day = streaks(LOG, tuple(range(7)), date(2024, 1, 11))
    assert (every_day.current, every_day.longest) == (2, 6)


def test_today_without_study_yet_keeps_the_streak_yesterday_does_not():
    assert streaks(LOG, MON_TO_SAT, date(2024, 1, 12)).current == 2
    assert streaks(LOG, MON_TO_SAT, date(2024, 1, 13)).current == 0
    assert streaks({}, MON_TO_SAT, date(2024, 1, 13)).longest == 0
    # sessions logged for later days do not count yet
    assert streaks({date(2024, 2, 1): 10.0}, MON_TO_SAT, date(2024, 1, 13)).longest == 0


def test_heatmap_has_26_monday_first_weeks_ending_with_today():
    today = date(2024, 1, 11)  # a Thursday
    grid = heatmap(LOG, today)
    assert len(grid.weeks) == 26 and all(len(week) == 7 for week in grid.weeks)
    assert grid.first_day == date(2023, 7, 17) and grid.first_day.weekday() == 0
    assert grid.weeks[-1] == (30.0, 0.0, 30.0, 30.0, None, None, None)
    assert grid.weeks[-2] == (30.0,) * 6 + (0.0,)
    assert grid.weeks[0] == (0.0,) * 7
    assert grid.most == 30.0


def test_weekly_hours_and_this_week_against_its_target():
    log = {date(2024, 1, 8): 90.0, date(2024, 1, 14): 30.0, date(2024, 1, 15): 60.0}
    series = weekly_hours(log, date(2024, 1, 16), weeks=3)
    assert [(w.first_day, w.hours) for w in series] == [
        (date(2024, 1, 1), 0.0),
        (date(2024, 1, 8), 2.0),
        (date(2024, 1, 15), 1.0),
    ]
    week = week_progress(log, date(2024, 1, 14), target_hours=16)
    assert (week.first_day, week.hours, week.fraction) == (date(2024, 1, 8), 2.0, 0.125)


def test_study_stats_bundles_everything_for_the_view():
    today = date(2024, 1, 11)
    stats = study_stats({**LOG, today + timedelta(days=3): 600.0}, today, 17.5, MON_TO_SAT)
    assert stats.total_hours == 4.5
    assert stats.week.hours == 1.5 and stats.week.target_hours == 17.5
    assert (stats.streaks.current, stats.streaks.longest) == (2, 7)
    assert len(stats.weekly) == 26 and stats.weekly[-1].hours == 1.5
