"""A feed-parsing worker process, started by `parse_pool`.

It reads pickled `(body, url, content_type)` requests from stdin and writes each pickled
`parse_feed` result to the original stdout until stdin closes. Anything printed while parsing
goes to stderr (which the pool discards), so it can never corrupt an answer.
"""

from __future__ import annotations

import os
import pickle
import sys
from typing import BinaryIO

from mlroad_tui.feeds.parse import parse_feed


def serve(requests: BinaryIO, answers: BinaryIO) -> None:
    """Answer requests in order until the parent closes the pipe (or exits)."""
    while True:
        try:
            body, url, content_type = pickle.load(requests)
        except EOFError:
            return
        result = parse_feed(body, url=url, content_type=content_type)
        pickle.dump(result, answers, protocol=pickle.HIGHEST_PROTOCOL)
        answers.flush()


def main() -> None:
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    serve(sys.stdin.buffer, answers)


if __name__ == "__main__":
    main()
