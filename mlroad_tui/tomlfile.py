"""Reading a TOML file a person wrote, with every problem located by file, line and field.

TOML parsers report no positions for values, so problems are placed by scanning the text for
table headers and `key =` lines. The roadmap loader (curriculum.py) and config.toml share this.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from types import UnionType
from typing import TYPE_CHECKING, Any

from mlroad_tui.files import UnreadableFile, read_capped
from mlroad_tui.limits import OutOfRange, Range
from mlroad_tui.text import strip_controls

if TYPE_CHECKING:
    import tomllib

# The bundled roadmap is ~40 KB and one of 2,000 topics ~1 MB: 8 MiB is room, not a risk.
MAX_TOML_BYTES = 8 * 1024 * 1024

Location = tuple[str | int, ...]  # a location in the TOML document, e.g. ("phases", 2, "hours")

_SYNTAX_POSITION = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)\Z")
_HEADER_LINE = re.compile(r"\s*(\[\[?)\s*([^\[\]#]+?)\s*\]\]?\s*(?:#.*)?\Z")
_KEY_LINE = re.compile(r"""\s*([A-Za-z0-9_.-]+|"[^"]*"|'[^']*')\s*=""")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a TOML file a person wrote, located as precisely as we can."""

    file: Path
    line: int | None
    field: str
    message: str

    def __post_init__(self) -> None:
        # Both may quote the file (a key, a value): shown on a terminal, so made safe here.
        object.__setattr__(self, "field", strip_controls(self.field))
        object.__setattr__(self, "message", strip_controls(self.message))

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else str(self.file)
        if self.field:
            return f"{where}: {self.field}: {self.message}"
        return f"{where}: {self.message}"


def format_field(path: Location) -> str:
    """Render a document location as `phases[2].groups[0].hours`."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def read_toml(path: Path) -> tuple[str, dict[str, Any] | None, list[Problem]]:
    """The file's text and parsed document, or None and the one problem that stopped it."""
    try:
        text = read_capped(path, MAX_TOML_BYTES).decode("utf-8")
    except UnreadableFile as error:
        return "", None, [Problem(path, None, "", str(error))]
    except UnicodeDecodeError as error:
        return "", None, [Problem(path, None, "", f"not UTF-8 text: {error.reason}")]
    return (text, *parse_toml(path, text))


def parse_toml(path: Path, text: str) -> tuple[dict[str, Any] | None, list[Problem]]:
    """The document in `text` (read from `path`), or None and the problem that stopped it, in
    tomllib's words with its line and column.

    rtoml (Rust) parses a roadmap of 5,400 topics in ~75 ms where tomllib takes ~530 ms, most
    of a launch that finds no cached roadmap. What rtoml refuses goes to tomllib, so a broken
    file is reported exactly as before, and what only tomllib takes (a float beyond a 64-bit
    one's range) still loads. rtoml is given CRLF line ends as LF, as tomllib reads them.
    """
    import rtoml  # here: a launch that finds its roadmap in the cache never needs a parser

    try:
        return rtoml.loads(text.replace("\r\n", "\n")), []
    except rtoml.TomlParsingError:
        pass
    import tomllib

    try:
        return tomllib.loads(text), []
    except tomllib.TOMLDecodeError as error:
        return None, [syntax_problem(path, text, error)]
    except RecursionError:  # tomllib recurses once per nested array or inline table
        return None, [Problem(path, None, "", "invalid TOML: nested too deeply")]


def syntax_problem(path: Path, text: str, error: tomllib.TOMLDecodeError) -> Problem:
    """tomllib puts the position in its message only; move it into the Problem."""
    message = str(error)
    match = _SYNTAX_POSITION.search(message)
    if match is None:
        return Problem(path, None, "", f"invalid TOML: {message}")
    message = message[: match.start()]
    if match.group(1) is None:
        return Problem(path, text.count("\n") + 1, "", f"invalid TOML: {message} at end of file")
    line, column = int(match.group(1)), int(match.group(2))
    return Problem(path, line, "", f"invalid TOML: {message} (column {column})")


class LineIndex:
    """Line numbers of table headers and `key =` lines, since tomllib reports no positions.

    `[[phases.groups]]` headers are numbered by occurrence under their current parent, so the
    third `[[phases]]` is ("phases", 2) and keys below it are ("phases", 2, key).
    """

    def __init__(self, text: str) -> None:
        self.lines: dict[Location, int] = {}
        counts: dict[Location, int] = {}
        table: Location = ()
        in_string: str | None = None
        for number, line in enumerate(text.splitlines(), start=1):
            if in_string is not None:
                if line.count(in_string) % 2:
                    in_string = None
                continue
            header = _HEADER_LINE.match(line)
            if header:
                table = self._table_path(header.group(2), header.group(1) == "[[", counts)
                self.lines.setdefault(table, number)
                continue
            key = _KEY_LINE.match(line)
            if key:
                name = key.group(1)  # a quoted key is one part, dots and all
                parts = (_unquote(name),) if name[0] in "\"'" else tuple(name.split("."))
                self.lines.setdefault(table + parts, number)
                in_string = _opened_multiline_string(line[key.end() :])

    @staticmethod
    def _table_path(name: str, is_array: bool, counts: dict[Location, int]) -> Location:
        parts = [_unquote(p) for p in name.split(".")]
        path: Location = ()
        for position, part in enumerate(parts):
            path = (*path, part)
            if is_array and position == len(parts) - 1:
                counts[path] = counts.get(path, -1) + 1
            if path in counts:
                path = (*path, counts[path])
        return path

    def find(self, path: Location) -> int | None:
        """The line of `path`, or of the nearest enclosing key or table that has one."""
        for end in range(len(path), 0, -1):
            line = self.lines.get(path[:end])
            if line is not None:
                return line
        return None


def _unquote(part: str) -> str:
    part = part.strip()
    return part[1:-1] if len(part) >= 2 and part[0] == part[-1] and part[0] in "\"'" else part


def _opened_multiline_string(value: str) -> str | None:
    """The delimiter of a multi-line string left open at the end of this value, if any."""
    for delimiter in ('"""', "'''"):
        if value.lstrip().startswith(delimiter) and value.count(delimiter) % 2:
            return delimiter
    return None


def type_name(value: object) -> str:
    names = {
        bool: "a boolean",
        int: "an integer",
        float: "a float",
        str: "a string",
        list: "an array",
        dict: "a table",
    }
    return names.get(type(value), "a date/time")


class TomlReader:
    """Collects the problems of one parsed document, each placed on its line."""

    def __init__(self, file: Path, text: str) -> None:
        self.file = file
        self.text = text
        self.problems: list[Problem] = []

    @cached_property
    def lines(self) -> LineIndex:
        """Built only when there is a problem to locate: a clean load skips the scan."""
        return LineIndex(self.text)

    def problem(self, path: Location, message: str) -> None:
        self.problems.append(Problem(self.file, self.lines.find(path), format_field(path), message))


def is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


class Table:
    """Typed access to one TOML table; every miss or wrong type becomes a Problem."""

    def __init__(
        self, reader: TomlReader, data: dict[str, Any], path: Location, keys: tuple[str, ...] = ()
    ) -> None:
        self.reader = reader
        self.data = data
        self.path = path
        if keys:
            self.check_keys(keys)

    def check_keys(self, keys: tuple[str, ...]) -> None:
        for key in self.data:
            if key not in keys:
                self.reader.problem(
                    (*self.path, key), f"unknown key {key!r}; expected one of: {', '.join(keys)}"
                )

    def get(self, key: str, kind: type | UnionType, expected: str, required: bool = True) -> Any:
        """The value of `key` if present and of type `kind`; else None, with a Problem."""
        if key not in self.data:
            if required:
                self.reader.problem((*self.path, key), "missing required field")
            return None
        value = self.data[key]
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
            self.reader.problem((*self.path, key), f"expected {expected}, got {type_name(value)}")
            return None
        return value

    def text(self, key: str, required: bool = True, clean: bool = True) -> str:
        """A string, with escape sequences and control characters removed: the file is
        untrusted, and its text reaches terminals (the TUI, `report`, `plan show`).
        Ids and kinds are checked as written (`clean=False`), never silently changed."""
        value = self.data.get(key)
        if value.__class__ is not str:  # absent or not a string: `get` says which, if wrong
            value = self.get(key, str, "a string", required)
            if value is None:
                return ""
        if clean:
            value = strip_controls(value)
        if required and not value.strip():
            self.reader.problem((*self.path, key), "must not be empty")
        return value

    def line(self, key: str, required: bool = True) -> str:
        """A one-line string (titles, names): safe like `text`, whitespace collapsed."""
        return " ".join(self.text(key, required).split())  # (`text` made it safe)

    def ranged(self, key: str, limits: Range, default: float | None = None) -> float:
        """A number within its documented range (nan and inf never are); required unless
        there is a `default` for when it is absent."""
        if default is not None and key not in self.data:
            return default
        value = self.get(key, int | float, "a number")
        try:
            return float(limits.check(value)) if value is not None else 0.0
        except OutOfRange as error:
            self.reader.problem((*self.path, key), str(error))
            return 0.0

    def texts(self, key: str, required: bool = True, clean: bool = True) -> tuple[str, ...]:
        """An array of strings, each made safe like `text` (ids: `clean=False`)."""
        items = self.get(key, list, "an array of strings", required) or []
        strings = []
        for position, item in enumerate(items):
            if isinstance(item, str):
                strings.append(strip_controls(item) if clean else item)
            else:
                self.reader.problem(
                    (*self.path, key, position), f"expected a string, got {type_name(item)}"
                )
        return tuple(strings)

    def tables(self, key: str, required: bool = True, non_empty: bool = False) -> list[Table]:
        """The array of tables under `key` (written as `[[key]]`), each wrapped for reading."""
        items = self.get(key, list, "an array of tables", required or non_empty)
        if items is None:
            return []
        if non_empty and not items:
            self.reader.problem((*self.path, key), "must not be empty")
        tables = []
        for position, item in enumerate(items):
            where = (*self.path, key, position)
            if isinstance(item, dict):
                tables.append(Table(self.reader, item, where))
            else:
                self.reader.problem(where, f"expected a table, got {type_name(item)}")
        return tables

    def table(self, key: str, keys: tuple[str, ...]) -> Table | None:
        """The table under `key` (written as `[key]`), checked for unknown keys; None if absent."""
        data = self.get(key, dict, "a table", required=False)
        return None if data is None else Table(self.reader, data, (*self.path, key), keys)

    def number(self, key: str, limits: Range, *, integer: bool = False) -> Any:
        """An optional number within its range; None, with a Problem naming the range, if not."""
        kind, expected = (int, "an integer") if integer else (int | float, "a number")
        value = self.get(key, kind, expected, required=False)
        try:
            return None if value is None else limits.check(value)
        except OutOfRange as error:
            self.reader.problem((*self.path, key), str(error))
            return None
