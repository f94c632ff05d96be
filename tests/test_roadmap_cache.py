"""The validated-roadmap cache: used while the file is unchanged, never trusted beyond that."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from mlroad_tui import config, roadmap_cache
from mlroad_tui.curriculum import CurriculumInvalid, load_roadmap
from mlroad_tui.roadmap_cache import load_roadmap_cached

VALID = Path(__file__).parent / "fixtures" / "curriculum" / "valid.toml"


@pytest.fixture
def roadmap_file(tmp_path: Path) -> Path:
    return Path(shutil.copy(VALID, tmp_path / "roadmap.toml"))


def no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object) -> None:
        raise AssertionError("the roadmap was parsed again")

    monkeypatch.setattr(roadmap_cache, "load_source", fail)


def test_an_unchanged_file_comes_from_the_cache(
    roadmap_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    first = load_roadmap_cached(roadmap_file, cache)
    assert first == load_roadmap(roadmap_file)
    assert len(list(cache.glob("roadmap-*.pickle"))) == 1
    no_parsing(monkeypatch)
    again = load_roadmap_cached(roadmap_file, cache)
    assert again == first and again.topic("t1") is not None


def test_an_edited_file_is_read_afresh(roadmap_file: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    load_roadmap_cached(roadmap_file, cache)
    roadmap_file.write_text(roadmap_file.read_text().replace("Mini Roadmap", "Edited Roadmap"))
    assert load_roadmap_cached(roadmap_file, cache).title == "Edited Roadmap"


def test_a_same_size_edit_is_seen_by_its_modification_time(
    roadmap_file: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    load_roadmap_cached(roadmap_file, cache)
    before = roadmap_file.stat()
    roadmap_file.write_text(roadmap_file.read_text().replace("Mini Roadmap", "Mino Roadmap"))
    os.utime(roadmap_file, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000))
    assert load_roadmap_cached(roadmap_file, cache).title == "Mino Roadmap"


def test_a_broken_edit_reports_its_problems_not_the_cached_roadmap(
    roadmap_file: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    load_roadmap_cached(roadmap_file, cache)
    roadmap_file.write_text(roadmap_file.read_text().replace('title = "Topic"', "title = 7"))
    with pytest.raises(CurriculumInvalid) as raised:
        load_roadmap_cached(roadmap_file, cache)
    assert any("title" in str(problem) for problem in raised.value.problems)


@pytest.mark.parametrize("junk", [b"", b"not a pickle", b"\x80\x05K\x01."])
def test_a_damaged_cache_file_is_ignored_and_replaced(
    roadmap_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, junk: bytes
) -> None:
    cache = tmp_path / "cache"
    expected = load_roadmap_cached(roadmap_file, cache)
    (cache_file,) = cache.glob("roadmap-*.pickle")
    cache_file.write_bytes(junk)
    assert load_roadmap_cached(roadmap_file, cache) == expected
    no_parsing(monkeypatch)
    assert load_roadmap_cached(roadmap_file, cache) == expected  # rewritten, usable again


def test_a_cache_that_cannot_be_written_still_loads(roadmap_file: Path, tmp_path: Path) -> None:
    blocked = tmp_path / "file-not-dir"
    blocked.write_text("")
    assert load_roadmap_cached(roadmap_file, blocked / "cache").title == "Mini Roadmap"


def test_a_missing_file_is_reported_like_load_roadmap_does(tmp_path: Path) -> None:
    with pytest.raises(CurriculumInvalid) as raised:
        load_roadmap_cached(tmp_path / "nowhere.toml", tmp_path / "cache")
    assert "no such file" in str(raised.value.problems[0])


def test_the_cache_is_in_the_user_cache_dir_or_in_mlroad_home(
    mlroad_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert config.cache_dir() == mlroad_home / "cache"  # tests and second profiles stay apart
    monkeypatch.delenv("MLROAD_HOME")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))  # what Linux reads
    assert config.cache_dir() == tmp_path / "xdg-cache" / "mlroad"
