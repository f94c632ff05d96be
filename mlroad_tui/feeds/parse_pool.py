"""Feed documents parsed in worker processes, so a refresh uses every core.

feedparser is pure Python: in threads, thirty feeds that arrive together queue behind one GIL
(~5 ms each), and a 5,000-item arXiv listing holds it for a second while the UI waits to
draw. A few worker processes (`parse_worker`) parse them in parallel instead.

They are plain child processes talking pickle over their pipes, not `multiprocessing`: no
re-import of the main module, and no file descriptors borrowed from the terminal the TUI draws
on (their stderr goes to /dev/null). Each request is carried by one of a few threads, which
waits on a pipe without holding the GIL. Workers start with the first refresh, import
feedparser while its requests are in flight, and are kept for later refreshes. They are only a
speed-up: if one cannot start or dies, documents are parsed in the calling thread from then on.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import pickle
import queue
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import mlroad_tui
from mlroad_tui.feeds.model import FeedError, ParsedFeed
from mlroad_tui.feeds.parse import parse_feed

MAX_WORKERS = 4  # more rarely helps: a refresh waits mostly on the network
# The package's parent, so the worker imports this very copy of mlroad_tui.
_IMPORT_ROOT = str(Path(mlroad_tui.__file__).resolve().parent.parent)


class _Worker:
    """One `parse_worker` process and its two pipes; used by one thread at a time."""

    def __init__(self) -> None:
        path = os.pathsep.join(filter(None, (_IMPORT_ROOT, os.environ.get("PYTHONPATH"))))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mlroad_tui.feeds.parse_worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "PYTHONPATH": path},
        )

    def parse(self, body: bytes, url: str, content_type: str | None) -> ParsedFeed | FeedError:
        """Blocking: send one document and wait for its result."""
        assert self.process.stdin is not None and self.process.stdout is not None
        pickle.dump((body, url, content_type), self.process.stdin, pickle.HIGHEST_PROTOCOL)
        self.process.stdin.flush()
        result: ParsedFeed | FeedError = pickle.load(self.process.stdout)
        return result

    def stop(self) -> None:
        if self.process.stdin is not None:
            with contextlib.suppress(BrokenPipeError):  # a dead worker's unsent request
                self.process.stdin.close()  # the worker's cue to exit
        try:
            self.process.wait(timeout=1)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()


class ParsePool:
    """Worker processes for `parse_feed`, falling back to the calling thread without them."""

    def __init__(self, workers: int | None = None, *, processes: bool = True) -> None:
        """`processes=False`: parse on the event loop, for a one-shot command, which would
        spend longer starting workers (each imports feedparser) than they save it and has no
        screen to keep drawing; a thread would hold the GIL all the same."""
        self._size = workers or max(1, min(MAX_WORKERS, os.cpu_count() or 1))
        self._processes = processes
        self._workers: list[_Worker] = []
        self._idle: queue.SimpleQueue[_Worker] = queue.SimpleQueue()
        self._threads: ThreadPoolExecutor | None = None
        self._broken = False
        self._lock = threading.Lock()

    @property
    def worker_pids(self) -> frozenset[int]:
        return frozenset(worker.process.pid for worker in self._workers)

    def start(self) -> None:
        """Launch the workers (a few ms: they load feedparser in the background)."""
        with self._lock:
            if self._threads is not None or self._broken or not self._processes:
                return
            try:
                for _ in range(self._size):
                    self._workers.append(_Worker())
            except OSError:  # no way to start Python again: parse in threads
                for worker in self._workers:
                    worker.stop()
                self._workers.clear()
                self._broken = True
                return
            for worker in self._workers:
                self._idle.put(worker)
            self._threads = ThreadPoolExecutor(self._size, thread_name_prefix="feed-parse")

    async def parse(
        self, body: bytes, *, url: str, content_type: str | None
    ) -> ParsedFeed | FeedError:
        """`parse_feed` in a worker process (or a thread, if none could start), without
        blocking the event loop; a pool without processes parses on the loop itself."""
        self.start()
        if not self._processes:
            return parse_feed(body, url=url, content_type=content_type)
        if self._threads is None:
            return await asyncio.to_thread(parse_feed, body, url=url, content_type=content_type)
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._threads, self._parse, body, url, content_type)

    def _parse(self, body: bytes, url: str, content_type: str | None) -> ParsedFeed | FeedError:
        """Blocking, in one of the pool's threads: a worker's answer, else our own parse."""
        if not self._broken:
            worker = self._idle.get()
            try:
                return worker.parse(body, url, content_type)
            except (OSError, EOFError, pickle.UnpicklingError):
                self._broken = True  # a worker died: stop relying on any of them
            finally:
                self._idle.put(worker)
        return parse_feed(body, url=url, content_type=content_type)

    def close(self) -> None:
        """Stop the workers and their threads (they also stop when this process exits)."""
        with self._lock:
            if self._threads is not None:
                self._threads.shutdown(wait=True)
            for worker in self._workers:
                worker.stop()
            self._workers.clear()
            self._idle = queue.SimpleQueue()
            self._threads = None


SHARED = ParsePool()
