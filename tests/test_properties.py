"""Property tests (Hypothesis): on any input, the parsers return a value or raise the
project's own error type, never anything else (issue 9, "the proof").

Example counts are kept modest (`settings` below) so the whole file runs in seconds.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
from pathlib import Path

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mlroad_tui.cli.argtypes import age, day, number
from mlroad_tui.curriculum import CurriculumInvalid, Problem, load_roadmap, validate
from mlroad_tui.limits import (
    CONCURRENCY,
    DAY,
    DURATION_DAYS,
    ITEM_LIMIT,
    KEEP_DAYS,
    MAX_AGE_DAYS,
    PLAN_START,
    ROW_ID,
    SESSION_MINUTES,
    TIMEOUT_SECONDS,
    WEEKLY_HOURS,
    OutOfRange,
)
from mlroad_tui.plan.dates import duration_minutes, parse_duration
from mlroad_tui.text import html_to_text, plain_block, plain_line, strip_controls
from mlroad_tui.urls import _PLAIN_URL, BadUrl, check_url, parse_url, url_problem
from tests.conftest import BUNDLED
from tests.roadmap_files import assert_read_as_tomllib_reads

# CI (CI=true) replays the same examples every run, so its result depends only on the code;
# a developer's run draws new ones each time and so keeps exploring.
DETERMINISTIC = bool(os.environ.get("CI"))
FAST = settings(
    max_examples=150,
    deadline=None,
    derandomize=DETERMINISTIC,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
FEW = settings(
    max_examples=40,
    deadline=None,
    derandomize=DETERMINISTIC,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
# What a terminal would act on: C0/C1 controls (but tab and newline), DEL, bidi controls.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
BUNDLED_TEXT = BUNDLED.read_text(encoding="utf-8")


# --- the roadmap loader ---------------------------------------------------------------------


def toml_value(value: object) -> str:
    """A TOML literal for a generated value (JSON's string escapes are TOML's too)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return (
            "nan"
            if math.isnan(value)
            else ("inf" if value > 0 else "-inf")
            if math.isinf(value)
            else repr(value)
        )
    if isinstance(value, int | str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    assert isinstance(value, dict)
    return "{" + ", ".join(f"{json.dumps(k)} = {toml_value(v)}" for k, v in value.items()) + "}"


scalars = st.one_of(
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=12,
)
# Lines of the bundled roadmap that hold a `key = value`: each test replaces one value.
KEY_LINES = [i for i, line in enumerate(BUNDLED_TEXT.splitlines()) if re.match(r"\w+ = ", line)]


def check_roadmap_file(path: Path) -> None:
    """The loader's contract: a Roadmap, or CurriculumInvalid listing safe Problems."""
    try:
        load_roadmap(path)
    except CurriculumInvalid as invalid:
        assert invalid.problems and all(isinstance(p, Problem) for p in invalid.problems)
        assert not [p for p in invalid.problems if UNSAFE.search(str(p))]
    assert isinstance(validate(path), list)


@FAST
@given(line=st.sampled_from(KEY_LINES), value=values)
def test_roadmap_loader_on_documents_with_one_value_replaced(
    tmp_path: Path, line: int, value: object
) -> None:
    lines = BUNDLED_TEXT.splitlines()
    key = lines[line].split(" = ", 1)[0]
    lines[line] = f"{key} = {toml_value(value)}"
    path = tmp_path / "roadmap.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    check_roadmap_file(path)


@FAST
@given(document=st.dictionaries(st.text(max_size=8), values, max_size=5), crlf=st.booleans())
def test_the_toml_parser_reads_each_document_as_tomllib_does(document: dict, crlf: bool) -> None:
    end = "\r\n" if crlf else "\n"
    text = "".join(f"{json.dumps(k)} = {toml_value(v)}{end}" for k, v in document.items())
    assert_read_as_tomllib_reads(Path("generated.toml"), text)


@FAST
@given(text=st.text(max_size=300))
def test_roadmap_loader_on_any_text(tmp_path: Path, text: str) -> None:
    path = tmp_path / "roadmap.toml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    check_roadmap_file(path)


@FEW
@given(data=st.binary(max_size=300))
def test_roadmap_loader_on_any_bytes(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "roadmap.toml"
    path.write_bytes(data)
    check_roadmap_file(path)


@FEW
@given(depth=st.integers(min_value=1, max_value=3000), opener=st.sampled_from(["[", "{a = "]))
def test_roadmap_loader_on_deep_nesting(tmp_path: Path, depth: int, opener: str) -> None:
    closer = "]" if opener == "[" else "}"
    path = tmp_path / "roadmap.toml"
    path.write_text(f"x = {opener * depth}{closer * depth}\n", encoding="utf-8")
    check_roadmap_file(path)


# --- every CLI argument type ----------------------------------------------------------------

NUMBER_TYPES = [
    (number(TIMEOUT_SECONDS), TIMEOUT_SECONDS),
    (number(WEEKLY_HOURS), WEEKLY_HOURS),
    (number(KEEP_DAYS), KEEP_DAYS),
    (number(CONCURRENCY, int), CONCURRENCY),
    (number(ITEM_LIMIT, int), ITEM_LIMIT),
    (number(ROW_ID, int), ROW_ID),
]
number_text = st.one_of(
    st.text(max_size=30),
    st.floats().map(repr),
    st.integers().map(str),
    st.sampled_from(["nan", "inf", "-inf", "1e309", "1e-9", "0", "-0", "1_000", " 5 "]),
)


@FAST
@given(text=number_text, case=st.sampled_from(NUMBER_TYPES))
def test_number_arguments(text: str, case) -> None:
    parse, limits = case
    try:
        value = parse(text)
    except argparse.ArgumentTypeError as error:
        assert str(error)
    else:
        assert math.isfinite(value) and limits.low <= value <= limits.high


@FAST
@given(
    text=st.one_of(st.text(max_size=20), st.dates().map(str)),
    limits=st.sampled_from([DAY, PLAN_START]),
)
def test_date_arguments(text: str, limits) -> None:
    try:
        value = day(limits)(text)
    except argparse.ArgumentTypeError as error:
        assert str(error)
    else:
        assert limits.low <= value <= limits.high


durations = st.one_of(
    st.text(max_size=20),
    st.from_regex(r"\A(\d{1,25}(\.\d{1,5})?(min|[smhdw])){1,4}\Z"),
    st.from_regex(r"\A(\d{1,25}(\.\d{1,3})?d)?(\d{1,25}(\.\d{1,3})?h)?(\d{1,25}m(in)?)?\Z"),
)


@FAST
@given(text=durations)
def test_age_argument(text: str) -> None:
    try:
        value = age(text)
    except argparse.ArgumentTypeError as error:
        assert str(error)
    else:
        assert 0 <= value.total_seconds() <= MAX_AGE_DAYS.high * 86400


@FAST
@given(text=durations)
def test_the_duration_parser(text: str) -> None:
    try:
        value = parse_duration(text)
    except ValueError as error:  # OutOfRange is one
        assert str(error)
    else:
        assert 0 <= value.total_seconds() <= DURATION_DAYS.high * 86400


@FAST
@given(text=durations)
def test_the_session_duration_parser(text: str) -> None:
    try:
        minutes = duration_minutes(text)
    except ValueError as error:  # OutOfRange is one
        assert str(error)
    else:
        assert isinstance(minutes, int)
        assert SESSION_MINUTES.low <= minutes <= SESSION_MINUTES.high


@FAST
@given(value=st.one_of(st.floats(), st.integers(), st.booleans(), st.none(), st.text()))
def test_a_range_check_raises_only_out_of_range(value: object) -> None:
    try:
        checked = WEEKLY_HOURS.check(value)  # type: ignore[arg-type]
    except OutOfRange as error:
        assert WEEKLY_HOURS.what in str(error)
    else:
        assert checked == value


# --- URL validation -------------------------------------------------------------------------

hosts = st.one_of(
    st.from_regex(r"\A[a-z0-9-]{0,70}(\.[a-z0-9-]{0,70}){0,3}\Z"),
    st.from_regex(r"\Axn--[a-z0-9-]{0,10}\Z"),
    st.text(max_size=20),
    st.sampled_from(["127.0.0.1", "[::1]", "[::1", "exämple.org", "a..b", ""]),
)
urls = st.one_of(
    st.text(max_size=60),
    st.builds(
        "{}://{}{}{}".format,
        st.sampled_from(["http", "https", "HTTP", "ftp", "javascript", ""]),
        hosts,
        st.one_of(st.just(""), st.integers(-5, 200_000).map(":{}".format), st.text(max_size=6)),
        st.text(max_size=20),
    ),
)


@FAST
@given(url=urls)
def test_url_validation(url: str) -> None:
    """`check_url` takes what a person typed (surrounding space dropped); `url_problem`
    judges the URL exactly as given."""
    problem = url_problem(url.strip())
    if problem is None:
        # What it accepted, httpx can build and the resolver can encode.
        request = httpx.Request("GET", url.strip())
        host = request.url.host
        assert host
        if ":" not in host:
            host.encode("idna")
        assert check_url(url) == url.strip()
        assert (url_problem(url) is None) == (url == url.strip())
    else:
        assert isinstance(problem, str) and problem
        with pytest.raises(BadUrl):
            check_url(url)


# Plain URLs and near-misses of the quick match: long, hyphenated, numeric or punycode labels,
# ports, a trailing dot, spaces and non-ASCII text after the host.
labels = st.one_of(
    st.from_regex(r"\A[A-Za-z0-9]{1,8}(-[A-Za-z0-9]{1,8})?\Z"),
    st.from_regex(r"\A(xn--)?[A-Za-z0-9-]{1,66}\Z"),
)
plain_looking = st.builds(
    "{}://{}{}{}".format,
    st.sampled_from(["http", "https"]),
    st.lists(labels, min_size=1, max_size=4).map(".".join),
    st.sampled_from(["", "", "", ":0", ":443", ":99999", "."]),
    st.one_of(
        st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), max_size=30),
        st.text(max_size=30),
    ).map("/{}".format),
)


@FAST
@given(url=st.one_of(plain_looking, urls))
def test_the_quick_url_match_takes_only_what_the_full_check_takes(url: str) -> None:
    """`url_problem` accepts plain URLs by one regex match (a roadmap has thousands); each
    must pass every check of `parse_url` (urlsplit, IDNA, httpx) too."""
    if _PLAIN_URL.match(url):
        assert parse_url(url).host


def test_the_quick_url_match_takes_plain_urls() -> None:
    """It is a shortcut only if the URLs of real roadmaps take it."""
    from tests.seed_urls import SEED_URLS

    assert all(_PLAIN_URL.match(url) for url in SEED_URLS)


# --- text cleaning --------------------------------------------------------------------------

hostile_text = st.one_of(
    st.text(),
    st.lists(
        st.sampled_from(
            [
                "\x1b[31m",
                "\x1b]0;title\x07",
                "\x1b]52;c;eA==\x1b\\",
                "\x9b2J",
                "\x1bP",
                "\x90",
                "\u202e",
                "[/]",
                "[bold]",
                "&#27;",
                "<b>",
                "\r\n",
                "\x00",
                "ok",
                " ",
            ]
        ),
        max_size=12,
    ).map("".join),
)


@FAST
@given(text=hostile_text)
def test_text_cleaning(text: str) -> None:
    for cleaned in (strip_controls(text), plain_line(text), plain_block(text), html_to_text(text)):
        assert isinstance(cleaned, str)
        assert not UNSAFE.search(cleaned)
    assert "\n" not in plain_line(text)
    assert len(plain_line(text, 10)) <= 10
