"""The store's errors: importable without sqlite3, so `mlroad`'s entry point can name them."""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """The learner's database cannot be used as asked; the message says why, in words."""


class CannotWrite(StoreError):
    """A change could not be saved: the file or its folder is read-only, the disk is full,
    or another program holds the database. Carries SQLite's (or the system's) own reason."""

    def __init__(self, path: Path, cause: str) -> None:
        super().__init__(f"cannot write the database at {path}: {cause}")
        self.path = path
        self.cause = cause
