"""Fixing moved links in the roadmap file: each resource whose URL moved permanently (a 301 or
308 the link checker stored) gets the URL it moved to, and nothing else of the file changes.

TOML is edited with tomlkit, which keeps comments, order, quoting and spacing, so the diff
is exactly the URL lines; a Markdown roadmap has each link destination replaced in its text.
The new URL came from a server's Location header: it is used only if it is http(s), has no
spaces or control characters, and the rewritten roadmap still validates.
"""

from __future__ import annotations

import difflib
import os
import re
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from mlroad_tui.config import bundled_curriculum_dir
from mlroad_tui.curriculum import CurriculumInvalid, Roadmap, load_roadmap_text
from mlroad_tui.links.model import LinkResult
from mlroad_tui.urls import is_openable

_UNSAFE = re.compile(r"[\s\x00-\x1f\x7f]")


class CannotFix(Exception):
    """Why the roadmap file was not rewritten, in words for the learner."""


@dataclass(frozen=True)
class Move:
    """A resource whose URL moved permanently, and where to."""

    resource_id: str
    old: str
    new: str


@dataclass(frozen=True)
class Fix:
    """The roadmap file as it is and as it would be with the moves applied."""

    path: Path
    moves: tuple[Move, ...]
    before: str
    after: str

    def diff(self, context: int = 3) -> str:
        """A unified diff of the file, with `context` unchanged lines around each change."""
        lines = difflib.unified_diff(
            self.before.splitlines(keepends=True),
            self.after.splitlines(keepends=True),
            fromfile=str(self.path),
            tofile=f"{self.path} (fixed)",
            n=context,
        )
        return "".join(lines)


def moves(
    roadmap: Roadmap, results: Mapping[str, LinkResult], only: str | None = None
) -> list[Move]:
    """The roadmap's resources (or just `only`) whose last check found a permanent move."""
    found = []
    for resource in roadmap.resources.values():
        if only is not None and resource.id != only:
            continue
        result = results.get(resource.url) if resource.url else None
        new = result.suggestion if result is not None else None
        if resource.url and new and new != resource.url and _safe(new):
            found.append(Move(resource.id, resource.url, new))
    return found


def _safe(url: str) -> bool:
    return is_openable(url) and not _UNSAFE.search(url) and len(url) <= 2000


def plan(path: Path, found: Sequence[Move]) -> Fix:
    """Read the roadmap file and rewrite it in memory; raise `CannotFix` if that fails."""
    try:
        before = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CannotFix(f"cannot read {path}: {_reason(error)}") from None
    if path.suffix.lower() in (".md", ".markdown", ".mdown", ".mkd"):
        after = _rewrite_markdown(before, found)
    else:
        after = _rewrite_toml(before, found)
        try:
            load_roadmap_text(after, path)
        except CurriculumInvalid as invalid:
            raise CannotFix(f"the rewritten roadmap would not validate: {invalid}") from None
    return Fix(path, tuple(found), before, after)


def _rewrite_toml(text: str, found: Iterable[Move]) -> str:
    """Each moved resource's `url` value replaced in place: comments and layout untouched."""
    import tomlkit
    from tomlkit.exceptions import TOMLKitError
    from tomlkit.items import StringType

    by_id = {move.resource_id: move for move in found}
    try:
        document = tomlkit.parse(text)
    except TOMLKitError as error:
        raise CannotFix(f"not valid TOML: {error}") from None
    for table in document.get("resources", []):
        move = by_id.get(table.get("id"))
        if move is None or table.get("url") != move.old:
            continue
        old = table["url"]
        literal = old.type is StringType.SLL and "'" not in move.new
        new = tomlkit.string(move.new, literal=literal)
        new.trivia.indent, new.trivia.comment_ws = old.trivia.indent, old.trivia.comment_ws
        new.trivia.comment, new.trivia.trail = old.trivia.comment, old.trivia.trail
        table["url"] = new
    return tomlkit.dumps(document)


def _rewrite_markdown(text: str, found: Iterable[Move]) -> str:
    """Each moved URL replaced where it stands whole: in (…), <…> or between spaces."""
    for move in found:
        pattern = re.compile(r"(?<=[(<\s])" + re.escape(move.old) + r"(?=[)>\s])")
        text = pattern.sub(lambda _, new=move.new: new, text)
    return text


def is_bundled(path: Path) -> bool:
    """The roadmap shipped with mlroad: never rewritten (an upgrade would undo it anyway)."""
    try:
        return path.resolve().parent == bundled_curriculum_dir().resolve()
    except OSError:
        return False


def write(fix: Fix) -> None:
    """Replace the file with `fix.after` atomically, if it still holds `fix.before`."""
    if is_bundled(fix.path):
        raise CannotFix(
            f"{fix.path} is the roadmap bundled with mlroad; copy it, study the copy "
            "(--curriculum COPY) and fix the links there"
        )
    try:
        current = fix.path.read_bytes().decode("utf-8")
        handle, temporary = tempfile.mkstemp(dir=fix.path.parent, prefix=".mlroad-", suffix=".tmp")
    except (OSError, UnicodeDecodeError) as error:
        raise CannotFix(f"cannot write {fix.path}: {_reason(error)}") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            if current != fix.before:
                raise CannotFix(f"{fix.path} changed since it was read; nothing was written")
            stream.write(fix.after)
        os.chmod(temporary, fix.path.stat().st_mode & 0o7777)
        os.replace(temporary, fix.path)
    except OSError as error:
        raise CannotFix(f"cannot write {fix.path}: {_reason(error)}") from None
    finally:
        Path(temporary).unlink(missing_ok=True)  # gone already when the replace worked


def _reason(error: Exception) -> str:
    return getattr(error, "strerror", None) or str(error)
