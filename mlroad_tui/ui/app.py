"""The mlroad App: composes the panes of the registry over one roadmap and one store, holds
what the panes show (reactives bound to the panes' own), and routes the panes' requests to the
desks, plain objects that do the work (ui/study.py, ui/news.py, ui/library.py, ui/search.py,
ui/roadmaps.py, ui/sync.py)."""

from __future__ import annotations

import gc
from collections.abc import Callable, Coroutine, Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events, on
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Container
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from mlroad_tui import config
from mlroad_tui.catalog import LinkResults
from mlroad_tui.curriculum import Roadmap
from mlroad_tui.links import CheckOptions
from mlroad_tui.progress import ResourceState, States
from mlroad_tui.store import Store, StoreError, Upgrading
from mlroad_tui.ui import notices, palette, typeahead
from mlroad_tui.ui.library import LibraryDesk
from mlroad_tui.ui.messages import LibraryRequest, NewsRequest, StudyRequest
from mlroad_tui.ui.news import NewsDesk
from mlroad_tui.ui.panes.registry import FIRST, PANES
from mlroad_tui.ui.preferences import Preferences
from mlroad_tui.ui.roadmaps import RoadmapsDesk, open_at_launch
from mlroad_tui.ui.search import SearchDesk
from mlroad_tui.ui.study import StudyDesk, system_clock
from mlroad_tui.ui.sync import CHECK_EVERY, SyncDesk
from mlroad_tui.ui.undo import Undo
from mlroad_tui.ui.views import Clock, ShownTimer, TodayView
from mlroad_tui.ui.widgets.keys_footer import KeysFooter
from mlroad_tui.ui.widgets.pane_stack import PaneStack
from mlroad_tui.ui.widgets.pane_tabs import PaneTabs
from mlroad_tui.ui.widgets.timer_badge import TimerHeader
from mlroad_tui.user_config import LoadedConfig, load_user_config

if TYPE_CHECKING:  # these load after the first frame
    from mlroad_tui.feeds.model import Item
    from mlroad_tui.feeds.relevance import RelevantItem
    from mlroad_tui.feeds.view import NewsView
    from mlroad_tui.search.model import Hit
    from mlroad_tui.ui.panes.news import NewsPane


# Seconds a pane switch holds the screen's updates (action_show_pane): its work takes 2-5 ms
# of turns of the event loop; a whole frame (1/60 s) held every switch 12 ms longer than that.
SWITCH_FRAME = 0.004


class MlroadApp(App[None]):
    """The panes of the registry over one roadmap and one SQLite store."""

    CSS_PATH = "app.tcss"
    TITLE = "mlroad"
    BINDINGS = [
        # Not in the Footer: the pane strip shows each pane's key beside its name.
        *(
            Binding(p.key, f"show_pane('{p.id}')", p.title, show=False, id=f"pane-{p.id}")
            for p in PANES
        ),
        # `S`: lower-case `s` belongs to the News pane; `v` (re-view) is free in every pane;
        # `,` opens settings as in many editors. `t` (timer) and `p` (re-plan) are the panes'.
        Binding("S", "stats", "Stats", id="stats"),
        Binding("v", "review", "Review", id="review"),
        Binding("comma", "settings", "Settings", show=False, id="plan-settings"),
        Binding("R", "roadmaps", "Roadmaps", show=False, id="roadmaps"),
        Binding("ctrl+z", "undo", "Undo", show=False, id="undo"),
        Binding("ctrl+f", "search", "Search", id="search", show=False),  # help, palette
        Binding("question_mark", "help", "Keys", id="help"),
        Binding("q", "quit", "Quit", id="quit"),
    ]
    # Every action of the bindings above but Quit needs the panes (a roadmap and a store).
    _NEEDS_THE_ROADMAP = frozenset(b.action.split("(")[0] for b in BINDINGS) - {"quit"}

    # What the panes show (bound to the panes' reactives of the same name), set by the desks.
    # No repaint: the App draws none of it, and its repaint is the whole screen's (at 100,000
    # news items, 10-20 ms of each News filter keystroke's frame); the panes redraw what changed.
    states: reactive[States] = reactive(dict, init=False, repaint=False)
    notes: reactive[dict[str, str]] = reactive(dict, init=False, repaint=False)
    resource_states: reactive[dict[str, ResourceState]] = reactive(dict, init=False, repaint=False)
    link_results: reactive[LinkResults] = reactive(dict, init=False, repaint=False)
    check_progress: reactive[tuple[int, int] | None] = reactive(None, init=False, repaint=False)
    news: reactive[NewsView | None] = reactive(None, init=False, repaint=False)
    news_reader: reactive[Callable[[int], Item | None] | None] = reactive(
        None, init=False, repaint=False
    )
    today_news: reactive[tuple[RelevantItem, ...]] = reactive(tuple, init=False, repaint=False)
    feed_progress: reactive[tuple[int, int] | None] = reactive(None, init=False, repaint=False)
    today_view: reactive[TodayView | None] = reactive(None, init=False, repaint=False)
    study_timer: reactive[ShownTimer | None] = reactive(None, init=False, repaint=False)
    resource_finder: reactive[Callable[[str], set[str] | None] | None] = reactive(
        None, init=False, repaint=False
    )

    def __init__(
        self,
        curriculum_path: Path | None = None,
        db_path: Path | None = None,
        link_options: CheckOptions | None = None,
        *,
        today: date | None = None,
        clock: Clock | None = None,
        user_config: LoadedConfig | None = None,
        on_upgrade: Upgrading | None = None,
    ) -> None:
        """`curriculum_path` None: the roadmap opened last (else the bundled one). `today` and
        `clock` fix the date and time (tests, screenshots); default: now. `user_config` is
        config.toml as read (default: read from its usual place). `on_upgrade` hears of a
        database upgrade before it starts, while the terminal is still the shell's."""
        super().__init__()
        self.preferences = Preferences(self, user_config or load_user_config())
        self.preferences.apply()
        settings = self.preferences.settings
        self.link_options = link_options or CheckOptions(**settings.links.check_options())
        self.clock, self.today = clock or system_clock, today
        self.undo = Undo(self.say, self.reload_after_undo)
        self.db_path = db_path or config.db_path()
        self.opened = opened = open_at_launch(self.db_path, curriculum_path, on_upgrade)
        store, roadmap = opened.store, opened.roadmap
        self.store: Store | None = store
        self.roadmap: Roadmap | None = None  # until shown
        if store is not None and roadmap is not None:
            self.newsdesk = NewsDesk(
                self, store, roadmap, settings=settings.feeds, open_link=self.open_link
            )
            self.show_roadmap(roadmap)

    def show_roadmap(self, roadmap: Roadmap) -> None:
        """Make `roadmap` the one shown: desks over its part of the store, its progress read."""
        assert self.store is not None
        self.roadmap = roadmap
        self.store = store = self.store.for_roadmap(roadmap.id)
        self.sub_title = roadmap.title
        self.study = StudyDesk(
            self, store, roadmap, undo=self.undo, clock=self.clock, today=self.today
        )
        browser, options = self.preferences.settings.browser, self.link_options
        self.library = LibraryDesk(
            self, store, roadmap, undo=self.undo, browser=browser, link_options=options
        )
        self.finder = SearchDesk(self, store, roadmap, show_hit=self.show_hit)
        self.shelf = RoadmapsDesk(
            self, store, roadmap, switch=lambda r: self.call_after_refresh(self.switch_roadmap, r)
        )
        self.sync = SyncDesk(  # Today follows a change of states by itself
            store,
            on_commit=(self.reload_progress, self.library.load_link_results),
            on_study=self.study.refresh,
            on_news=self.newsdesk.reload,
        )
        self.reload_progress()

    def reload_progress(self) -> None:
        """Read the roadmap's progress again (from a change elsewhere, or an undo)."""
        self.study.reload()
        self.library.reload()

    def watch_states(self, states: States) -> None:
        """Progress changed (e.g. Done in Today or the Roadmap): Today follows at once."""
        self.study.states_changed(states)

    def compose(self) -> ComposeResult:
        if self.roadmap is None:
            return
        yield TimerHeader(self.clock).data_bind(timer=MlroadApp.study_timer)
        yield PaneTabs({p.id: f"{p.key} {p.title}" for p in PANES}, active=FIRST.id)
        with PaneStack(initial=FIRST.id):
            yield FIRST.build(self.roadmap, MlroadApp)
            for pane in PANES[1:]:
                yield Container(id=pane.id)  # filled by _mount_hidden_panes

    async def _mount_hidden_panes(self) -> None:
        """Build the other panes just after the first frame, so that it waits neither for
        them nor for importing their code; and their keys in the Footer, so that showing one
        first mounts nothing."""
        assert self.roadmap is not None
        self._read_dialog_styles()
        for pane in PANES[1:]:
            widget = pane.build(self.roadmap, MlroadApp)
            await self.query_one(f"#{pane.id}", Container).mount(widget)
        self.query_one(KeysFooter).prepare(self.query_one(p.focus) for p in PANES)

    def _read_dialog_styles(self) -> None:
        """Read every dialog's styles now, off the first frame: a screen that brings a file
        not read yet has Textual restyle every widget of the app, ~27 ms of the keystroke that
        first opens each dialog. Their rules name only the dialogs' own widgets, so the
        widgets styled already need no restyling."""
        for path in sorted((Path(__file__).parent / "screens").glob("*.tcss")):
            self.stylesheet.read(path)
        self.stylesheet.reparse()

    def on_mount(self) -> None:
        self.preferences.report()
        opened = self.opened
        if opened.problems or opened.db_error is not None:
            from mlroad_tui.ui.screens.error import CurriculumErrorScreen, DatabaseErrorScreen

            self.push_screen(
                CurriculumErrorScreen(opened.problems)
                if opened.problems
                else DatabaseErrorScreen(self.db_path, opened.db_error or "")
            )
            return
        assert self.store is not None
        for notice in notices.opened(self.store, opened.moved):
            self.tell(notice)
        self._start_panes()
        self.call_after_refresh(self.study.start)
        self.call_after_refresh(self.newsdesk.start)
        self.call_after_refresh(self._start_sync)
        self.set_interval(60, lambda: self.study.check_new_day(), name="new day")

    def _start_sync(self) -> None:
        """After the first frame: remember where the data stands, then watch it."""
        self.sync.remember()
        self.set_interval(CHECK_EVERY, lambda: self.sync.check(), name="sync")

    def _start_panes(self) -> None:
        # Focus first, then the Footer: it composes once, with the focused pane's keys, and
        # is in the first frame (Textual's own waits for two more refreshes).
        self.screen.set_focus(self.query_one(FIRST.focus))
        self.mount(KeysFooter())
        self.call_after_refresh(self.shelf.remember)
        self.call_after_refresh(self._mount_hidden_panes)
        self.call_after_refresh(self.library.load_link_results)
        self.call_after_refresh(self.finder.start)  # this roadmap's resources and topics

    async def switch_roadmap(self, roadmap: Roadmap) -> None:
        """Show another roadmap: its own progress, notes, plan, log and stats; the panes are
        built again for it (they hold the roadmap they show)."""
        self.today_view = None
        self.show_roadmap(roadmap)
        self.undo.clear()
        await self.recompose()
        self._start_panes()
        self.study.refresh()
        self.sync.remember()
        self.newsdesk.follow(roadmap)

    def reload_after_undo(self) -> None:
        self.reload_progress()
        self.study.refresh()

    def on_ready(self) -> None:
        """The first frame is up: resume garbage collection if the launch paused it, with what
        startup built (Textual's and the roadmap's objects, kept for good) frozen out of it.
        Startup's few cycles of garbage are frozen too (~2,300 of ~94,000 objects, measured):
        a one-off cost, where a collection here would stall the first keystroke ~24 ms."""
        if not gc.isenabled():
            gc.freeze()
            gc.enable()
        if self.store is not None and not self.store.read_only:  # (nothing could be set aside)
            # The whole file's integrity check, which opening it skips after a clean exit (it
            # grows with the news: ~0.2 s at 100k items), off the UI thread.
            check, then = self.store.check_in_full, self._checked_store
            self.in_thread(check, then, name="checking the database", group="integrity")

    def _checked_store(self, sound: bool) -> None:
        if not sound:
            self.tell(notices.DAMAGED)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """On an error screen (no roadmap shown) only Quit and the palette work, so only
        they show."""
        return self.roadmap is not None or action not in self._NEEDS_THE_ROADMAP

    # -- what the desks ask of the app (ui.host.Host) and how errors are said -----------------

    def say(self, message: str, **how: Any) -> None:
        """A notification shown literally: messages carry titles, URLs and error texts."""
        self.notify(message, markup=False, **how)

    def tell(self, notice: notices.Notice) -> None:
        text, how = notice
        self.say(text, **how)

    def in_thread(
        self,
        work: Callable[[], Any],
        then: Callable[[Any], object] | None = None,
        *,
        name: str,
        group: str,
        exclusive: bool = False,
    ) -> None:
        def run() -> None:
            result = work()
            if then is not None:
                self.call_from_thread(then, result)

        self.run_worker(
            run, name=name, group=group, thread=True, exclusive=exclusive, exit_on_error=False
        )

    def in_background(self, work: Coroutine[Any, Any, object], *, name: str, group: str) -> None:
        self.run_worker(work, name=name, group=group, exclusive=True, exit_on_error=False)

    def ask(self, screen: Screen[Any], then: Callable[[Any], object] | None = None) -> None:
        self.push_screen(screen, then)

    async def on_event(self, event: events.Event) -> None:
        if not await typeahead.bound_at_once(self, event):
            await super().on_event(event)
            typeahead.forwarded(self, event)

    async def _dispatch_message(self, message: Message) -> None:
        """A change the database refuses (read-only, full disk) is said, not fatal.

        Textual ends the app on any exception a handler raises; the store's refusals are
        expected and carry their reason, so they become a notification instead."""
        try:
            await super()._dispatch_message(message)
        except StoreError as error:
            self.tell(notices.not_saved(error))

    def _handle_exception(self, error: Exception) -> None:
        """The same for callbacks run outside a handler (e.g. `call_after_refresh`)."""
        if isinstance(error, StoreError):
            self.tell(notices.not_saved(error))
        else:
            super()._handle_exception(error)

    def _fatal_error(self) -> None:
        """A bug ends the app without Textual's traceback on the terminal: `mlroad`'s
        last-resort handler reports it (one line, the traceback in mlroad.log)."""
        self.bell()
        self._close_messages_no_wait()

    @property
    def crash(self) -> Exception | None:
        """The bug that ended the app, if one did."""
        return self._exception

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Every worker's one error path: say what failed and stay up (workers are started
        with exit_on_error=False, so an error never ends the app)."""
        if event.state is WorkerState.ERROR:
            error = event.worker.error
            if isinstance(error, StoreError):
                self.tell(notices.not_saved(error))
            else:
                self.tell(notices.failed(event.worker.name, error))

    def on_unmount(self) -> None:
        self.preferences.remember_theme()
        if self.store is not None:
            self.store.close()

    # -- panes, help and the palette ---------------------------------------------------------

    def action_show_pane(self, pane: str) -> None:
        """Switch panes in one frame: the switch's work (focus leaving and arriving, the
        panes' displays, the Footer's keys, the tabs) reaches the screen over a few turns of
        the event loop, each of which would otherwise paint a frame of its own, 1/60 s apart;
        updates wait the few milliseconds that work takes."""
        self.delay_update(SWITCH_FRAME)
        self.set_focus(None)  # else focus, left in the hidden pane, would switch back to it
        self.query_one(PaneStack).current = pane
        self.query_one(PaneTabs).active = pane
        self._focus_pane(pane)

    def on_pane_tabs_chosen(self, event: PaneTabs.Chosen) -> None:
        self.action_show_pane(event.pane)

    def _focus_pane(self, pane_id: str) -> None:
        """Give the keyboard to the pane's main widget (once its lazy mount has happened)."""
        pane = next((p for p in PANES if p.id == pane_id), None)
        if pane is None:
            return
        target = self.query(pane.focus)
        if target:
            typeahead.focus_now(target.first())
        else:
            self.call_after_refresh(self._focus_pane, pane_id)

    def action_help(self) -> None:
        from mlroad_tui.ui.keymap import help_sections
        from mlroad_tui.ui.screens.help import HelpScreen

        self.push_screen(HelpScreen(help_sections(), self.preferences.settings.keymap))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        # Textual's own "Keys" (a side panel) would stand beside ours under the same name.
        yield from (c for c in super().get_system_commands(screen) if c.title != "Keys")
        if self.roadmap is not None:  # on an error screen nothing of ours works
            yield from palette.commands(self)

    # -- requests: each kind to the desk that answers it (ui/messages.py) --------------------

    @on(StudyRequest)
    def _to_study(self, request: StudyRequest) -> None:
        request.answer(self.study)

    @on(LibraryRequest)
    def _to_library(self, request: LibraryRequest) -> None:
        request.answer(self.library)

    @on(NewsRequest)
    def _to_news(self, request: NewsRequest) -> None:
        request.answer(self.newsdesk)

    def show_hit(self, hit: Hit | None) -> None:
        """A search hit in its pane: a topic or a note in the Roadmap, a resource in
        Resources, a news item in News and in the reader."""
        from mlroad_tui.search.model import Kind
        from mlroad_tui.ui.panes.news import NewsPane
        from mlroad_tui.ui.panes.resources import ResourcesPane
        from mlroad_tui.ui.panes.roadmap import RoadmapPane

        if hit is None:
            return
        if hit.kind is Kind.RESOURCE:
            self.action_show_pane("resources")
            for resources in self.query(ResourcesPane):
                resources.show_resource(hit.ref)
        elif hit.kind is Kind.NEWS:
            self.action_show_pane("news")
            for news in self.query(NewsPane):
                news.show_item(hit.ref)
            self.newsdesk.read_item(int(hit.ref))
        else:
            self.action_show_pane("roadmap")
            self.query_one(RoadmapPane).show_topic(hit.ref)

    def open_link(self, url: str | None) -> None:
        self.library.open_link(url)

    def on_news_pane_manage_feeds(self, _: NewsPane.ManageFeeds) -> None:
        self.action_feeds()

    def action_feeds(self) -> None:
        from mlroad_tui.ui.screens.feeds import FeedsScreen

        self.push_screen(FeedsScreen().data_bind(MlroadApp.news))

    def action_stats(self) -> None:
        self.study.show_stats()

    def action_review(self) -> None:
        self.study.review()

    def action_settings(self) -> None:
        self.study.edit_settings()

    def action_roadmaps(self) -> None:
        self.shelf.choose()

    def action_undo(self) -> None:
        self.undo.undo()

    def action_search(self) -> None:
        self.finder.open()
