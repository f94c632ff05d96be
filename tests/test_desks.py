"""The desks without Textual: each is a plain object over a real store and the bundled roadmap,
served by a host that runs work at once and records what it was asked to say and show. No App
is built here (tests/test_architecture.py checks that the desks load no Textual)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from mlroad_tui import config
from mlroad_tui.curriculum import Roadmap, load_roadmap
from mlroad_tui.feeds.view import NewsQuery
from mlroad_tui.links import CheckOptions, LinkResult, Verdict
from mlroad_tui.progress import TopicProgress, TopicState
from mlroad_tui.search.model import Kind
from mlroad_tui.shelf import shelf
from mlroad_tui.store import Store
from mlroad_tui.ui.library import LibraryDesk
from mlroad_tui.ui.news import NewsDesk
from mlroad_tui.ui.roadmaps import RoadmapsDesk, open_at_launch
from mlroad_tui.ui.search import SearchDesk
from mlroad_tui.ui.study import StudyDesk
from mlroad_tui.ui.sync import SyncDesk
from mlroad_tui.ui.undo import DEPTH, Undo
from mlroad_tui.user_config import FeedSettings
from tests.feedserver import FeedServer, Route, fixture

TODAY = date(2025, 3, 3)
NOON = datetime(2025, 3, 3, 12, tzinfo=UTC)


class Host:
    """The App as the desks see it: work runs at once; notices and screens are recorded."""

    def __init__(self) -> None:
        self.said: list[tuple[str, dict[str, Any]]] = []
        self.asked: list[tuple[Any, Callable[[Any], object] | None]] = []
        self.background: list[Coroutine[Any, Any, object]] = []
        self.screen: Any = None
        self.states: dict[str, Any] = {}
        self.notes: dict[str, str] = {}
        self.today_view: Any = None
        self.study_timer: Any = None
        self.resource_states: dict[str, Any] = {}
        self.link_results: dict[str, Any] = {}
        self.check_progress: tuple[int, int] | None = None
        self.news: Any = None
        self.news_reader: Any = None
        self.today_news: tuple[Any, ...] = ()
        self.feed_progress: tuple[int, int] | None = None
        self.resource_finder: Callable[[str], set[str] | None] | None = None

    def say(self, message: str, **how: Any) -> None:
        self.said.append((message, how))

    def in_thread(self, work, then=None, *, name: str, group: str, exclusive: bool = False):
        result = work()
        if then is not None:
            then(result)

    def in_background(self, work, *, name: str, group: str) -> None:
        self.background.append(work)

    def ask(self, screen: Any, then: Callable[[Any], object] | None = None) -> None:
        self.asked.append((screen, then))

    def last(self) -> str:
        return self.said[-1][0]


@pytest.fixture
def roadmap() -> Roadmap:
    return load_roadmap(config.bundled_curriculum())


@pytest.fixture
def host() -> Host:
    return Host()


@pytest.fixture
def undo(host: Host) -> Undo:
    return Undo(host.say, lambda: None)


@pytest.fixture
def study(host: Host, store: Store, roadmap: Roadmap, undo: Undo) -> Iterator[StudyDesk]:
    store.study.pin_start(TODAY - timedelta(days=14))
    yield StudyDesk(host, store, roadmap, undo=undo, clock=lambda: NOON, today=TODAY)


def test_a_topic_steps_from_its_stored_state_and_ctrl_z_takes_it_back(
    study: StudyDesk, host: Host, undo: Undo, store: Store
) -> None:
    study.change_topic("calculus", TopicState.advanced)
    assert host.states["calculus"].state is TopicState.DOING
    assert host.last() == "Calculus: todo → doing · ctrl+z undoes"
    # Another window finished it meanwhile: the next step starts from there.
    store.progress.set_topic_state("calculus", TopicState.DONE)
    study.change_topic("calculus", TopicState.skip_toggled)
    assert host.states["calculus"].state is TopicState.SKIPPED
    undo.undo()
    assert store.progress.topic_state("calculus").state is TopicState.DONE
    assert host.last() == "Undone: Calculus: done → skipped"


def test_undo_keeps_the_last_changes_only(host: Host) -> None:
    reverted: list[int] = []
    undo = Undo(host.say, lambda: None)
    undo.undo()
    assert host.last() == "Nothing to undo."
    for n in range(DEPTH + 5):
        undo.did(f"change {n}", lambda n=n: reverted.append(n) or True)
    while host.last() != "Nothing to undo.":
        undo.undo()
    assert reverted == list(range(DEPTH + 4, 4, -1))


def test_the_timer_starts_stops_and_logs_a_session_that_undo_removes(
    study: StudyDesk, host: Host, undo: Undo, store: Store
) -> None:
    study.toggle_timer(None)
    assert host.last() == "Highlight a topic in the Roadmap or in Today, then press t."
    study.toggle_timer("calculus")
    assert host.study_timer.title == "Calculus" and host.today_view.timer_topic == "calculus"
    study.clock = lambda: NOON + timedelta(minutes=45)
    study.toggle_timer("linear-algebra")  # stops the running one, whatever its topic
    assert host.study_timer is None
    assert [(s.topic_id, s.minutes) for s in store.study.sessions()] == [("calculus", 45)]
    assert host.said[-2][0].startswith("Logged 45m on Calculus")
    assert host.last() == "Press t again to start timing Linear Algebra."
    undo.undo()
    assert store.study.sessions() == []


def test_today_follows_a_change_of_states_without_reading_the_plan_again(
    study: StudyDesk, host: Host
) -> None:
    study.refresh()
    before = host.today_view
    study.states_changed({"calculus": TopicProgress(TopicState.DONE)})
    assert host.today_view is not before and host.today_view.week == before.week
    assert host.today_view.states["calculus"].state is TopicState.DONE


def test_a_note_is_saved_and_a_cancelled_editor_saves_nothing(
    study: StudyDesk, host: Host, store: Store
) -> None:
    study.save_note("calculus", "limits first")
    study.save_note("calculus", None)
    assert host.notes == {"calculus": "limits first"} == store.progress.notes()


def test_a_review_of_a_finished_topic_is_saved_and_others_are_refused(
    study: StudyDesk, host: Host, store: Store
) -> None:
    study.rate("calculus", 3)
    assert host.last() == "calculus is not in the review queue: finish it first"
    study.change_topic("calculus", lambda _: TopicState.DONE)
    study.rate("calculus", 3)
    assert host.last().startswith("Calculus: Good. Next review")
    assert "calculus" in store.study.next_reviews()


@pytest.fixture
def library(host: Host, store: Store, roadmap: Roadmap, undo: Undo) -> LibraryDesk:
    return LibraryDesk(host, store, roadmap, undo=undo, browser=None, link_options=CheckOptions())


def test_a_bookmark_shows_at_once_and_undo_removes_it(
    library: LibraryDesk, host: Host, undo: Undo, roadmap: Roadmap
) -> None:
    resource_id = next(iter(roadmap.resources))
    library.toggle_bookmark(resource_id)
    assert host.resource_states[resource_id].bookmarked
    assert host.last().startswith(f"Bookmarked {roadmap.resources[resource_id].title}")
    undo.undo()
    assert host.last().startswith("Undone: Bookmarked")


@pytest.mark.parametrize("url", ["file:///etc/passwd", "javascript:alert(1)", None])
def test_only_http_links_are_opened(library: LibraryDesk, host: Host, url: str | None) -> None:
    library.open_link(url)
    message, how = host.said[-1]
    assert message.startswith("Refused to open") and how["severity"] == "error"


def test_a_book_without_a_link_and_the_bundled_roadmap_are_explained(
    library: LibraryDesk, host: Host, roadmap: Roadmap
) -> None:
    book = next(r for r in roadmap.resources.values() if r.url is None)
    library.open_resource(book.id)
    assert host.last() == f"{book.title} is a book without a link."
    library.fix_link(book.id)
    assert host.said[-1][1]["title"] == "Not moved"


@pytest.fixture
def news(host: Host, store: Store, roadmap: Roadmap) -> NewsDesk:
    opened: list[str | None] = []
    desk = NewsDesk(host, store, roadmap, settings=FeedSettings(), open_link=opened.append)
    desk.opened = opened  # type: ignore[attr-defined]
    return desk


def refresh(news: NewsDesk, host: Host) -> None:
    news.refresh()
    asyncio.run(host.background.pop())


def test_a_refresh_stores_the_items_shows_them_and_says_how_many(
    news: NewsDesk, host: Host, store: Store, feed_server: FeedServer
) -> None:
    refresh(news, host)
    assert host.last().startswith("No feeds are enabled")
    feed_server.routes["/feed"] = Route(fixture("arxiv_cs_lg.xml"))
    news.add_feed(feed_server.url("/feed"))
    assert host.last().startswith("Subscribed to")
    refresh(news, host)
    count = len(store.feeds.items())
    assert count and host.last() == f"{count} new items from 1 feeds."
    assert host.feed_progress is None and len(host.news.items) == count


def test_an_item_read_starred_and_opened_shows_its_new_state(
    news: NewsDesk, host: Host, store: Store, feed_server: FeedServer
) -> None:
    feed_server.routes["/feed"] = Route(fixture("arxiv_cs_lg.xml"))
    news.add_feed(feed_server.url("/feed"))
    refresh(news, host)
    first = store.feeds.item(host.news.items[0].id)
    assert first is not None
    assert host.news.first == first  # the list's first item comes in full, for its detail
    news.toggle_star(first.id)
    assert host.news.items[0].starred and host.news.first == host.news.items[0]
    news.open_item(first.id)
    assert news.opened == [first.link] and host.news.items[0].read  # type: ignore[attr-defined]


def test_an_older_answer_is_dropped_when_a_newer_query_was_asked(
    news: NewsDesk, host: Host
) -> None:
    news.load(NewsQuery(text="graph"))
    answered = host.news
    news._wanted = NewsQuery(text="graphs")  # a newer keystroke, whose answer is pending
    news._loaded(answered)
    assert host.news is answered  # set once, by its own load; not again when stale
    host.news = None
    news._loaded(answered)
    assert host.news is None


def test_a_refused_feed_change_is_explained(news: NewsDesk, host: Host) -> None:
    news.add_feed("ftp://example.org/feed")
    message, how = host.said[-1]
    assert how["title"] == "Feed not changed" and "ftp" in message


def test_a_moved_link_of_the_bundled_roadmap_is_never_rewritten(
    library: LibraryDesk, host: Host, roadmap: Roadmap
) -> None:
    """Whatever path the app was launched with (none: the roadmap opened last), the file the
    shown roadmap came from is the one judged."""
    resource = next(r for r in roadmap.resources.values() if r.url)
    url = resource.url or ""
    moved = LinkResult(url, Verdict.REDIRECTED, 301, url + "x", True, NOON, 1)
    host.link_results = {url: moved}
    library.fix_link(resource.id)
    message, how = host.said[-1]
    assert how["title"] == "Not fixed" and message.startswith("The bundled roadmap")
    assert host.asked == []


def test_a_launch_opens_the_store_and_the_roadmap_or_says_why_not(tmp_path: Path) -> None:
    opened = open_at_launch(tmp_path / "mlroad.db", None)  # none given: the bundled one
    assert opened.store is not None and opened.roadmap is not None
    assert opened.roadmap.source == config.bundled_curriculum() and not opened.problems
    opened.store.close()
    broken = tmp_path / "broken.toml"
    broken.write_text("[roadmap]\nid = 3\n", encoding="utf-8")
    opened = open_at_launch(tmp_path / "mlroad.db", broken)
    assert opened.roadmap is None and opened.problems and opened.store is not None
    opened.store.close()
    opened = open_at_launch(tmp_path, broken)  # a directory is no database
    assert opened.store is None and opened.db_error


def test_the_resources_filter_waits_for_the_index_then_finds_through_it(
    host: Host, store: Store, roadmap: Roadmap
) -> None:
    host.resource_finder = lambda typed: set()  # a finder of the roadmap shown before
    desk = SearchDesk(host, store, roadmap, show_hit=lambda hit: None)
    assert desk.matching_resources("calculus") == set()  # nothing indexed yet
    desk.start()
    assert host.resource_finder == desk.matching_resources
    resource = next(iter(roadmap.resources.values()))
    assert resource.id in (host.resource_finder(resource.title) or set())
    assert host.resource_finder("") is None  # nothing typed: every resource shows
    topics = desk.find("calculus")[Kind.TOPIC]
    assert "calculus" in {hit.ref for hit in topics}


@pytest.fixture
def other_roadmap(tmp_path: Path) -> Path:
    text = config.bundled_curriculum().read_text()
    path = tmp_path / "other.toml"
    path.write_text(text.replace('id = "ml-roadmap"', 'id = "other-roadmap"', 1))
    return path


def test_a_roadmap_chosen_is_switched_to_and_one_that_cannot_load_is_explained(
    host: Host, store: Store, roadmap: Roadmap, other_roadmap: Path
) -> None:
    switched: list[Roadmap] = []
    desk = RoadmapsDesk(host, store, roadmap, switch=switched.append)
    desk.remember()
    store.roadmaps.record("other-roadmap", "Other", other_roadmap)

    def entries() -> dict[str, Any]:
        found = shelf(store.roadmaps.seen(), store.roadmaps.states_of, config.cache_dir())
        return {entry.seen.id: entry for entry in found}

    assert set(entries()) == {"ml-roadmap", "other-roadmap"}  # remembered: it is listed
    desk.chosen(entries()["ml-roadmap"])  # the one shown: nothing to do
    desk.chosen(None)  # cancelled
    assert switched == [] and host.said == []
    desk.chosen(entries()["other-roadmap"])
    assert [r.id for r in switched] == ["other-roadmap"]
    other_roadmap.unlink()
    desk.chosen(entries()["other-roadmap"])
    assert len(switched) == 1
    assert host.said[-1][1] == {"title": "Roadmap not opened"}
    assert host.last().endswith("its progress is kept.")


def test_a_commit_from_another_window_reloads_only_the_parts_it_changed(
    store: Store, tmp_path: Path
) -> None:
    called: list[str] = []
    sync = SyncDesk(
        store,
        on_commit=(lambda: called.append("progress"),),
        on_study=lambda: called.append("study"),
        on_news=lambda: called.append("news"),
    )
    sync.remember()
    sync.check()
    assert called == []  # nothing committed elsewhere
    other, _ = Store.open(tmp_path / "mlroad.db")  # another window on the same file
    try:
        other.progress.set_topic_state("calculus", TopicState.DONE)
        sync.check()
        assert called == ["progress"]
        sync.check()
        assert called == ["progress"]  # once per commit
        other.study.pin_start(TODAY)
        sync.check()
        assert called == ["progress", "progress", "study"]
        other.feeds.add("https://example.org/feed.xml")
        sync.check()
        assert called[3:] == ["progress", "news"]
    finally:
        other.close()
