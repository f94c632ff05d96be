"""Columns fitted to the room there is: the detail goes first, the column that matters stays."""

from __future__ import annotations

from mlroad_tui.ui.panes.news import COLUMNS as NEWS
from mlroad_tui.ui.panes.resources import COLUMNS as RESOURCES
from mlroad_tui.ui.widgets.virtual_table import Column, fit


def titles(widths, columns) -> list[str]:
    return [c.title for c, w in zip(columns, widths, strict=True) if w]


def test_columns_keep_their_widths_where_they_fit() -> None:
    assert fit(RESOURCES, 116) == tuple(c.width for c in RESOURCES)


def test_at_80_columns_resources_drop_topics_and_keep_the_link_health() -> None:
    widths = fit(RESOURCES, 76)
    assert titles(widths, RESOURCES) == ["Title", "Kind", "Month", "Visited", "Link"]
    assert widths[-1] == 17 and widths[0] == 31  # the title gives up the rest
    assert sum(w for w in widths if w) + 4 == 76


def test_at_80_columns_news_keeps_feed_and_age() -> None:
    widths = fit(NEWS, 76)
    assert titles(widths, NEWS) == ["", "Title", "Feed", "Age"]
    assert widths[2:] == (22, 5)


def test_a_column_never_dropped_stays_however_narrow() -> None:
    columns = (Column("Title", 40, least=10), Column("Extra", 10, drop=1), Column("Link", 9))
    assert fit(columns, 15) == (10, None, 9)  # too wide still, but the link is there
