"""The mlroad App: composes the four panes, owns the store, reacts to the panes' requests."""

from __future__ import annotations

import gc
import sqlite3
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Container
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Footer

from mlroad_tui import config
from mlroad_tui.catalog import LinkResults
from mlroad_tui.curriculum import CurriculumInvalid, Problem, Roadmap
from mlroad_tui.links import CheckOptions
from mlroad_tui.links import run as link_check
from mlroad_tui.progress import States
from mlroad_tui.roadmap_cache import load_roadmap_cached
from mlroad_tui.store import ResourceState, SchemaTooNew, Store
from mlroad_tui.store.progress import UNSTARTED
from mlroad_tui.ui import messages
from mlroad_tui.ui.messages import CheckLinks, ManageFeeds, RefreshFeeds
from mlroad_tui.ui.news import NewsMixin
from mlroad_tui.ui.panes.roadmap import RoadmapPane, RoadmapTree
from mlroad_tui.ui.study import STUDY_BINDINGS, StudyMixin, system_clock
from mlroad_tui.ui.widgets.pane_tabs import PaneTabs
from mlroad_tui.ui.widgets.timer_badge import Clock, TimerHeader
from mlroad_tui.urls import CannotOpen, is_openable, open_in_browser

if TYPE_CHECKING:
    from mlroad_tui.ui.screens.help import HelpSection

PANES = {"roadmap": "Roadmap", "today": "Today", "resources": "Resources", "news": "News"}
# One Footer entry for 1–4 (the tabs name the panes), leaving room for the panes' own keys.
PANE_KEYS = Binding.Group("Panes", compact=True)
# The widget that takes the keyboard when a pane is shown.
PANE_FOCUS = {
    "roadmap": "#roadmap-tree",
    "today": "#today-list",
    "resources": "#resource-table",
    "news": "#news-table",
}


class MlroadApp(NewsMixin, StudyMixin, App[None]):
    """Roadmap, Today, Resources and News over one roadmap and one SQLite store."""

    CSS_PATH = "app.tcss"
    TITLE = "mlroad"
    BINDINGS = [
        *(
            Binding(str(n), f"show_pane('{pane}')", title, group=PANE_KEYS)
            for n, (pane, title) in enumerate(PANES.items(), start=1)
        ),
        *STUDY_BINDINGS,
        Binding("question_mark", "help", "Keys"),
        Binding("q", "quit", "Quit"),
    ]

    states: reactive[States] = reactive(dict, init=False)
    notes: reactive[dict[str, str]] = reactive(dict, init=False)
    resource_states: reactive[dict[str, ResourceState]] = reactive(dict, init=False)
    link_results: reactive[LinkResults] = reactive(dict, init=False)
    check_progress: reactive[tuple[int, int] | None] = reactive(None, init=False)

    def __init__(
        self,
        curriculum_path: Path,
        db_path: Path | None = None,
        link_options: CheckOptions | None = None,
        *,
        today: date | None = None,
        clock: Clock | None = None,
    ) -> None:
        """`today` and `clock` fix the date and time (tests, screenshots); default: now."""
        super().__init__()
        self.fixed_today = today
        self.clock = clock or system_clock
        self.link_options = link_options
        self.roadmap: Roadmap | None = None
        self.problems: list[Problem] = []
        self.store: Store | None = None
        self._moved_db: Path | None = None
        try:
            self.roadmap = load_roadmap_cached(curriculum_path, config.cache_dir())
        except CurriculumInvalid as invalid:
            self.problems = invalid.problems
            return
        try:
            self.store, self._moved_db = Store.open(db_path or config.db_path())
        except (SchemaTooNew, OSError, sqlite3.OperationalError) as error:
            self.problems = [Problem(db_path or config.db_path(), None, "", str(error))]
            return
        self.sub_title = self.roadmap.title
        self._reload()

    def _reload(self) -> None:
        assert self.store is not None
        progress = self.store.progress
        self.states = progress.topic_states()
        self.resource_states = progress.resource_states()
        self.notes = progress.notes()

    def compose(self) -> ComposeResult:
        if self.roadmap is None:
            return
        yield TimerHeader(self.clock).data_bind(timer=MlroadApp.study_timer)
        yield PaneTabs(PANES, active="roadmap")
        with ContentSwitcher(initial="roadmap"):
            yield RoadmapPane(self.roadmap, id="roadmap").data_bind(
                MlroadApp.states, MlroadApp.notes, MlroadApp.link_results
            )
            for pane in PANES:
                if pane != "roadmap":
                    yield Container(id=pane)  # filled by _mount_hidden_panes
        yield Footer()

    async def _mount_hidden_panes(self) -> None:
        """Build Today, Resources and News just after the first frame, so that it waits
        neither for them nor for importing their code."""
        from mlroad_tui.ui.panes.news import NewsPane
        from mlroad_tui.ui.panes.resources import ResourcesPane
        from mlroad_tui.ui.panes.today import TodayPane

        assert self.roadmap is not None
        panes = {
            "today": TodayPane(self.roadmap).data_bind(
                view=MlroadApp.today_view, today_news=MlroadApp.today_news
            ),
            "resources": ResourcesPane(self.roadmap).data_bind(
                MlroadApp.resource_states, MlroadApp.link_results, MlroadApp.check_progress
            ),
            "news": NewsPane().data_bind(MlroadApp.news, MlroadApp.feed_progress),
        }
        for pane_id, pane in panes.items():
            await self.query_one(f"#{pane_id}", Container).mount(pane)

    def on_mount(self) -> None:
        if self.problems:
            from mlroad_tui.ui.screens.error import CurriculumErrorScreen

            self.push_screen(CurriculumErrorScreen(self.problems))
            return
        if self._moved_db is not None:
            self.say(
                f"The database was damaged. It was set aside as {self._moved_db} "
                "and a new one was created.",
                title="Database set aside",
                severity="warning",
                timeout=20,
            )
        self.query_one("#roadmap-tree").focus()
        self.call_after_refresh(self._mount_hidden_panes)
        self.call_after_refresh(self._load_link_results)
        self.call_after_refresh(self.start_study)
        self.call_after_refresh(self.start_news)

    def on_ready(self) -> None:
        """The first frame is up: resume garbage collection if the launch paused it, with what
        startup built (Textual's and the roadmap's objects, kept for good) frozen out of it.
        Startup's few cycles of garbage are frozen too (~2,300 of ~94,000 objects, measured):
        a one-off cost, where a collection here would stall the first keystroke ~24 ms."""
        if not gc.isenabled():
            gc.freeze()
            gc.enable()

    def _load_link_results(self) -> None:
        """Link badges are not needed for the first frame; they arrive right after it."""
        assert self.store is not None
        self.link_results = self.store.links.results()

    def say(self, message: str, **kwargs: Any) -> None:
        """A notification shown literally: messages carry titles, URLs and error texts."""
        self.notify(message, markup=False, **kwargs)

    def on_unmount(self) -> None:
        if self.store is not None:
            self.store.close()

    # -- panes ---------------------------------------------------------------------------

    def action_show_pane(self, pane: str) -> None:
        self.set_focus(None)  # else focus, left in the hidden pane, would switch back to it
        self.query_one(ContentSwitcher).current = pane
        self.query_one(PaneTabs).active = pane
        self._focus_pane(pane)

    def on_pane_tabs_chosen(self, event: PaneTabs.Chosen) -> None:
        self.action_show_pane(event.pane)

    def _focus_pane(self, pane: str) -> None:
        """Give the keyboard to the pane's main widget (once its lazy mount has happened)."""
        if pane not in PANE_FOCUS:
            return
        target = self.query(PANE_FOCUS[pane])
        if target:
            # At once, not via Widget.focus() (a callback later): a key typed right after the
            # pane's number must already reach the pane, e.g. "3/" to filter resources.
            self.screen.set_focus(target.first())
        else:
            self.call_after_refresh(self._focus_pane, pane)

    def help_sections(self) -> list[HelpSection]:
        """Every binding, grouped by where it works; read from the widgets themselves."""
        from mlroad_tui.ui.panes.news import NewsPane, NewsTable
        from mlroad_tui.ui.panes.resources import ResourcesPane, ResourceTable
        from mlroad_tui.ui.screens.feeds import FeedsScreen
        from mlroad_tui.ui.screens.notes import NotesScreen

        return [
            ("Everywhere", self.BINDINGS),
            ("Roadmap and Today", RoadmapTree.BINDINGS),
            ("Resources", [*ResourcesPane.BINDINGS, *ResourceTable.BINDINGS]),
            ("News", [*NewsPane.BINDINGS, *NewsTable.BINDINGS]),
            ("Feeds screen (F in News)", FeedsScreen.BINDINGS),
            ("Notes editor", NotesScreen.BINDINGS),
            *self.study_help(),
        ]

    def action_help(self) -> None:
        from mlroad_tui.ui.screens.help import HelpScreen

        self.push_screen(HelpScreen(self.help_sections()))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if self.roadmap is None:
            return
        for pane, title in PANES.items():
            yield SystemCommand(f"Go to {title}", f"Show the {title} pane", self._goto(pane))
        yield SystemCommand("Keys", "Show every key binding", self.action_help)
        yield SystemCommand("Check links", "Check every resource link", self._post(CheckLinks()))
        yield SystemCommand("Refresh news", "Fetch every enabled feed", self._post(RefreshFeeds()))
        yield SystemCommand("Feeds", "Add, remove, rename feeds", self._post(ManageFeeds()))
        yield from self.study_commands()

    def _goto(self, pane: str):
        return lambda: self.action_show_pane(pane)

    def _post(self, message: Message):
        return lambda: self.post_message(message)

    # -- requests from the panes -----------------------------------------------------------

    def on_change_topic(self, message: messages.ChangeTopic) -> None:
        assert self.store is not None
        current = self.states.get(message.topic_id, UNSTARTED).state
        new = current.advanced() if message.change == "advance" else current.skip_toggled()
        self.store.progress.set_topic_state(message.topic_id, new)
        self.states = self.store.progress.topic_states()

    def on_toggle_bookmark(self, message: messages.ToggleBookmark) -> None:
        assert self.store is not None
        self.store.progress.toggle_bookmark(message.resource_id)
        self.resource_states = self.store.progress.resource_states()

    def on_open_resource(self, message: messages.OpenResource) -> None:
        assert self.store is not None and self.roadmap is not None
        resource = self.roadmap.resources[message.resource_id]
        if resource.url is None:
            self.say(f"{resource.title} is a book without a link.", title="Nothing to open")
            return
        self.open_link(resource.url, resource.id)

    def on_open_url(self, message: messages.OpenUrl) -> None:
        self.open_link(message.url)

    def open_link(self, url: str | None, resource_id: str | None = None) -> None:
        """Open an http(s) URL from a thread (browsers can be slow to start); refuse the rest."""
        if url is not None and is_openable(url):
            self._launch_browser(url, resource_id)
        else:
            self.say(
                f"Refused to open {url!r}: only http and https links are opened.",
                title="Link not opened",
                severity="error",
            )

    @work(thread=True, group="browser")
    def _launch_browser(self, url: str, resource_id: str | None) -> None:
        try:
            open_in_browser(url)
        except CannotOpen as reason:
            self.call_from_thread(
                self.say,
                f"{reason}. The link: {url}",
                title="Link not opened",
                severity="warning",
                timeout=10,
            )
        else:
            self.call_from_thread(self._opened, url, resource_id)

    def _opened(self, url: str, resource_id: str | None) -> None:
        self.say(url, title="Opened in your browser")
        if resource_id is not None and self.store is not None:
            self.store.progress.mark_visited(resource_id)
            self.resource_states = self.store.progress.resource_states()

    def on_check_links(self, _: messages.CheckLinks) -> None:
        assert self.roadmap is not None and self.store is not None
        urls = list(dict.fromkeys(r.url for r in self.roadmap.resources.values() if r.url))
        self.run_worker(
            link_check.check_links(self.store, urls, self._link_checked, self.link_options),
            name="links",
            group="links",
            exclusive=True,
        )

    def _link_checked(self, run: link_check.LinkRun) -> None:
        """Each verdict as it arrives: badges and the progress bar update live."""
        self.link_results = run.merged(self.link_results)
        self.check_progress = None if run.finished else (run.done, run.total)
        if run.finished:
            self.say(run.summary(), title="Links checked", severity=run.severity)

    def on_edit_note(self, message: messages.EditNote) -> None:
        assert self.roadmap is not None and self.store is not None
        topic = self.roadmap.topic(message.topic_id)
        if topic is None:
            return
        store = self.store

        def save(text: str | None) -> None:
            if text is not None:
                store.progress.save_note(topic.id, text)
                self.notes = store.progress.notes()

        from mlroad_tui.ui.screens.notes import NotesScreen

        self.push_screen(NotesScreen(topic, store.progress.note(topic.id)), save)
