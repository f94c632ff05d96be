"""Requests any widget may post up to the app, and the desk each kind goes to.

A request that one widget sends is defined in that widget (e.g. `NewsTable.Open`), so its name
says who asks and what; it derives from the request of one desk and says, in `answer`, what it
asks of that desk. The App hands each request to its desk, so a new request adds no route.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from mlroad_tui.ui.library import LibraryDesk
    from mlroad_tui.ui.news import NewsDesk
    from mlroad_tui.ui.study import StudyDesk


class StudyRequest(Message):
    """A request the study desk answers: topic states and notes, the timer, reviews, re-plans."""

    def answer(self, study: StudyDesk) -> None:
        raise NotImplementedError


class LibraryRequest(Message):
    """A request the library desk answers: resources, links, bookmarks, link checks."""

    def answer(self, library: LibraryDesk) -> None:
        raise NotImplementedError


class NewsRequest(Message):
    """A request the news desk answers: loading, refreshing, items and subscriptions."""

    def answer(self, news: NewsDesk) -> None:
        raise NotImplementedError


@dataclass
class OpenUrl(LibraryRequest):
    """Open a link in the web browser (http and https only; the app refuses the rest)."""

    url: str | None

    def answer(self, library: LibraryDesk) -> None:
        library.open_link(self.url)
