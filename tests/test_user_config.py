"""config.toml: where it is, what it holds, every problem with its line, defaults otherwise."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mlroad_tui import config
from mlroad_tui.cli import main
from mlroad_tui.user_config import TEMPLATE, LinkSettings, UserConfig, load_user_config

FIXTURES = Path(__file__).parent / "fixtures" / "curriculum"


def write(text: str) -> Path:
    path = config.config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_path_follows_mlroad_config_then_mlroad_home(mlroad_home, monkeypatch, tmp_path):
    assert config.config_path() == mlroad_home / "config.toml"  # tests never read the real one
    monkeypatch.setenv("MLROAD_CONFIG", str(tmp_path / "elsewhere.toml"))
    assert config.config_path() == tmp_path / "elsewhere.toml"
    monkeypatch.delenv("MLROAD_CONFIG")
    monkeypatch.delenv("MLROAD_HOME")
    assert config.config_path().parts[-2:] == ("mlroad", "config.toml")


def test_no_file_means_every_default() -> None:
    loaded = load_user_config()
    assert (loaded.exists, loaded.settings, loaded.problems) == (False, UserConfig(), ())


def test_a_valid_file_is_read_whole(tmp_path) -> None:
    path = write(
        """# comments are fine
theme = "nord"
browser = "firefox %s"
roadmap = "roadmaps/mine.toml"

[keymap]
"roadmap-advance" = "a,ctrl+a"

[links]
concurrency = 8
timeout = 2.5

[feeds]
keep = 50
"""
    )
    settings = load_user_config().settings
    assert (settings.theme, settings.browser) == ("nord", "firefox %s")
    assert settings.roadmap == path.parent / "roadmaps" / "mine.toml"  # beside the config
    assert settings.keymap == {"roadmap-advance": "a,ctrl+a"}
    assert settings.links == LinkSettings(concurrency=8, timeout=2.5)
    assert settings.links.check_options() == {"concurrency": 8, "timeout": 2.5}
    assert settings.feeds.retention() == {"max_items": 50}
    assert settings.feeds.fetch_options() == {}


def test_every_problem_has_its_file_line_and_field_and_defaults_stay() -> None:
    path = write(
        """theme = "nord"
colour = "red"

[links]
concurrency = 0
timeout = "fast"

[keymap]
"roadmap-advance" = " "
"""
    )
    loaded = load_user_config()
    assert loaded.settings == UserConfig()  # nothing half-applied
    assert [str(p) for p in loaded.problems] == [
        f"{path}:2: colour: unknown key 'colour'; expected one of: "
        "theme, browser, roadmap, keymap, links, feeds",
        f"{path}:5: links.concurrency: the concurrency must be from 1 to 1000, got 0",
        f"{path}:6: links.timeout: expected a number, got a string",
        f"{path}:9: keymap.roadmap-advance: must not be empty",
    ]


def test_a_syntax_error_names_its_line() -> None:
    path = write('theme = "nord"\nbrowser = \n')
    (problem,) = load_user_config().problems
    assert (problem.file, problem.line) == (path, 2)
    assert problem.message.startswith("invalid TOML")


def test_unknown_theme_and_binding_ids_are_placed_on_their_lines() -> None:
    path = write('\ntheme = "neon"\n[keymap]\n"no-such" = "z"\n"known" = "y"\n')
    problems = load_user_config().unknown_names({"nord"}, {"known"})
    assert [str(p) for p in problems] == [
        f"{path}:2: theme: no theme 'neon'; one of: nord",
        f"{path}:4: keymap.no-such: no key binding has this id",
    ]


def test_the_template_is_a_valid_config_of_defaults() -> None:
    write(TEMPLATE)
    loaded = load_user_config()
    assert (loaded.problems, loaded.settings) == ((), UserConfig())


# --- the command line -------------------------------------------------------------------------


def test_config_path_show_and_init(capsys) -> None:
    assert main(["config", "path"]) == 0
    assert capsys.readouterr().out == f"{config.config_path()}\n"
    assert main(["config", "show", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["exists"] is False and shown["theme"] == "textual-dark"
    assert shown["links"] == {
        "concurrency": 64,
        "per_host": 4,
        "timeout": 10.0,
        "max_age_hours": 24,
    }
    assert shown["feeds"] == {"timeout": 15.0, "keep": 500, "keep_days": None}
    assert shown["browser"] is None
    assert (shown["keymap"]["quit"], shown["keymap"]["topic-advance"]) == ("q", "enter,space")
    assert main(["config", "init"]) == 0
    assert config.config_path().read_text() == TEMPLATE
    assert main(["config", "init"]) == 1  # never overwrites
    assert "already exists" in capsys.readouterr().err
    write('theme = "nord"\n[links]\nper_host = 2\n[feeds]\ntimeout = 5\n')
    assert main(["config", "show", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert (shown["theme"], shown["links"]["per_host"], shown["feeds"]["timeout"]) == ("nord", 2, 5)


def test_config_show_exits_2_and_prints_problems_on_stderr(capsys) -> None:
    path = write("[links]\ntimeout = 0\n")
    assert main(["config", "show"]) == 2
    out, err = capsys.readouterr()
    assert f"{path}:2: links.timeout: the timeout must be from 0.5 to 600 s, got 0" in err
    assert "timeout = 10.0" in out  # the default is what is in force
    write('theme = "neon"\n')
    assert main(["config", "show", "--json"]) == 2
    out, err = capsys.readouterr()
    assert json.loads(out)["theme"] == "textual-dark" and "no theme 'neon'" in err


@pytest.mark.parametrize(
    "text",
    [
        "",
        'theme = "nord"\nbrowser = "firefox \\"%s\\""\n[keymap]\ntopic-advance = "a"\nhelp = "f1"\n'
        "[links]\nper_host = 2\nmax_age_hours = 0\n[feeds]\ntimeout = 5\nkeep_days = 30.5\n",
        f'roadmap = "{FIXTURES / "valid.toml"}"\n[feeds]\nkeep = 7\n',
    ],
)
def test_config_show_prints_toml_that_puts_the_same_settings_in_force(capsys, text) -> None:
    """What `config show` prints is a config.toml: parsed by tomllib, and written back, it
    gives the settings in force that it shows; TOML has no null, so unset is a comment."""
    import tomllib

    if text:
        write(text)
    assert main(["config", "show", "--json"]) == 0
    before = json.loads(capsys.readouterr().out)
    assert main(["config", "show"]) == 0
    shown = capsys.readouterr().out
    assert "None" not in shown
    assert tomllib.loads(shown)["keymap"] == before["keymap"]
    write(shown)
    assert load_user_config().problems == ()
    assert main(["config", "show", "--json"]) == 0
    after = json.loads(capsys.readouterr().out)
    assert {**after, "exists": None} == {**before, "exists": None}


def test_unset_settings_are_commented_in_toml_and_null_in_json(capsys) -> None:
    assert main(["config", "show"]) == 0
    shown = capsys.readouterr().out
    assert "# keep_days =   (not set: items of any age stay, up to `keep` per feed)" in shown
    assert "# browser =   (not set: the system's default browser)" in shown
    assert main(["config", "show", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert (shown["browser"], shown["feeds"]["keep_days"]) == (None, None)


def test_config_show_names_an_override_and_its_default(capsys) -> None:
    write('[keymap]\ntopic-advance = "a"\n')
    assert main(["config", "show"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert 'topic-advance = "a" # Advance (default: enter,space)' in lines
    assert 'topic-skip = "x" # Skip' in lines
    write('[keymap]\nno-such = "a"\n')
    assert main(["config", "show"]) == 2
    out, err = capsys.readouterr()
    assert ":2: keymap.no-such: no key binding has this id" in err and "no-such" not in out


def test_commands_use_the_configured_roadmap_and_survive_a_broken_file(capsys) -> None:
    write(f'roadmap = "{FIXTURES / "valid.toml"}"\n')
    assert main(["status", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["phases"]) == 1
    path = write("roadmap = \n")
    assert main(["status", "--json"]) == 0  # the bundled roadmap, and a warning
    out, err = capsys.readouterr()
    assert len(json.loads(out)["phases"]) == 6
    assert f"{path} has 1 problem(s); using the default settings" in err
    assert f"{path}:1: invalid TOML" in err


@pytest.mark.parametrize("value", ["1", "0.4", "601"])
def test_feed_timeouts_out_of_range_are_refused(value: str) -> None:
    write(f"[feeds]\ntimeout = {value}\n" if value != "1" else "[feeds]\ntimeout = true\n")
    (problem,) = load_user_config().problems
    assert problem.field == "feeds.timeout" and problem.line == 2
