"""Who else has the database open: a shared hold on a lock file beside it, for as long as a
store is open. SQLite removes its WAL file when the last connection closes, so a WAL file
found by a process that holds the file alone was left by a session that did not end
cleanly; found while another window or command has the file open, it is only theirs."""

from __future__ import annotations

import os
from pathlib import Path

try:
    import fcntl
except ImportError:  # no flock (Windows): the WAL file alone decides, as it did before
    fcntl = None  # type: ignore[assignment]


class Presence:
    """This process's hold on `<database>.lock`; `alone` says whether it was the only one
    when it opened (None when the lock file cannot be made, e.g. in a read-only folder).

    The lock is never taken on the database file itself: closing any other descriptor of
    that file would drop SQLite's own POSIX locks on it."""

    def __init__(self, database: Path) -> None:
        self._fd: int | None = None
        self.alone: bool | None = None
        if fcntl is None:
            return
        try:
            self._fd = os.open(
                database.with_name(database.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o600
            )
        except OSError:
            return
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            self.alone = True
        except BlockingIOError:
            self.alone = False
        fcntl.flock(self._fd, fcntl.LOCK_SH)  # others may open it now, as we did

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor drops the hold
            self._fd = None
