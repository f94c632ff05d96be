"""The panes' content for scripts: `topics`, `resources` and `stats` as JSON, `--help`."""

from __future__ import annotations

import json

import pytest

from mlroad_tui.cli import build_parser, main


def run_json(capsys: pytest.CaptureFixture[str], *argv: str):
    code = main([*argv, "--json"])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    return json.loads(out)


def test_topics_json_has_every_topic_with_its_state_and_null_notes(capsys) -> None:
    assert main(["topic", "set", "numpy", "doing"]) == 0
    capsys.readouterr()
    topics = run_json(capsys, "topics")
    assert len(topics) == 52 and topics[0]["id"] == "linear-algebra"
    by_id = {t["id"]: t for t in topics}
    assert by_id["numpy"]["state"] == "doing" and by_id["numpy"]["changed_at"] is not None
    first = by_id["linear-algebra"]
    assert (first["state"], first["changed_at"], first["note"]) == ("todo", None, None)
    assert first["month"] == 1 and first["phase_id"] == "m1-fundamentals"
    assert len({frozenset(t) for t in topics}) == 1  # the same keys on every row


def test_resources_json_has_link_health_keys_even_unchecked(capsys) -> None:
    resources = run_json(capsys, "resources")
    assert len(resources) == 39
    assert len({frozenset(r) for r in resources}) == 1
    assert all(r["link"] is None for r in resources)  # never checked
    assert run_json(capsys, "resources", "--unhealthy") == []


def test_stats_json_measures_logged_time(capsys) -> None:
    assert main(["log", "numpy", "1h30m", "--date", "2025-03-11"]) == 0
    capsys.readouterr()
    stats = run_json(capsys, "stats", "--date", "2025-03-12")
    assert stats["week"] == {"first_day": "2025-03-10", "hours": 1.5, "target_hours": 17.5}
    assert stats["streaks"] == {"current": 1, "longest": 1}
    assert stats["total_hours"] == 1.5
    assert len(stats["weekly"]) == 26 and stats["weekly"][-1]["hours"] == 1.5
    assert stats["heatmap"]["weeks"][-1][:3] == [0.0, 90.0, 0.0]


def test_help_says_bare_mlroad_opens_the_dashboard_and_names_the_exit_codes() -> None:
    text = " ".join(build_parser().format_help().split())
    assert "Run `mlroad` with no command to open the dashboard" in text
    assert "MLROAD_HOME" in text and "MLROAD_CONFIG" in text
    assert "exit status: 0 ok; 1 mlroad failed" in text and "2 the check found problems" in text
