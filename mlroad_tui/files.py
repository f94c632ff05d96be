"""Reading files the learner names (roadmaps, OPML): regular files only, never without limit.

`--curriculum /dev/zero` or a FIFO would otherwise read forever or block; a cap turns a
mistaken multi-gigabyte file into a clear refusal.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class UnreadableFile(Exception):
    """Why a file was not read, in words for the learner (the path is the caller's to add)."""


def read_capped(path: Path, max_bytes: int) -> bytes:
    """The whole content of a regular file of at most `max_bytes`, or `UnreadableFile`."""
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then refuses it.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise UnreadableFile("no such file") from None
    except IsADirectoryError:
        raise UnreadableFile("is a directory, expected a file") from None
    except OSError as error:
        raise UnreadableFile(f"cannot read: {error.strerror or error}") from None
    info = os.fstat(fd)
    problem = None
    if stat.S_ISDIR(info.st_mode):
        problem = "is a directory, expected a file"
    elif not stat.S_ISREG(info.st_mode):
        problem = "is not a regular file (a device, pipe or socket)"
    elif info.st_size > max_bytes:
        problem = f"is larger than the {_size(max_bytes)} limit"
    if problem is not None:
        os.close(fd)
        raise UnreadableFile(problem)
    with os.fdopen(fd, "rb") as stream:
        try:
            data = stream.read(max_bytes + 1)  # a file growing while read is cut here
        except OSError as error:
            raise UnreadableFile(f"cannot read: {error.strerror or error}") from None
    if len(data) > max_bytes:
        raise UnreadableFile(f"is larger than the {_size(max_bytes)} limit")
    return data


def _size(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MiB" if limit >= 1024 * 1024 else f"{limit:,} bytes"
