"""The curriculum: the bundled roadmap encodes the whole seed; broken files report every problem."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mlroad_tui import config
from mlroad_tui.cli import main
from mlroad_tui.curriculum import (
    ID_PATTERN,
    CurriculumInvalid,
    Problem,
    Roadmap,
    load_roadmap,
    validate,
)
from tests.conftest import BUNDLED, REPO
from tests.roadmap_files import assert_read_as_tomllib_reads
from tests.seed_urls import SEED_URLS

SEED = REPO.parent / "shared" / "seed" / "ml-roadmap.md"
FIXTURES = Path(__file__).parent / "fixtures" / "curriculum"
VALID = FIXTURES / "valid.toml"
MARKDOWN_LINK = re.compile(r"\]\((https?://[^)\s]+)\)")

# The union of the seed's summary table and detailed breakdown, phase by phase.
EXPECTED_TOPICS = {
    "m1-fundamentals": [
        "linear-algebra", "calculus", "probability-statistics", "numpy", "pandas",
        "matplotlib-seaborn", "what-is-ml", "types-of-ml",
    ],
    "m2-ml-basics": [
        "linear-regression", "logistic-regression", "decision-trees", "support-vector-machines",
        "k-means", "pca", "cross-validation", "metrics",
    ],
    "m3-intermediate-ml": [
        "random-forests", "gradient-boosting", "missing-values", "categorical-encoding",
        "feature-scaling", "feature-selection", "neural-network-basics", "perceptron",
        "backpropagation-optimization",
    ],
    "m4-pytorch": [
        "tensors-autograd", "building-neural-networks", "training-loops", "cnns", "rnns-lstms",
        "transformers", "image-classification", "text-classification",
    ],
    "m5-specialization": [
        "tokenization", "word-embeddings", "sequence-models", "advanced-nlp-models",
        "advanced-cnns", "object-detection", "image-segmentation", "rl-fundamentals",
        "rl-algorithms", "saving-loading-models", "serving-models", "docker",
    ],
    "m6-projects": [
        "end-to-end-project", "advanced-project", "llama-tech-stack", "pytorch-specifics",
        "engage-community", "cloud-deployment", "ci-cd-ml",
    ],
}  # fmt: skip


@pytest.fixture(scope="module")
def roadmap() -> Roadmap:
    return load_roadmap(BUNDLED)


# --- The bundled roadmap ----------------------------------------------------------------------


def test_the_configured_default_is_the_bundled_roadmap():
    assert config.curriculum_path().resolve() == BUNDLED.resolve()


def test_committed_url_list_matches_the_seed():
    urls = MARKDOWN_LINK.findall(SEED.read_text(encoding="utf-8")) if SEED.is_file() else []
    assert len(SEED_URLS) == 38
    if urls:
        assert set(urls) == SEED_URLS


def test_bundled_roadmap_has_six_months_in_order(roadmap):
    assert [p.month for p in roadmap.phases] == [1, 2, 3, 4, 5, 6]
    assert roadmap.phases[0].title == "Fundamentals"
    assert all(len(p.goals) == 2 for p in roadmap.phases)
    assert roadmap.weekly_hours == (15, 20)


def test_bundled_roadmap_has_every_topic_of_table_and_breakdown(roadmap):
    assert {p.id: [t.id for t in p.topics] for p in roadmap.phases} == EXPECTED_TOPICS
    math = roadmap.phases[0].groups[0]
    assert math.title == "Mathematics for ML"
    titles = [t.title for t in math.topics]
    assert titles == ["Linear Algebra", "Calculus", "Probability & Statistics"]
    assert [t.id for t in roadmap.topics() if t.optional] == ["rl-fundamentals", "rl-algorithms"]


def test_every_topic_has_a_summary_and_review_prompts(roadmap):
    for topic in roadmap.topics():
        assert topic.summary, topic.id
        assert 2 <= len(topic.key_points) <= 4, topic.id


def test_phase_hours_fit_a_month_of_study(roadmap):
    weeks = 4.3
    low, high = (weeks * h for h in roadmap.weekly_hours)
    for phase in roadmap.phases:
        assert low <= phase.hours <= high, (phase.id, phase.hours)


def test_bundled_roadmap_has_all_38_seed_urls_each_once(roadmap):
    urls = [r.url for r in roadmap.resources.values() if r.url]
    assert len(urls) == len(set(urls)) == 38
    assert set(urls) == SEED_URLS


def test_every_resource_serves_a_topic_or_phase(roadmap):
    used = set()
    for phase in roadmap.phases:
        used.update(r.id for r in roadmap.phase_resources(phase))
    assert used == set(roadmap.resources)


def test_books_communities_roadmaps_and_references(roadmap):
    res = roadmap.resources
    books = {rid: (r.url, r.authors) for rid, r in res.items() if r.kind == "book"}
    assert books["hands-on-ml"][1] == "Aurélien Géron"
    assert books["deep-learning-book"] == (
        "https://www.deeplearningbook.org/",
        "Ian Goodfellow, Yoshua Bengio, Aaron Courville",
    )
    assert books["python-ml-book"] == (None, "Sebastian Raschka, Vahid Mirjalili")
    kinds = {
        "kaggle-community": "community", "reddit-machine-learning": "community",
        "stack-overflow-ml": "community", "merveenoyan-ml-roadmap": "roadmap",
        "mrdbourke-ml-roadmap": "roadmap", "chris-chris-ml-engineer-roadmap": "roadmap",
        "llama-repo": "repository", "geeksforgeeks-python-roadmap": "article",
        "codewithharry-ml-roadmap": "article",
    }  # fmt: skip
    assert {rid: res[rid].kind for rid in kinds} == kinds
    assert "Stanford" in res["cs231n"].title
    assert "MIT" not in res["cs231n"].title


def test_six_tips_for_success(roadmap):
    assert [t.title for t in roadmap.tips] == [
        "Consistency is Key",
        "Hands-On Practice",
        "Engage with the Community",
        "Build a Portfolio",
        "Stay Updated",
        "Seek Feedback",
    ]
    assert all(t.text for t in roadmap.tips)


def test_bundled_ids_are_well_formed(roadmap):
    ids = [roadmap.id, *roadmap.resources, *(t.id for t in roadmap.tips)]
    for phase in roadmap.phases:
        ids += [phase.id, *(g.id for g in phase.groups), *(t.id for t in phase.topics)]
    assert all(ID_PATTERN.match(i) for i in ids)


def test_readme_example_is_a_valid_roadmap(tmp_path):
    readme = (REPO / "curriculum" / "README.md").read_text(encoding="utf-8")
    example = re.search(r"```toml\n(.*?)```", readme, re.DOTALL)
    assert example is not None
    path = tmp_path / "example.toml"
    path.write_text(example.group(1), encoding="utf-8")
    assert validate(path) == []


# --- Validation: one problem at a time --------------------------------------------------------

TOPIC = "phases[0].groups[0].topics[0]"


def broken(tmp_path: Path, old: str, new: str) -> Path:
    """valid.toml with one piece of text replaced; fails loudly if `old` is not there."""
    text = VALID.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path = tmp_path / "broken.toml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_valid_fixture_loads():
    roadmap = load_roadmap(VALID)
    topic = roadmap.topic("t1")
    assert topic is not None
    assert topic.summary == 'id = "not-a-key"\n'
    assert [r.id for r in roadmap.topic_resources(topic)] == ["site", "book"]
    assert roadmap.resources["book"].url is None
    assert roadmap.source == VALID


@pytest.mark.parametrize(
    ("old", "new", "line", "field", "message"),
    [
        ("hours = 3", "hours = 3\nhuors = 4", 24, f"{TOPIC}.huors", "unknown key 'huors'"),
        ('title = "Mini Roadmap"', 'title = "M"\nauthor = "me"', 4, "author", "unknown key"),
        ('title = "Topic"\n', "", 17, f"{TOPIC}.title", "missing required field"),
        ('url = "https://example.org/docs"\n', "", 26, "resources[0].url", "missing required"),
        ("hours = 3", 'hours = "3"', 23, f"{TOPIC}.hours", "expected a number, got a string"),
        ("month = 1", "month = true", 8, "phases[0].month", "expected an integer, got a boolean"),
        ('goals = ["Learn"]', 'goals = ["Learn", 2]', 10, "phases[0].goals[1]", "expected a str"),
        ('kind = "docs"', "kind = 3", 29, "resources[0].kind", "expected a string, got an integer"),
        ('"site", "book"]', '"site", "bok"]', 24, f"{TOPIC}.resources[1]", "unknown resource id"),
        ('"site", "book"]', '"site", "site"]', 24, f"{TOPIC}.resources[1]", "listed twice"),
        ('resources = ["site"]', 'resources = ["s"]', 11, "phases[0].resources[0]", "unknown res"),
        ("https://example.org/docs", "file:///etc/passwd", 30, "resources[0].url", "not an http"),
        ("https://example.org/docs", "javascript:alert(1)", 30, "resources[0].url", "not an http"),
        ("https://example.org/docs", "https:///docs", 30, "resources[0].url", "has no host"),
        ("https://example.org/docs", "https://ex ample.org/", 30, "resources[0].url", "spaces"),
        ("https://example.org/docs", "http://xn--zz-/", 30, "resources[0].url", "A-label"),
        ("https://example.org/docs", "http://e.org:70000/", 30, "resources[0].url", "Port out"),
        ('kind = "docs"', 'kind = "blog"', 29, "resources[0].kind", "unknown kind 'blog'"),
        ("hours = 3", "hours = 0", 23, f"{TOPIC}.hours", "more than 0 and at most 1000 h"),
        ("hours = 3", "hours = -2.5", 23, f"{TOPIC}.hours", "more than 0 and at most 1000 h"),
        ("hours = 3", "hours = inf", 23, f"{TOPIC}.hours", "more than 0 and at most 1000 h"),
        ("hours = 3", "hours = nan", 23, f"{TOPIC}.hours", "more than 0 and at most 1000 h"),
        ("hours = 3", "hours = 1e308", 23, f"{TOPIC}.hours", "more than 0 and at most 1000 h"),
        # Beyond a 64-bit float, which rtoml refuses: tomllib reads it, as before.
        ("hours = 3", "hours = 1e400", 23, f"{TOPIC}.hours", "more than 0 and at most 1000 h"),
        ("month = 1", "month = 2", 8, "phases[0].month", "expected month 1"),
        ('id = "t1"', 'id = "T 1"', 18, f"{TOPIC}.id", "must be lowercase words"),
        ('title = "Group"', 'title = "  "', 15, "phases[0].groups[0].title", "must not be empty"),
        ("[5, 8]", "[8, 5]", 4, "weekly_hours", "minimum 8 is above the maximum 5"),
        ("[5, 8]", "[5]", 4, "weekly_hours", "expected two numbers"),
        ("[5, 8]", "[5, inf]", 4, "weekly_hours", "weekly hours must be from 1 to 100 h"),
    ],
)
def test_each_problem_is_located(tmp_path, old, new, line, field, message):
    path = broken(tmp_path, old, new)
    problems = validate(path)
    assert [(p.file, p.line, p.field) for p in problems] == [(path, line, field)]
    assert message in problems[0].message


def test_syntax_error_gives_its_line_and_column():
    path = FIXTURES / "syntax-error.toml"
    [problem] = validate(path)
    assert (problem.file, problem.line, problem.field) == (path, 6, "")
    assert problem.message == "invalid TOML: Invalid value (column 9)"


@pytest.mark.parametrize("path", [BUNDLED, *sorted(FIXTURES.glob("*.toml"))], ids=lambda p: p.name)
@pytest.mark.parametrize("line_end", ["\n", "\r\n"])
def test_the_toml_parser_reads_what_tomllib_reads(path, line_end):
    assert_read_as_tomllib_reads(path, path.read_text(encoding="utf-8").replace("\n", line_end))


def test_syntax_error_at_end_of_file_points_at_the_last_line(tmp_path):
    path = tmp_path / "cut.toml"
    path.write_text('id = "x"\ntitle = ', encoding="utf-8")
    [problem] = validate(path)
    assert problem.line == 2
    assert problem.message.endswith("at end of file")


@pytest.mark.parametrize(
    ("text", "field", "message"),
    [
        ('id = "x"\ntitle = "X"\nweekly_hours = [1, 2]\nphases = "all"\n', "phases", "expected an"),
        ('id = "x"\ntitle = "X"\nweekly_hours = [1, 2]\nphases = []\n', "phases", "must not be em"),
        ('id = "x"\ntitle = "X"\nweekly_hours = [1, 2]\nphases = [1]\n', "phases[0]", "a table"),
    ],
)
def test_wrong_shapes_are_problems_not_crashes(tmp_path, text, field, message):
    path = tmp_path / "shape.toml"
    path.write_text(text, encoding="utf-8")
    [problem] = validate(path)
    assert (problem.line, problem.field) == (4, field)
    assert message in problem.message


def test_duplicate_ids_in_every_namespace_and_months_out_of_order():
    path = FIXTURES / "duplicates.toml"
    problems = validate(path)
    assert [(p.line, p.field) for p in problems] == [
        (21, "phases[1].id"),
        (22, "phases[1].month"),
        (26, "phases[1].groups[0].id"),
        (35, "phases[1].groups[0].topics[1].id"),
        (46, "resources[1].id"),
        (57, "tips[1].id"),
    ]
    assert problems[0].message == "duplicate phase id 'p1' (first used at phases[0].id, line 7)"
    assert "first used at phases[0].groups[0].topics[0].id, line 16" in problems[3].message
    assert problems[1].message.startswith("expected month 2")


def test_every_problem_is_reported_at_once_in_file_order():
    path = FIXTURES / "many-problems.toml"
    with pytest.raises(CurriculumInvalid) as raised:
        load_roadmap(path)
    problems = raised.value.problems
    assert problems == validate(path)
    assert [(p.line, p.field) for p in problems] == [
        (3, "title"),
        (4, "weekly_hours"),
        (10, "phases[0].goals"),
        (17, f"{TOPIC}.id"),
        (19, f"{TOPIC}.hours"),
        (20, f"{TOPIC}.optional"),
        (21, f"{TOPIC}.resources[0]"),
        (26, "resources[0].kind"),
        (27, "resources[0].url"),
        (28, "resources[0].colour"),
        (30, "resources[1].url"),
        (30, "resources[1].title"),
    ]
    assert all(p.file == path for p in problems)
    assert str(problems[0]) == f"{path}:3: title: must not be empty"


def test_line_index_counts_nested_tables_by_occurrence(tmp_path):
    """A problem deep in the bundled file is located on its own line."""
    text = BUNDLED.read_text(encoding="utf-8")
    text = text.replace('id = "perceptron"\n', 'id = "perceptron"\nbogus = 1\n')
    path = tmp_path / "roadmap.toml"
    path.write_text(text, encoding="utf-8")
    [problem] = validate(path)
    assert problem.field == "phases[2].groups[2].topics[1].bogus"
    assert problem.line == text.splitlines().index("bogus = 1") + 1


def test_missing_file_directory_and_non_utf8_are_problems(tmp_path):
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b'title = "\xff"\n')
    cases = {tmp_path / "absent.toml": "no such file", tmp_path: "is a directory", binary: "UTF-8"}
    for path, message in cases.items():
        [problem] = validate(path)
        assert (problem.file, problem.line, problem.field) == (path, None, "")
        assert message in problem.message
        assert str(problem).startswith(f"{path}: ")


# --- mlroad curriculum validate ---------------------------------------------------------------


def test_cli_validate_bundled(capsys):
    assert main(["curriculum", "validate"]) == 0
    out, err = capsys.readouterr()
    assert out == "ok: 6 phases, 52 topics, 39 resources\n"
    assert err == ""


def test_cli_validate_prints_every_problem_and_exits_2(capsys):
    path = FIXTURES / "duplicates.toml"
    assert main(["curriculum", "validate", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.splitlines()
    assert lines[0] == (
        f"{path}:21: phases[1].id: duplicate phase id 'p1' (first used at phases[0].id, line 7)"
    )
    assert len(lines) == 7
    assert lines[-1] == f"mlroad: 6 problem(s) in {path}"


def test_cli_validate_uses_the_configured_curriculum(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("MLROAD_CURRICULUM", str(FIXTURES / "syntax-error.toml"))
    assert main(["curriculum", "validate"]) == 2
    assert "syntax-error.toml:6: invalid TOML" in capsys.readouterr().err
    assert main(["--curriculum", str(VALID), "curriculum", "validate"]) == 0
    assert capsys.readouterr().out == "ok: 1 phases, 1 topics, 2 resources\n"
    assert main(["curriculum", "validate", str(tmp_path / "nope.toml")]) == 1
    assert "nope.toml: no such file" in capsys.readouterr().err


def test_cli_validate_json_keeps_every_key(capsys, tmp_path):
    import json

    path = FIXTURES / "duplicates.toml"
    assert main(["curriculum", "validate", "--json", str(path)]) == 2
    report = json.loads(capsys.readouterr().out)
    assert report["valid"] is False and report["counts"] is None and report["roadmap"] is None
    assert len(report["problems"]) == 6
    assert report["problems"][0] == {
        "file": str(path),
        "line": 21,
        "field": "phases[1].id",
        "message": "duplicate phase id 'p1' (first used at phases[0].id, line 7)",
    }
    assert main(["curriculum", "validate", "--json", str(VALID)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["counts"] == {"phases": 1, "topics": 1, "resources": 2}
    assert report["valid"] is True and report["problems"] == []
    missing = tmp_path / "nope.toml"
    assert main(["curriculum", "validate", "--json", str(missing)]) == 1
    problem = json.loads(capsys.readouterr().out)["problems"][0]
    assert problem["line"] is None and problem["field"] is None


def test_problem_without_line_or_field_reads_cleanly():
    assert str(Problem(Path("a.toml"), None, "", "no such file")) == "a.toml: no such file"
