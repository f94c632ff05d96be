"""The one exception the CLI turns into a message on stderr and an exit code.

Apart from `common`, so that `mlroad` launching the TUI imports nothing else of the CLI.
"""

from __future__ import annotations


class CliError(Exception):
    """A problem to print on stderr (no traceback) with an exit code."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code
