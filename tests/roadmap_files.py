"""Small roadmap files for tests, built from a few values instead of TOML typed out again in
each test: one month, one group, the topics and resources given."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import tomlkit

# A file with an unknown key and a month without its fields: the app shows its problems.
BROKEN_ROADMAP = 'id = "x"\ntitle = "X"\nweekly_hours = [15, 20]\nbogus = 1\n[[phases]]\n'


def topic(
    id: str, title: str, hours: float = 1, resources: Sequence[str] = (), summary: str = ""
) -> dict[str, Any]:
    """A topic of the roadmap's one group (`resources`: the ids of the resources it uses)."""
    fields: dict[str, Any] = {"id": id, "title": title}
    if summary:
        fields["summary"] = summary
    fields["hours"] = hours
    if resources:
        fields["resources"] = list(resources)
    return fields


def resource(id: str, title: str, url: str | None = None, kind: str = "docs") -> dict[str, Any]:
    """A resource (a book, say, has no `url`)."""
    return {"id": id, "title": title, "kind": kind} | ({"url": url} if url else {})


def roadmap_toml(
    *topics: dict[str, Any],
    id: str = "test",
    title: str = "Test",
    weekly_hours: tuple[float, float] = (1, 2),
    resources: Sequence[dict[str, Any]] = (),
    month_resources: Sequence[str] = (),
) -> str:
    """The TOML of a one-month roadmap holding `topics` (`month_resources`: the month's own)."""
    month: dict[str, Any] = {"id": "m1", "month": 1, "title": "One"}
    if month_resources:
        month["resources"] = list(month_resources)
    month["groups"] = [{"id": "g", "title": "G", "topics": list(topics)}]
    document: dict[str, Any] = {
        "id": id,
        "title": title,
        "weekly_hours": list(weekly_hours),
        "phases": [month],
    }
    if resources:
        document["resources"] = list(resources)
    return tomlkit.dumps(document)


def roadmap_file(path: Path, *topics: dict[str, Any], **fields: Any) -> Path:
    """`roadmap_toml(*topics, **fields)` written at `path`."""
    path.write_text(roadmap_toml(*topics, **fields), encoding="utf-8")
    return path


def assert_read_as_tomllib_reads(path: Path, text: str) -> None:
    """Roadmaps are parsed by rtoml for speed: `text` must give the values tomllib reads (by
    repr: nan is not nan), or tomllib's own error where it refuses the text."""
    import tomllib

    from mlroad_tui.tomlfile import parse_toml, syntax_problem

    parsed, problems = parse_toml(path, text)
    try:
        expected = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        assert parsed is None and problems == [syntax_problem(path, text, error)]
    else:
        assert repr(parsed) == repr(expected) and not problems
