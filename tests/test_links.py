"""The link checker against a real HTTP server on 127.0.0.1: verdicts, manners, store, CLI."""

from __future__ import annotations

import asyncio
import gc
import json
import socket
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from mlroad_tui import __version__
from mlroad_tui.cli import main
from mlroad_tui.links import CheckOptions, LinkResult, Verdict, check_urls, wire
from mlroad_tui.links.checker import _Address, retry_after_seconds
from mlroad_tui.plan.dates import parse_duration
from mlroad_tui.store import Store
from tests.conftest import eventually
from tests.linkserver import LinkServer, serving
from tests.roadmap_files import resource, roadmap_file, topic

FAST = CheckOptions(timeout=0.5, backoff=0.01, retry_after_cap=0.5)


@pytest.fixture
def server() -> Iterator[LinkServer]:
    # Two hosts, portably: two ports on 127.0.0.1, reached as "127.0.0.1" and "localhost".
    with serving(("127.0.0.1", "127.0.0.1"), names=("127.0.0.1", "localhost")) as running:
        yield running


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def check(urls: list[str], options: CheckOptions = FAST) -> list[LinkResult]:
    return asyncio.run(check_urls(urls, options))


# path → (verdict, status code, path where it ends, permanent move)
CASES = {
    "/status/200": (Verdict.OK, 200, "/status/200", False),
    "/status/404": (Verdict.BROKEN, 404, "/status/404", False),
    "/status/410": (Verdict.BROKEN, 410, "/status/410", False),
    "/status/500": (Verdict.ERROR, 500, "/status/500", False),
    "/flaky/503/1/retried": (Verdict.OK, 200, "/flaky/503/1/retried", False),
    "/flaky/503/9/given-up": (Verdict.ERROR, 503, "/flaky/503/9/given-up", False),
    "/redirect/301?to=/status/200": (Verdict.REDIRECTED, 200, "/status/200", True),
    "/redirect/308?to=/status/200": (Verdict.REDIRECTED, 200, "/status/200", True),
    "/chain/3": (Verdict.OK, 200, "/chain/0", False),
    "/redirect/302?to=" + quote("/redirect/301?to=/status/200", safe="/"): (
        Verdict.REDIRECTED,
        200,
        "/status/200",
        True,
    ),
    "/redirect/301?to=/status/404": (Verdict.BROKEN, 404, "/status/404", True),
    "/chain/10": (Verdict.OK, 200, "/chain/0", False),
    "/chain/11": (Verdict.ERROR, 302, "/chain/1", False),
    "/loop/a": (Verdict.ERROR, 302, "/loop/b", False),
    "/nohead/405": (Verdict.OK, 200, "/nohead/405", False),
    "/nohead/403": (Verdict.OK, 200, "/nohead/403", False),
    "/status/403": (Verdict.BLOCKED, 403, "/status/403", False),
    "/status/401": (Verdict.BLOCKED, 401, "/status/401", False),
    "/status/999": (Verdict.BLOCKED, 999, "/status/999", False),
    "/flaky/429/1/waited?retry_after=1": (
        Verdict.OK,
        200,
        "/flaky/429/1/waited?retry_after=1",
        False,
    ),
    "/flaky/429/9/refused?retry_after=0": (
        Verdict.BLOCKED,
        429,
        "/flaky/429/9/refused?retry_after=0",
        False,
    ),
    "/slow/3": (Verdict.TIMEOUT, None, "/slow/3", False),
    "/drip": (Verdict.TIMEOUT, None, "/drip", False),
    "/slowchain/3/0.2": (Verdict.TIMEOUT, None, "/slowchain/1/0.2", False),
    "/reset": (Verdict.UNREACHABLE, None, "/reset", False),
    "/huge/405": (Verdict.OK, 200, "/huge/405", False),
}


@pytest.fixture(scope="module")
def checked() -> Iterator[tuple[LinkServer, dict[str, LinkResult]]]:
    """Every case checked in one run, as the CLI would: concurrently, on one server. /reset
    has a host of its own (another port): a request lost on a kept-alive connection is sent
    once more on a new one (links/wire.py), so on a shared host the requests it costs would
    depend on which connection it met."""
    with serving(("127.0.0.1", "127.0.0.1"), names=("127.0.0.1", "localhost")) as running:
        paths = {case_url(running, path): path for path in CASES}
        yield running, {paths[r.url]: r for r in check(list(paths))}


def case_url(running: LinkServer, path: str) -> str:
    return running.url(path, path == "/reset")


@pytest.mark.parametrize("path", CASES)
def test_each_case_gets_the_right_verdict(
    checked: tuple[LinkServer, dict[str, LinkResult]], path: str
) -> None:
    running, results = checked
    verdict, status, final_path, permanent = CASES[path]
    result = results[path]
    assert (result.verdict, result.status_code) == (verdict, status), result.error
    assert result.final_url == case_url(running, final_path)
    assert result.permanent is permanent
    assert (result.error is None) == (verdict in (Verdict.OK, Verdict.REDIRECTED))


def test_retries_are_counted_and_timeouts_are_not_retried(
    checked: tuple[LinkServer, dict[str, LinkResult]],
) -> None:
    running, results = checked
    hits = running.stats.hits
    assert hits["/flaky/503/1/retried"] == 2
    assert hits["/flaky/503/9/given-up"] == 3  # one try and two retries
    assert hits["/reset"] == 3
    assert hits["/slow/3"] == 1
    assert results["/slow/3"].elapsed_ms == pytest.approx(500, abs=100)


def test_redirected_suggests_the_final_url(
    checked: tuple[LinkServer, dict[str, LinkResult]],
) -> None:
    running, results = checked
    assert results["/redirect/301?to=/status/200"].suggestion == running.url("/status/200")
    assert results["/chain/3"].suggestion is None


def test_a_one_gigabyte_body_costs_nothing(server: LinkServer) -> None:
    [result] = check([server.url("/huge/405")])
    assert result.verdict is Verdict.OK
    assert [m for _, m, path, _ in server.stats.log if path == "/huge/405"] == ["HEAD", "GET"]
    assert server.stats.body_bytes_sent < 64 << 20  # socket buffers at most, of 1 GiB


def test_a_host_that_refuses_head_is_asked_with_get_from_then_on(server: LinkServer) -> None:
    one_by_one = CheckOptions(timeout=0.5, backoff=0.01, concurrency=1, per_host=1)
    paths = ["/status/404", "/status/200", "/nohead/405", "/status/200?again", "/nohead/403"]
    results = check([server.url(path) for path in paths], one_by_one)
    assert [r.verdict for r in results] == [Verdict.BROKEN, *[Verdict.OK] * 4]
    methods = [(method, path) for _, method, path, _ in server.stats.log]
    assert methods == [
        ("HEAD", "/status/404"),  # one page's 404 says nothing of the others
        ("GET", "/status/404"),
        ("HEAD", "/status/200"),
        ("HEAD", "/nohead/405"),  # "no HEAD here": the host's next pages get GET alone
        ("GET", "/nohead/405"),
        ("GET", "/status/200?again"),
        ("GET", "/nohead/403"),
    ]


def test_no_request_for_invalid_urls(server: LinkServer) -> None:
    port = server.addresses[0][1]
    urls = [
        f"ftp://127.0.0.1:{port}/status/200",
        "mailto:someone@example.org",
        "file:///etc/passwd",
        "http:///no-host",
        f"http://127.0.0.1:{port}/a path",
        "https://[::1",
        "not a url",
    ]
    results = check(urls)
    assert [r.verdict for r in results] == [Verdict.INVALID] * len(urls)
    assert all(r.error and r.status_code is None and r.final_url is None for r in results)
    assert server.stats.hits == {}


def test_dns_failure_and_refused_connection_are_unreachable() -> None:
    results = check(["http://no-such-host.invalid/", f"http://127.0.0.1:{closed_port()}/"])
    assert [r.verdict for r in results] == [Verdict.UNREACHABLE, Verdict.UNREACHABLE]
    assert "DNS" in (results[0].error or "")
    assert "connect" in (results[1].error or "")
    assert [r.status_code for r in results] == [None, None]


def test_an_untrusted_certificate_makes_a_site_unreachable() -> None:
    with serving(tls=True) as running:
        [result] = check([running.url("/status/200")])
        assert running.stats.hits == {}  # no request was sent over the untrusted channel
    assert result.verdict is Verdict.UNREACHABLE
    assert "TLS" in (result.error or "") and "certificate" in (result.error or "")


async def test_a_finished_host_lets_go_of_its_connections(server: LinkServer) -> None:
    quick, slow = server.url("/status/200", 0), server.url("/slow/0.6", 1)
    quick_done = asyncio.Event()
    check = asyncio.create_task(
        check_urls([quick, slow], CheckOptions(timeout=5), on_result=lambda r: quick_done.set())
    )
    await quick_done.wait()
    await asyncio.sleep(0.1)
    quick_host, slow_host = (f"127.0.0.1:{port}" for _, port in server.addresses)
    assert not check.done()
    assert (server.stats.connections[quick_host], server.stats.connections[slow_host]) == (0, 1)
    await check


def test_a_connection_the_server_closed_is_not_reused(server: LinkServer) -> None:
    urls = [server.url(f"/once?n={n}") for n in range(5)]
    # No retries: a request sent on a connection the server had closed would fail, not be
    # rescued by a second try (which a wall-clock limit used to detect, flakily under load).
    results = check(urls, CheckOptions(per_host=1, timeout=5, max_retries=0))
    assert [r.verdict for r in results] == [Verdict.OK] * 5
    assert sum(server.stats.hits.values()) == 5


def test_a_request_lost_on_a_kept_connection_goes_again_on_a_new_one(
    server: LinkServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The race the check before reuse cannot see: the server's close is still on its way.
    monkeypatch.setattr(wire._Connection, "quiet", lambda self: True)
    urls = [server.url(f"/once?n={n}") for n in range(5)]
    results = check(urls, CheckOptions(per_host=1, timeout=5, max_retries=0))
    assert [r.verdict for r in results] == [Verdict.OK] * 5
    assert sum(server.stats.hits.values()) == 5


def test_each_host_gets_at_most_per_host_requests_at_once(server: LinkServer) -> None:
    urls = [server.url(f"/slow/0.05?n={n}", index) for n in range(12) for index in (0, 1)]
    results = check(urls, CheckOptions(per_host=3, timeout=5))
    assert {r.verdict for r in results} == {Verdict.OK}
    per_host = {k: v for k, v in server.stats.max_active.items() if k != "*"}
    assert sorted(per_host.values()) == [3, 3]
    assert server.stats.max_active["*"] == 6


def test_the_per_host_limit_covers_every_port_of_a_host() -> None:
    with serving(("127.0.0.1", "127.0.0.1")) as running:  # one host name, two ports
        urls = [running.url(f"/slow/0.05?n={n}", index) for n in range(6) for index in (0, 1)]
        check(urls, CheckOptions(per_host=3, timeout=5))
        assert running.stats.max_active["*"] == 3


def test_the_global_limit_holds_across_hosts(server: LinkServer) -> None:
    urls = [server.url(f"/slow/0.05?n={n}", index) for n in range(6) for index in (0, 1)]
    check(urls, CheckOptions(concurrency=2, per_host=4, timeout=5))
    assert server.stats.max_active["*"] == 2


def test_429_pauses_only_that_host(server: LinkServer) -> None:
    limited = [server.url("/flaky/429/1/limited?retry_after=1", 0)] + [
        server.url(f"/status/200?n={n}", 0) for n in range(2)
    ]
    other = [server.url(f"/slow/0.05?n={n}", 1) for n in range(5)]
    results = check(limited + other, CheckOptions(per_host=1, timeout=5, retry_after_cap=2))
    assert {r.verdict for r in results} == {Verdict.OK}
    log = server.stats.log
    refused_at = next(t for _, _, path, t in log if path.startswith("/flaky/429"))
    limited_host, other_host = (f"127.0.0.1:{port}" for _, port in server.addresses)
    later_on_limited = [t for where, _, _, t in log if where == limited_host and t > refused_at]
    on_other = [t for where, _, _, t in log if where == other_host]
    assert len(later_on_limited) == 3 and min(later_on_limited) >= refused_at + 0.95
    assert max(on_other) < refused_at + 0.6  # the other host never waited


def test_a_429_pauses_its_host_for_retry_after_and_no_longer(server: LinkServer) -> None:
    urls = [server.url("/flaky/429/1/limited?retry_after=1")]
    urls += [server.url(f"/status/200?n={n}") for n in range(4)]
    results = check(urls, CheckOptions(per_host=1, timeout=5, retry_after_cap=2))
    assert {r.verdict for r in results} == {Verdict.OK}
    log = server.stats.log
    refused_at = next(t for _, _, path, t in log if path.startswith("/flaky/429"))
    later = [t for _, _, _, t in log if t > refused_at]
    assert later and 0.95 <= min(later) - refused_at < 1.3


def test_a_later_429_extends_a_pause_already_being_waited(server: LinkServer) -> None:
    # The short 429 comes first and its URL starts waiting 0.3 s; the long one, answered
    # while it waits, pauses the host for 1 s from then: the short one's retry waits too.
    urls = [server.url("/flaky/429/1/short?retry_after=0.3")]
    urls += [server.url("/flaky/429/1/long?retry_after=1&delay=0.1")]
    results = check(urls, CheckOptions(per_host=2, timeout=5, retry_after_cap=2))
    assert {r.verdict for r in results} == {Verdict.OK}
    log = server.stats.log
    long_at = next(t for _, _, path, t in log if path.startswith("/flaky/429/1/long"))
    retries = [t for _, _, _, t in log[2:]]
    assert len(retries) == 2 and min(retries) >= long_at + 1.0


def test_retry_after_is_capped() -> None:
    with serving() as running:
        started = time.monotonic()
        [result] = check([running.url("/flaky/429/1/long?retry_after=3600")])
        waited = time.monotonic() - started
    assert result.verdict is Verdict.OK
    assert FAST.retry_after_cap <= waited < FAST.retry_after_cap + 0.3


def test_retry_after_accepts_seconds_and_http_dates() -> None:
    in_ten = (datetime.now(UTC) + timedelta(seconds=10)).strftime("%a, %d %b %Y %H:%M:%S GMT")
    assert retry_after_seconds("5", default=1, cap=60) == 5
    assert 8 <= retry_after_seconds(in_ten, default=1, cap=60) <= 10
    assert retry_after_seconds("soon", default=1, cap=60) == 1
    assert retry_after_seconds("999", default=1, cap=60) == 60
    assert retry_after_seconds(None, default=0.5, cap=60) == 0.5


def test_requests_carry_a_descriptive_user_agent(server: LinkServer) -> None:
    check([server.url("/status/200"), server.url("/nohead/405")])
    assert server.stats.user_agents == {f"mlroad/{__version__} (+link checker)"}


async def test_results_arrive_as_each_url_finishes(server: LinkServer) -> None:
    slow, fast = server.url("/slow/0.4"), server.url("/status/200")
    arrived: list[tuple[str, float]] = []
    started = time.monotonic()
    results = await check_urls(
        [slow, fast, fast],
        CheckOptions(timeout=5),
        on_result=lambda r: arrived.append((r.url, time.monotonic() - started)),
    )
    assert [r.url for r in results] == [slow, fast]  # input order, each URL once
    assert [url for url, _ in arrived] == [fast, slow]
    assert arrived[0][1] < 0.3
    assert server.stats.hits["/status/200"] == 1


async def test_cancelling_a_check_stops_it_cleanly(server: LinkServer) -> None:
    urls = [server.url(f"/slow/5?n={n}", n % 2) for n in range(7)] + [server.url("/drip", 1)]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        task = asyncio.create_task(check_urls(urls, CheckOptions(timeout=10)))
        # requests really are in flight (on a busy machine they take a while to get there)
        await eventually(lambda: server.stats.max_active["*"] == 8)
        started = time.monotonic()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert time.monotonic() - started < 0.5
        assert asyncio.all_tasks() == {asyncio.current_task()}
        gc.collect()
    assert [str(w.message) for w in caught] == []


def test_options_are_validated() -> None:
    with pytest.raises(ValueError):
        CheckOptions(per_host=0)
    with pytest.raises(ValueError):
        CheckOptions(timeout=0)


# The store


def result(url: str, verdict: Verdict, checked_at: datetime) -> LinkResult:
    return LinkResult(url, verdict, 200, url + "/moved", True, checked_at, 12.5, None)


def test_results_survive_a_round_trip(store: Store, tmp_path: Path) -> None:
    checked_at = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
    saved = [
        result("https://a.example/", Verdict.REDIRECTED, checked_at),
        LinkResult("ftp://b", Verdict.INVALID, None, None, False, checked_at, 0.0, "not http"),
    ]
    store.links.save(saved)
    store.close()
    reopened, _ = Store.open(store.path)
    try:
        assert reopened.links.results() == {r.url: r for r in saved}
    finally:
        reopened.close()


def test_a_new_check_replaces_the_old_one(store: Store) -> None:
    url = "https://a.example/"
    store.links.save([result(url, Verdict.OK, datetime(2025, 1, 1, tzinfo=UTC))])
    newer = result(url, Verdict.BROKEN, datetime(2025, 2, 1, tzinfo=UTC))
    store.links.save([newer])
    assert store.links.results() == {url: newer}


def test_stale_lists_unchecked_and_old_urls_in_order(store: Store) -> None:
    now = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)
    store.links.save(
        [
            result("https://old.example/", Verdict.OK, now - timedelta(days=2)),
            result("https://fresh.example/", Verdict.OK, now - timedelta(hours=1)),
        ]
    )
    urls = ["https://new.example/", "https://fresh.example/", "https://old.example/"]
    assert store.links.stale(urls + urls, timedelta(days=1), now) == [urls[0], urls[2]]
    assert store.links.stale(urls, timedelta(minutes=30), now) == urls


# The command


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["links", "check", *args])
    return code, capsys.readouterr().out


def test_cli_json_lists_every_url_and_exits_2_on_a_broken_link(
    server: LinkServer, capsys: pytest.CaptureFixture[str]
) -> None:
    urls = [server.url("/status/200"), server.url("/status/404"), server.url("/status/403")]
    code, out = run_cli(capsys, *urls, "--json", "--timeout", "2")
    rows = json.loads(out)
    assert code == 2
    assert [(r["url"], r["verdict"], r["status_code"]) for r in rows] == [
        (urls[0], "ok", 200),
        (urls[1], "broken", 404),
        (urls[2], "blocked", 403),
    ]
    assert {"url", "verdict", "status_code", "final_url", "elapsed_ms", "error"} <= set(rows[0])


def test_cli_exits_0_when_nothing_needs_fixing(
    server: LinkServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # whole URLs on one line
    urls = [
        server.url("/status/200"),
        server.url("/redirect/301?to=/status/200"),
        server.url("/status/999"),
    ]
    code, out = run_cli(capsys, *urls)
    assert code == 0
    assert "redirected" in out and "→ " + server.url("/status/200") in out
    assert "3 links: 1 blocked, 1 redirected, 1 ok" in out


def test_cli_reuses_fresh_results_unless_forced(
    server: LinkServer, capsys: pytest.CaptureFixture[str]
) -> None:
    url = server.url("/status/404")
    assert run_cli(capsys, url, "--json")[0] == 2
    code, out = run_cli(capsys, url, "--json")
    assert (code, json.loads(out)[0]["verdict"]) == (2, "broken")
    assert server.stats.hits["/status/404"] == 2  # HEAD and the confirming GET, once
    run_cli(capsys, url, "--json", "--max-age", "0s")
    assert server.stats.hits["/status/404"] == 4
    run_cli(capsys, url, "--json", "--force")
    assert server.stats.hits["/status/404"] == 6
    run_cli(capsys, url, "--json", "--max-age", "90min")  # the CLI's one duration grammar
    assert server.stats.hits["/status/404"] == 6


def test_cli_checks_the_roadmap_resources_by_default(
    server: LinkServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    roadmap = roadmap_file(
        tmp_path / "roadmap.toml",
        topic("t", "T"),
        id="tiny",
        title="Tiny",
        month_resources=["live", "gone", "book"],
        resources=[
            resource("live", "Live", server.url("/status/200")),
            resource("gone", "Gone", server.url("/status/410")),
            resource("book", "A book without a link", kind="book"),
        ],
    )
    code = main(["--curriculum", str(roadmap), "links", "check", "--json"])
    rows = json.loads(capsys.readouterr().out)
    assert code == 2
    assert {r["url"]: r["verdict"] for r in rows} == {
        server.url("/status/200"): "ok",
        server.url("/status/410"): "broken",
    }
    # `mlroad resources` shows the same health, and --unhealthy exits 2 like the check
    assert main(["--curriculum", str(roadmap), "resources", "--json"]) == 0
    resources = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    assert resources["book"]["link"] is None and resources["book"]["url"] is None
    assert resources["gone"]["link"]["verdict"] == "broken"
    assert main(["--curriculum", str(roadmap), "resources", "--json", "--unhealthy"]) == 2
    assert [r["id"] for r in json.loads(capsys.readouterr().out)] == ["gone"]


@pytest.mark.parametrize(
    "bad", [["--max-age", "1x"], ["--concurrency", "0"], ["--timeout", "-1"], ["--per-host", "a"]]
)
def test_cli_usage_errors_exit_1(bad: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """1 is "mlroad failed", kept apart from 2, "found broken links", as lychee does."""
    with pytest.raises(SystemExit) as exit_:
        main(["links", "check", "http://127.0.0.1/", *bad])
    assert exit_.value.code == 1


def test_durations() -> None:
    assert parse_duration("1d") == timedelta(days=1)
    assert parse_duration("12h") == timedelta(hours=12)
    assert parse_duration("1h30m") == timedelta(minutes=90)


@pytest.mark.parametrize(
    ("imported", "absent"),
    [
        ("mlroad_tui.links, mlroad_tui.store", ("httpx", "textual")),
        # httpx's own command line (click, pygments) is kept out: ~100 ms per process
        ("mlroad_tui.links.checker", ("click", "pygments")),
    ],
)
def test_what_importing_loads(imported: str, absent: tuple[str, ...]) -> None:
    code = f"import sys, {imported}; print(sorted(set({absent!r}) & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# Plain URLs and their near misses: case, punycode, numbers, ports, dot segments, escapes.
_labels = st.text("abz09-", min_size=1, max_size=8) | st.sampled_from(
    ["xn--p1ai", "xn--zz-", "a" * 63, "a" * 64, "X", "a_b", ""]
)
_hosts = st.one_of(
    st.lists(_labels, min_size=1, max_size=4).map(".".join),
    st.lists(st.integers(0, 999).map(str), min_size=3, max_size=5).map(".".join),
)
_ports = st.none() | st.integers(0, 70000).map(str) | st.sampled_from(["080", "", "443", "x"])
_segments = st.text("ab.~:@!$&'()*+,;=-_", max_size=6) | st.sampled_from(
    [".", "..", ".x", "%41", "%zz", "a b", "[x]", "é", "a#b"]
)
_paths = st.lists(_segments, max_size=4).map(lambda parts: "".join("/" + p for p in parts))
_tails = st.none() | st.text("ab=&/?.%# -", max_size=8)


@settings(max_examples=400, deadline=None)
@example(scheme="http", host="a.org", port="65536", path="", tail=None)
@example(scheme="http", host="xn--zz-", port=None, path="", tail=None)
@example(scheme="http", host="a.xn--zz-", port=None, path="", tail=None)
@example(scheme="http", host="xn--zz-.org", port=None, path="", tail=None)
@example(scheme="http", host="256.0.0.1", port=None, path="", tail=None)
@example(scheme="http", host="a.org", port=None, path="/x/../y", tail="/../")
@given(
    scheme=st.sampled_from(["http", "https", "HTTP", "ftp"]),
    host=_hosts,
    port=_ports,
    path=_paths,
    tail=_tails,
)
def test_a_plain_address_is_what_httpx_reads(
    scheme: str, host: str, port: str | None, path: str, tail: str | None
) -> None:
    """The shortcut for plain URLs gives exactly the address httpx's parse would, or none."""
    url = f"{scheme}://{host}{'' if port is None else ':' + port}{path}"
    url += "" if tail is None else "?" + tail
    plain = _Address._plain(url)
    if plain is not None:
        assert plain == _Address._parsed(url)


def test_the_plain_address_shortcut_takes_everyday_urls() -> None:
    for url in ("https://arxiv.org/abs/1706.03762", "http://127.0.0.1:8080/a?b=c/d"):
        assert _Address._plain(url) == _Address._parsed(url)
    for url in (
        "https://Example.org/",
        "http://a.org/x/../y",
        "http://xn--p1ai/",
        "http://a.org/%41",
    ):
        assert _Address._plain(url) is None
