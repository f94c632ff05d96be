"""Validated roadmaps kept between launches, so an unchanged file skips TOML and validation.

Reading and checking a roadmap costs ~4 ms for the bundled one and ~200 ms for one of 2,000
topics, on every launch. The validated result is pickled into the data folder, keyed like
Python's own bytecode cache by the file's size and modification time, and by the code that
built it (mlroad's version, the model module's, Python's): an edited roadmap or an upgraded
mlroad is read afresh, and an unreadable or stale cache file is ignored and replaced. Only
valid roadmaps are cached, so a broken file always reports every problem. A Markdown roadmap
is imported in memory and cached the same way. The cache sits beside the learner's database
and is trusted as much.
"""

from __future__ import annotations

import os
import pickle
import sys
import tempfile
import zlib
from pathlib import Path

from mlroad_tui import __version__, curriculum
from mlroad_tui.curriculum import Roadmap
from mlroad_tui.importer import is_markdown, load_source

# What unpickling a damaged or foreign file may raise (besides UnpicklingError).
_UNREADABLE = (
    OSError,
    pickle.UnpicklingError,
    EOFError,
    AttributeError,
    ImportError,
    IndexError,
    TypeError,
    ValueError,
)


def load_roadmap_cached(path: Path, cache_dir: Path) -> Roadmap:
    """`load_roadmap(path)`, taken from the cache while the file is unchanged. A roadmap read
    from its file is cached at once, before any screen: a session closed right after its first
    frame (or killed) must still leave the cache, or every launch reads the file again."""
    source = Path(path).resolve()
    try:
        key = _key(source)  # taken before reading: an edit while loading re-reads next time
    except OSError:
        return load_source(path)  # which says what is wrong with the path
    cache_file = cache_dir / f"roadmap-{zlib.crc32(os.fsencode(source)):08x}.pickle"
    cached = _read(cache_file, key)
    if cached is not None:
        return cached
    roadmap = load_source(path).read_from(key)
    _write(cache_file, key, roadmap)
    return roadmap


def fingerprint(path: Path) -> str | None:
    """What a roadmap read from `path` now would carry as `Roadmap.fingerprint` (the cache's
    key: the file's size and time, and the code); None when the file cannot be read."""
    try:
        return _key(Path(path).resolve())
    except OSError:
        return None


def _key(source: Path) -> str:
    """What the cached roadmap was built from: this (resolved) file, by this code (and, for
    Markdown, by the importer's code too)."""
    file = source.stat()
    code = [Path(curriculum.__file__)]
    if is_markdown(source):
        code += sorted(Path(__file__).with_name("importer").glob("*.py"))
    stamps = "|".join(f"{s.st_size}|{s.st_mtime_ns}" for s in map(os.stat, code))
    return f"{source}|{file.st_size}|{file.st_mtime_ns}|{__version__}|{sys.version}|{stamps}"


def _read(cache_file: Path, key: str) -> Roadmap | None:
    try:
        with cache_file.open("rb") as stream:
            stored = pickle.load(stream)
    except _UNREADABLE:
        return None
    match stored:
        case (str() as stored_key, Roadmap() as roadmap) if stored_key == key:
            return roadmap
    return None


def _write(cache_file: Path, key: str, roadmap: Roadmap) -> None:
    """Replace the cache file atomically; a read-only data folder just means no cache."""
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=cache_file.parent, suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as stream:
            pickle.dump((key, roadmap), stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, cache_file)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
