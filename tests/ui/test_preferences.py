"""config.toml in the app: a theme chosen in the palette survives a restart, a keymap rebinds
keys, a broken file is reported line by line while the app runs on the defaults."""

from __future__ import annotations

import re

from mlroad_tui import config
from mlroad_tui.progress import TopicState
from mlroad_tui.ui.app import MlroadApp
from mlroad_tui.ui.keymap import every_binding
from mlroad_tui.user_config import load_user_config
from tests.ui.conftest import screen_text, until

SIZE = (120, 40)


def write_config(text: str) -> None:
    path = config.config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def notifications(app: MlroadApp) -> str:
    return "\n".join(f"{n.title}: {n.message}" for n in app._notifications)


async def test_a_theme_chosen_in_the_palette_survives_a_restart(make_app) -> None:
    write_config('# my settings\nbrowser = "firefox %s"  # keep this comment\n')
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        assert app.theme == "textual-dark"
        await pilot.press("ctrl+p", *"theme", "enter")
        await pilot.pause()
        await pilot.press(*"nord", "enter")
        await pilot.pause()
        assert app.theme == "nord"
    text = config.config_path().read_text()
    assert 'theme = "nord"' in text and "# keep this comment" in text and "# my settings" in text
    again = make_app()
    async with again.run_test(size=SIZE):
        assert again.theme == "nord"


async def test_the_first_theme_choice_writes_a_commented_config(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.theme = "gruvbox"
        await pilot.pause()
    loaded = load_user_config()
    assert loaded.settings.theme == "gruvbox" and loaded.problems == ()
    assert "# [links]" in loaded.text  # the template's comments came along


async def test_a_keymap_in_config_toml_rebinds_a_key(make_app) -> None:
    write_config('[keymap]\ntopic-advance = "a"\nhelp = "f1"\n')
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "down")  # the first phase's first topic
        topic_id = "linear-algebra"
        await pilot.press("enter", "space")  # no longer bound: nothing changes
        assert topic_id not in app.states
        await pilot.press("a")
        assert app.states[topic_id].state is TopicState.DOING
        await pilot.press("f1")
        shown = await screen_text(pilot)
        assert "Keys" in shown and "topic-advance" in shown
        row = next(line for line in shown.splitlines() if "topic-advance" in line)
        # the help shows the learner's key, not the default
        assert re.search(r"\ba\s+Advance\s+topic-advance", row), row
        # every id in the keymap exists: the only notice is the change's (with its undo)
        assert notifications(app).splitlines() == [": Linear Algebra: todo → doing · ctrl+z undoes"]


async def test_a_broken_config_is_reported_by_line_and_the_app_runs_on_defaults(
    make_app,
) -> None:
    write_config('theme = "nord"\n[links]\nconcurrency = 0\n[keymap]\ntopic-advance = "a"\n')
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        assert app.theme == "textual-dark"  # nothing of a broken file is applied
        said = notifications(app)
        path = config.config_path()
        assert "config.toml: the defaults are in use" in said
        assert f"{path}:3: links.concurrency: the concurrency must be from 1 to 1000, got 0" in said
        await pilot.press("down", "down", "enter")  # the default key still works
        assert app.states["linear-algebra"].state is TopicState.DOING


async def test_a_toml_syntax_error_is_reported_and_the_app_starts(make_app) -> None:
    write_config("theme = \n")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        said = notifications(app)
        assert f"{config.config_path()}:1: invalid TOML" in said
        assert "Roadmap" in await screen_text(pilot)
    assert config.config_path().read_text() == "theme = \n"  # not overwritten


async def test_unknown_theme_and_binding_ids_are_named(make_app) -> None:
    write_config('theme = "neon"\n[keymap]\nno-such-binding = "z"\n')
    app = make_app()
    async with app.run_test(size=SIZE):
        said = notifications(app)
        assert "config.toml: those settings are not in use" in said
        assert ":1: theme: no theme 'neon'" in said
        assert ":3: keymap.no-such-binding: no key binding has this id" in said


async def test_the_palette_has_one_entry_called_keys(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE):
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert titles.count("Keys") == 1


async def test_the_configured_browser_command_opens_links(make_app, monkeypatch) -> None:
    import webbrowser

    asked: list[str | None] = []

    class Recorder(webbrowser.BaseBrowser):
        def open(self, url: str, new: int = 0, autoraise: bool = True) -> bool:
            return True

    def get(using: str | None = None) -> webbrowser.BaseBrowser:
        asked.append(using)
        return Recorder("recorder")

    monkeypatch.setattr(webbrowser, "get", get)
    write_config('browser = "my-browser --new-tab %s"\n')
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.library.open_link("https://example.org/")
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert asked == ["my-browser --new-tab %s"]


def test_every_binding_has_an_id_a_keymap_can_name() -> None:
    """config.toml's [keymap] reaches only bindings with ids: a new binding without one (or
    reusing another's id for another action) fails here, not in a learner's keymap."""
    import importlib
    import inspect
    import pkgutil

    from textual.binding import Binding

    import mlroad_tui.ui as ui

    actions: dict[str, str] = {}
    for info in pkgutil.walk_packages(ui.__path__, "mlroad_tui.ui."):
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__:
                continue
            for binding in cls.__dict__.get("BINDINGS", []):
                assert isinstance(binding, Binding) and binding.id, (cls, binding)
                first = actions.setdefault(binding.id, binding.action)
                assert first == binding.action, f"{binding.id} names two actions"
    assert {"topic-advance", "help", "quit", "news-next-folder"} <= set(actions)


def test_the_keymap_table_has_every_binding_a_class_declares() -> None:
    """`every_binding()` lists the classes by hand: a new screen with keys fails here until
    it is listed, so config.toml's [keymap] check and `config show` know its ids."""
    import importlib
    import inspect
    import pkgutil

    import mlroad_tui.ui as ui

    declared = set()
    for info in pkgutil.walk_packages(ui.__path__, "mlroad_tui.ui."):
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__:
                declared |= {binding.id for binding in cls.__dict__.get("BINDINGS", [])}
    assert declared == {binding.id for _, binding in every_binding()}


def _bound_keys(app: MlroadApp, keys: dict[str, set[str]]) -> None:
    """Add the keys of every binding of the screen shown (and of the app) to `keys`, by id."""
    for node in [app, *app.screen.walk_children(with_self=True)]:
        for bindings in node._bindings.key_to_bindings.values():
            for binding in bindings:
                if binding.id:  # Textual's own (ctrl+q, the Input's keys) have none
                    keys.setdefault(binding.id, set())
    for key, active in app.screen.active_bindings.items():
        if active.binding.id:
            keys.setdefault(active.binding.id, set()).add(key)


async def test_config_show_lists_every_binding_of_the_running_app(make_app, capsys) -> None:
    import tomllib

    from mlroad_tui.cli import main

    write_config('[keymap]\ntopic-advance = "a"\nhelp = "f1"\n')
    assert main(["config", "show"]) == 0
    shown = tomllib.loads(capsys.readouterr().out)["keymap"]
    bound: dict[str, set[str]] = {}
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        for pane in "21432":  # each pane, its main widget focused
            await pilot.press(pane)
            await pilot.pause()
            _bound_keys(app, bound)
        # the dialogs, each opened by its key and closed by Esc (help by the learner's f1)
        for keys in (["f1"], ["comma"], ["S"], ["ctrl+f"], ["R"], ["4", "F"]):
            await pilot.press(*keys)
            await until(pilot, lambda: len(app.screen_stack) > 1)
            _bound_keys(app, bound)
            await pilot.press("escape")
            await until(pilot, lambda: len(app.screen_stack) == 1)
    assert len(bound) > 50 and set(bound) <= set(shown)
    for binding_id, keys in bound.items():  # what is in force, the learner's keys included
        assert keys <= set(shown[binding_id].split(",")), binding_id
    assert bound["topic-advance"] == {"a"} and bound["help"] == {"f1"}
    assert bound["quit"] == {"q"} and shown["quit"] == "q"
