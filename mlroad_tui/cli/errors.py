"""The exit codes and the one exception the CLI turns into a message on stderr.

Apart from `common`, so that `mlroad` launching the TUI imports nothing else of the CLI.
"""

from __future__ import annotations

import argparse
import sys
from enum import IntEnum
from typing import NoReturn


class Exit(IntEnum):
    """As lychee's: a script tells "mlroad found problems" from "mlroad itself failed"."""

    OK = 0
    FAILED = 1  # mlroad could not do what was asked: bad usage, unreadable file, runtime error
    FOUND = 2  # it worked and found problems: broken links, failing feeds, an invalid roadmap
    INTERNAL = 70  # a bug in mlroad (EX_SOFTWARE): one line on stderr, details in mlroad.log


EXIT_CODES_HELP = (
    "exit status: 0 ok; 1 mlroad failed (bad usage, unreadable file, runtime error); "
    "2 the check found problems (broken links, failing feeds, an invalid roadmap); "
    "70 a bug in mlroad (details in mlroad.log in the data folder)"
)


class CliError(Exception):
    """A problem to print on stderr (no traceback) with an exit code."""

    def __init__(self, message: str, exit_code: int = Exit.FAILED) -> None:
        super().__init__(message)
        self.exit_code = exit_code


class Parser(argparse.ArgumentParser):
    """argparse exits 2 on bad usage; here 2 means "found problems", so usage errors exit 1."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(Exit.FAILED, f"{self.prog}: error: {message}\n")
