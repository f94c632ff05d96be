"""Markdown roadmaps → roadmap TOML: the seed and roadmaps of other shapes, read as a reader
of the Markdown would read them (phases in order, topics, where each link belongs)."""

from __future__ import annotations

import json
import random
import tomllib
from pathlib import Path

import pytest

from mlroad_tui.cli import main
from mlroad_tui.curriculum import DEFAULT_TOPIC_HOURS, Roadmap, load_roadmap, load_roadmap_text
from mlroad_tui.importer import Imported, import_file, import_markdown
from mlroad_tui.importer.words import resource_kind, take_hours, time_unit, weekly_hours
from tests.markdown_roadmaps import huge_markdown
from tests.seed_urls import SEED_GENERAL_URLS, SEED_URLS_BY_MONTH

BUNDLED = Path(__file__).resolve().parent.parent / "curriculum" / "ml-roadmap.toml"

FIXTURES = Path(__file__).parent / "fixtures" / "markdown"
SEED = FIXTURES / "ml-roadmap.md"


def imported(name: str) -> tuple[Imported, Roadmap]:
    """Import a fixture and validate its TOML exactly as `mlroad curriculum validate` would."""
    result = import_file(FIXTURES / name)
    return result, load_roadmap_text(result.toml, FIXTURES / name)


def topic_titles(roadmap: Roadmap, month: int) -> list[str]:
    return [topic.title for topic in roadmap.phases[month - 1].topics]


def urls_of(roadmap: Roadmap, month: int) -> set[str]:
    """Every URL the month refers to, from the phase itself or one of its topics."""
    phase = roadmap.phases[month - 1]
    return {r.url for r in roadmap.phase_resources(phase) if r.url}


def topic_urls(roadmap: Roadmap, title: str) -> set[str]:
    topic = next(t for t in roadmap.topics() if t.title == title)
    return {r.url for r in roadmap.topic_resources(topic) if r.url}


# --- the seed --------------------------------------------------------------------------------

SEED_MONTHS = (
    "Fundamentals",
    "Machine Learning Basics",
    "Intermediate ML & Transition to Deep Learning",
    "Deep Learning with PyTorch",
    "Advanced Topics & Specialization",
    "Projects & Contribution",
)


def test_the_seed_is_the_shared_one_when_it_is_there() -> None:
    shared = Path(__file__).resolve().parents[2] / "shared" / "seed" / "ml-roadmap.md"
    if shared.exists():  # CI has ../shared beside the clone; the fixture must not drift from it
        assert SEED.read_bytes() == shared.read_bytes()


def test_seed_gives_its_six_months_in_order_with_their_goals() -> None:
    _, roadmap = imported("ml-roadmap.md")
    assert [p.title for p in roadmap.phases] == list(SEED_MONTHS)
    assert [p.month for p in roadmap.phases] == [1, 2, 3, 4, 5, 6]
    assert roadmap.phases[0].goals == (
        "Build a strong mathematical foundation.",
        "Get comfortable with Python libraries essential for data manipulation and visualization.",
    )
    assert roadmap.phases[5].goals == (
        "Apply your knowledge through real-world projects.",
        "Contribute to open-source ML projects, such as LLaMA.",
    )
    assert all(len(phase.goals) == 2 for phase in roadmap.phases)
    assert roadmap.weekly_hours == (15, 20)
    assert roadmap.id == "ml-roadmap"
    assert roadmap.title == "6-Month Machine Learning Roadmap"


def test_seed_topics_come_from_the_table_and_the_detailed_months() -> None:
    _, roadmap = imported("ml-roadmap.md")
    month1 = roadmap.phases[0]
    assert [g.title for g in month1.groups] == [
        "Mathematics for ML",
        "Python for Data Science",
        "Introduction to Machine Learning",  # only in the summary table
    ]
    assert topic_titles(roadmap, 1) == [
        "Linear Algebra",
        "Calculus",
        "Probability & Statistics",
        "NumPy",
        "Pandas",
        "Matplotlib & Seaborn",
        "What is ML?",
        "Types of ML",
    ]
    # Said in the table and again in the month's section: one topic, with the section's words.
    algebra = roadmap.topic("linear-algebra")
    assert algebra is not None
    assert algebra.summary == "Vectors, matrices, matrix multiplication, eigenvalues/eigenvectors."
    assert "Perceptron Model" in topic_titles(roadmap, 3)  # table only
    assert "Backpropagation & Optimization" in topic_titles(roadmap, 3)  # section only
    assert {"Transformers", "Image Classification"} <= set(topic_titles(roadmap, 4))
    reinforcement = [
        t for t in roadmap.phases[4].topics if t.group_id.endswith("reinforcement-learning")
    ]
    assert [t.title for t in reinforcement] == ["Fundamentals", "Algorithms"]
    assert all(t.optional for t in reinforcement)  # "Reinforcement Learning: (Optional)"
    assert all(t.hours == DEFAULT_TOPIC_HOURS for t in roadmap.topics())  # the seed gives none


def test_seed_links_are_all_there_once_and_in_their_month() -> None:
    result, roadmap = imported("ml-roadmap.md")
    urls = [r.url for r in roadmap.resources.values() if r.url]
    assert len(urls) == len(set(urls)) == 38
    for month, expected in SEED_URLS_BY_MONTH.items():
        assert urls_of(roadmap, month) == expected, f"month {month}"
    general = {r.url for r in result.draft.general_resources()}
    assert general - {None} == SEED_GENERAL_URLS
    assert set(urls) == set().union(*SEED_URLS_BY_MONTH.values()) | SEED_GENERAL_URLS


def test_seed_import_agrees_with_the_bundled_roadmap() -> None:
    """The bundled TOML was written from the seed by hand: same URLs, same months, same tips,
    same kinds but one (it calls David Silver's lectures a course; his site says nothing)."""
    _, roadmap = imported("ml-roadmap.md")
    bundled = load_roadmap(BUNDLED)
    assert {r.url for r in roadmap.resources.values()} == {
        r.url for r in bundled.resources.values()
    }
    for month in range(1, 7):
        assert urls_of(roadmap, month) <= urls_of(bundled, month), f"month {month}"
    assert [t.title for t in roadmap.tips] == [t.title for t in bundled.tips]
    bundled_kinds = {r.url: r.kind for r in bundled.resources.values()}
    differ = {r.url for r in roadmap.resources.values() if r.kind != bundled_kinds[r.url]}
    assert differ == {"https://www.davidsilver.uk/"}


def test_seed_books_without_a_link_are_kept_and_merged_with_linked_ones() -> None:
    _, roadmap = imported("ml-roadmap.md")
    books = [r for r in roadmap.resources.values() if r.url is None]
    assert [(b.title, b.kind, b.authors) for b in books] == [
        ("Python Machine Learning", "book", "Sebastian Raschka and Vahid Mirjalili")
    ]
    hands_on = next(r for r in roadmap.resources.values() if r.url and "oreilly" in r.url)
    assert hands_on.title == "Hands-On Machine Learning with Scikit-Learn, Keras, and TensorFlow"
    assert hands_on.authors == "Aurélien Géron"


def test_seed_summary_names_what_was_not_placed() -> None:
    result, _ = imported("ml-roadmap.md")
    summary = "\n".join(result.summary)
    assert "6 phases" in summary and "38 links, 1 book(s) without a link" in summary
    assert "line 251: paragraph: Embarking on this 6-month journey" in summary
    assert "line 253: paragraph: Happy Learning and Coding!" in summary
    # …and the TOML says the same for people, with the source line of every part.
    assert "# line 253: paragraph: Happy Learning and Coding!" in result.toml
    assert "[[phases.groups.topics]]  # line 11; also line 31" in result.toml


# --- other shapes ----------------------------------------------------------------------------


def test_weeks_instead_of_months() -> None:
    _, roadmap = imported("weeks.md")
    assert [p.title for p in roadmap.phases] == [
        "Week 1: Setup and Basics",
        "Week 2: Data Structures",
        "Week 3: NumPy and pandas",
        "Week 4: A Small Project",
    ]
    assert [p.id for p in roadmap.phases][:2] == ["w1-setup-and-basics", "w2-data-structures"]
    assert roadmap.weekly_hours == (6, 6)  # "about 6 hours per week"
    assert roadmap.phases[0].goals == ("write and run small Python scripts.",)
    assert roadmap.phases[1].goals == ("Pick the right container for the job.",)
    assert topic_titles(roadmap, 2) == ["Lists, tuples and dictionaries", "Comprehensions"]
    assert [(g.id, g.title) for g in roadmap.phases[1].groups] == [("w2-topics", "Topics")]
    hours = {t.title: t.hours for t in roadmap.topics()}
    assert hours["Installing Python and an editor"] == 1
    assert hours["Variables, types and control flow"] == 3
    assert hours["Arrays and broadcasting"] == DEFAULT_TOPIC_HOURS
    assert topic_urls(roadmap, "Comprehensions") == {
        "https://realpython.com/list-comprehension-python/"
    }
    assert urls_of(roadmap, 3) == {
        "https://pandas.pydata.org/docs/",
        "https://www.kaggle.com/learn/pandas",
    }
    assert [t.title for t in roadmap.tips] == ["Little and often"]


def test_numbered_lists_make_groups_and_topics() -> None:
    _, roadmap = imported("numbered.md")
    assert [p.title for p in roadmap.phases] == [
        "Phase 1 — Foundations",
        "Phase 2 — Frameworks",
        "Phase 3 — Shipping",
    ]
    assert [g.title for g in roadmap.phases[0].groups] == ["HTML", "CSS", "JavaScript basics"]
    assert topic_titles(roadmap, 1)[2:4] == ["The box model", "Flexbox and grid"]
    assert topic_urls(roadmap, "Flexbox and grid") == {
        "https://css-tricks.com/snippets/css/a-guide-to-flexbox/"
    }
    assert urls_of(roadmap, 2) == {"https://react.dev/learn", "https://vitest.dev/guide/"}
    assert topic_titles(roadmap, 3) == ["Deploying a static site", "Continuous integration"]


def test_lists_three_deep_are_groups_topics_and_key_points() -> None:
    _, roadmap = imported("nested.md")
    assert [p.title for p in roadmap.phases] == ["Stage 1: Mathematics", "Stage 2: Neural Networks"]
    assert [g.title for g in roadmap.phases[0].groups] == ["Linear algebra", "Calculus"]
    vectors = roadmap.topic("vectors-and-matrices")
    assert vectors is not None
    assert vectors.key_points == ("Dot products and norms", "Matrix multiplication")
    assert topic_urls(roadmap, "Backpropagation") == {"https://www.youtube.com/watch?v=Ilg3gGewQ5U"}
    backprop = next(r for r in roadmap.resources.values() if "youtube" in (r.url or ""))
    assert backprop.kind == "video"


def test_a_table_of_topics_and_links() -> None:
    _, roadmap = imported("table.md")
    assert [p.title for p in roadmap.phases] == ["Querying", "Designing"]
    assert topic_titles(roadmap, 1) == ["SELECT and WHERE", "Joins", "Aggregation and GROUP BY"]
    assert [t.hours for t in roadmap.phases[1].topics] == [3, 8]  # the Hours column
    assert topic_urls(roadmap, "Indexes") == {"https://use-the-index-luke.com/"}
    assert urls_of(roadmap, 2) == {
        "https://en.wikipedia.org/wiki/Database_normalization",
        "https://use-the-index-luke.com/",
    }


def test_links_inside_headings_attach_to_what_the_heading_makes() -> None:
    _, roadmap = imported("heading-links.md")
    assert topic_titles(roadmap, 1) == [
        "Practical Deep Learning for Coders",
        "Supervised learning",
        "Learning theory",
    ]
    fastai = roadmap.topic("practical-deep-learning-for-coders")
    assert fastai is not None and fastai.summary == "Lessons 1 to 4, with the notebooks."
    assert topic_urls(roadmap, "Practical Deep Learning for Coders") == {"https://course.fast.ai/"}
    assert "https://cs229.stanford.edu/" in urls_of(roadmap, 1)  # a group heading: its month
    assert topic_titles(roadmap, 2) == ["Transformers", "Hugging Face NLP Course"]
    assert topic_urls(roadmap, "Transformers") == {
        "https://jalammar.github.io/illustrated-transformer/"
    }


def test_no_time_units_uses_the_top_level_sections() -> None:
    result, roadmap = imported("no-time-units.md")
    assert [p.title for p in roadmap.phases] == ["Basics", "Ownership", "Concurrency"]
    assert roadmap.weekly_hours == (5, 10)  # not stated: the default, and the TOML says so
    assert "weekly_hours: the source does not say" in result.toml
    assert "weekly_hours =" not in result.toml
    assert topic_titles(roadmap, 2) == ["Moves and borrows", "Lifetimes", "Smart pointers"]
    general = {r.url for r in result.draft.general_resources()}
    assert general == {
        "https://www.rust-lang.org/learn",
        "https://doc.rust-lang.org/rust-by-example/",
        "https://www.reddit.com/r/rust/",
        None,  # "Programming Rust", a book without a link
    }
    book = next(r for r in roadmap.resources.values() if r.url is None)
    assert (book.title, book.authors) == ("Programming Rust", "Jim Blandy and Jason Orendorff")
    assert [t.title for t in roadmap.tips] == ["Read the compiler errors", "Clippy"]
    assert [u.line for u in result.draft.unplaced] == [3, 7]  # the prose, by line


def test_bold_lines_or_list_items_as_weeks() -> None:
    """Gists often have no headings: "**Week 1**: …" lines, or "- Week 1: …" items."""
    _, bold = imported("bold-weeks.md")
    assert [p.title for p in bold.phases] == [
        "Week 1: Describing data",
        "Week 2: Probability",
        "Week 3: Inference",
    ]
    assert topic_titles(bold, 1) == ["Mean, median and mode", "Variance and standard deviation"]
    assert topic_urls(bold, "Variance and standard deviation") == {
        "https://www.khanacademy.org/math/statistics-probability/summarizing-quantitative-data"
    }
    assert topic_titles(bold, 3) == ["Confidence intervals", "Hypothesis tests"]
    _, items = imported("list-weeks.md")
    assert [p.title for p in items.phases] == [
        "Week 1: Basics",
        "Week 2: Branches",
        "Week 3: Remotes",
    ]
    assert topic_titles(items, 2) == ["branching and merging", "rebasing"]
    assert urls_of(items, 1) == {
        "https://git-scm.com/book/en/v2/Git-Basics-Getting-a-Git-Repository"
    }


def test_headings_that_skip_levels() -> None:
    _, roadmap = imported("skipped-levels.md")
    assert [p.title for p in roadmap.phases] == ["Storage", "Pipelines"]
    assert [g.title for g in roadmap.phases[0].groups] == ["Files and formats", "Databases"]
    assert topic_titles(roadmap, 2) == ["Scheduling with cron", "Streaming"]
    assert urls_of(roadmap, 2) == {
        "https://airflow.apache.org/docs/apache-airflow/stable/tutorial/fundamentals.html"
    }


def test_emoji_and_non_latin_titles() -> None:
    _, roadmap = imported("emoji-nonlatin.md")
    assert roadmap.title == "機械学習ロードマップ"  # the leading emoji is decoration
    assert [p.title for p in roadmap.phases] == [
        "第1ヶ月: 数学の基礎",
        "第2ヶ月: 🐍 Python",
        "Неделя 9: Нейронные сети",
    ]
    assert [p.id for p in roadmap.phases] == ["m1", "m2", "w9"]
    assert topic_titles(roadmap, 1) == ["線形代数", "微分積分", "確率と統計 📊"]
    algebra = roadmap.phases[0].topics[0]
    assert algebra.id.startswith("topic-")  # no ASCII words: a hash of the title
    assert topic_urls(roadmap, "線形代数") == {
        "https://www.youtube.com/playlist?list=PLZHQObOWTQDPD3MizzM2xVFitgF8hE_ab"
    }
    assert topic_titles(roadmap, 3) == ["Персептрон", "Обратное распространение ошибки"]


# --- ids, limits, hostile input -------------------------------------------------------------


def test_ids_are_stable_when_the_markdown_is_edited() -> None:
    text = (FIXTURES / "weeks.md").read_text(encoding="utf-8")
    before = import_markdown(text, "weeks.md", "weeks")
    assert import_markdown(text, "weeks.md", "weeks").toml == before.toml  # deterministic
    edited = text.replace(
        "## Week 3: NumPy and pandas\n",
        "## Week 3: NumPy and pandas\n\n- Reading CSV files\n",
    ).replace("- Arrays and broadcasting", "- Arrays and broadcasting (5 h)")
    after = import_markdown(edited, "weeks.md", "weeks")

    def ids(result: Imported) -> dict[str, str]:
        return {t.title: t.id for t in result.draft.topics()}

    assert ids(after) == {**ids(before), "Reading CSV files": "reading-csv-files"}
    assert [p.id for p in after.draft.phases] == [p.id for p in before.draft.phases]


def test_the_same_title_in_two_phases_gets_two_ids() -> None:
    text = "# R\n\n## Month 1: A\n\n- Projects\n\n## Month 2: B\n\n- Projects\n- Projects again\n"
    roadmap = load_roadmap_text(import_markdown(text, "r.md", "r").toml, Path("r.md"))
    assert [t.id for t in roadmap.topics()] == ["projects", "m2-projects", "projects-again"]


def test_untrusted_text_stays_literal_and_bad_links_are_reported() -> None:
    text = (
        "# Evil \x1b[31mred\x1b[0m roadmap\n\n## Month 1: [bold]x[/bold]\n\n"
        '- Quote " and backslash \\\\ and tab\there\n'
        "- [Run me](javascript:alert(1)) and [mail](mailto:a@b.c)\n"
        "- [Local](./notes.md)\n"
        '- [ok](https://example.org/a?b=1&c="2")\n'
    )
    result = import_markdown(text, "evil.md", "evil")
    roadmap = load_roadmap_text(result.toml, Path("evil.md"))
    assert roadmap.title == "Evil [31mred [0m roadmap"  # the escape character itself is gone
    assert roadmap.phases[0].title == "[bold]x[/bold]"  # markup kept as text, never applied
    assert roadmap.phases[0].topics[0].title == 'Quote " and backslash \\ and tab here'
    assert [r.url for r in roadmap.resources.values()] == ["https://example.org/a?b=1&c=%222%22"]
    bad = [u for u in result.draft.unplaced if u.what == "link that is not an http(s) URL"]
    assert [u.text for u in bad] == ["mailto:a@b.c", "./notes.md"]
    # markdown-it does not even make a link of javascript: — it stays words in a topic.
    assert roadmap.phases[0].topics[1].title == "[Run me](javascript:alert(1)) and mail"


def test_every_document_imports_to_a_valid_roadmap() -> None:
    """Random Markdown made of roadmap-like pieces (and junk) always validates."""
    pieces = [
        "# Title", "## Month {n}", "### Week {n}: x", "#### Sub", "##### Deep", "## Tips",
        "## Resources", "**Goals:**", "**Topics:**", "- item {n}", "  - sub {n}",
        "    - subsub {n}", "1. one", "- [link {n}](https://e.org/{n})", "- [bad](ftp://x)",
        "| Month | Topics |", "| --- | --- |", "| {n} | - a<br>- b |", "text (3 h)", "",
        "- *\"Book {n}\"* by Someone", "> quote", "```\ncode\n```", "<div>html</div>", "---",
        "- **Label:** rest", "第{n}周", "## Phase IV", "- Optional (optional)", "\u202e\u0000",
    ]  # fmt: skip
    chooser = random.Random(1234)
    for _ in range(200):
        lines = [chooser.choice(pieces).format(n=chooser.randint(1, 9)) for _ in range(30)]
        text = "\n".join(lines)
        result = import_markdown(text, "random.md", "random")
        load_roadmap_text(result.toml, Path("random.md"))  # raises with every problem if not


def test_an_empty_document_is_one_phase_named_after_the_file() -> None:
    result = import_markdown("", "plan.md", "plan")
    roadmap = load_roadmap_text(result.toml, Path("plan.md"))
    assert [p.title for p in roadmap.phases] == ["plan"]
    assert "list no topics" in "\n".join(result.summary)


def test_a_file_that_is_too_big_or_not_text_is_refused(tmp_path: Path) -> None:
    from mlroad_tui.curriculum import CurriculumInvalid
    from mlroad_tui.importer import MAX_SOURCE_BYTES

    big = tmp_path / "big.md"
    big.write_bytes(b"- x\n" * (MAX_SOURCE_BYTES // 4 + 1))
    binary = tmp_path / "binary.md"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    for path, message in ((big, "larger than 2 MB"), (binary, "not UTF-8")):
        with pytest.raises(CurriculumInvalid) as caught:
            import_file(path)
        assert message in str(caught.value)


def test_the_toml_is_plain_toml_with_a_comment_per_part() -> None:
    result, _ = imported("table.md")
    document = tomllib.loads(result.toml)
    assert document["phases"][0]["groups"][0]["topics"][1]["hours"] == 6
    assert "[[phases.groups.topics]]  # line 8" in result.toml
    assert "# --- Month 2: Designing (heading at line 11)" in result.toml


# --- the word rules --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "unit"),
    [
        ("Month 1: Fundamentals", ("month", 1)),
        ("📅 **Week 12** — Projects", ("week", 12)),
        ("Phase IV", ("phase", 4)),
        ("Stage three: Shipping", ("stage", 3)),
        ("第3周：深度学习", ("week", 3)),
        ("Semana 2", ("week", 2)),
        ("Monthly review", None),
        ("Weekend projects", None),
    ],
)
def test_time_units(title: str, unit: tuple[str, int] | None) -> None:
    assert time_unit(title) == unit


def test_hours_of_a_topic_and_of_a_week() -> None:
    assert take_hours("Linear algebra (8 h)") == ("Linear algebra", 8)
    assert take_hours("Calculus ~3-5 hours") == ("Calculus", 4)
    assert take_hours("Study 10 hours per week") == ("Study 10 hours per week", None)
    assert weekly_hours("approximately **15-20 hours per week**") == (15, 20)
    assert weekly_hours("10 h/week") == (10, 10)
    assert weekly_hours("500 hours per week") is None  # out of range: not a plan


@pytest.mark.parametrize(
    ("title", "url", "kind"),
    [
        ("Scikit-Learn Documentation", "https://scikit-learn.org/stable/", "docs"),
        ("Andrew Ng", "https://www.coursera.org/learn/ml", "course"),
        ("Backprop", "https://youtu.be/abc", "video"),
        ("llama", "https://github.com/meta-llama/llama/", "repository"),
        ("ml-roadmap", "https://github.com/someone/ml-roadmap", "roadmap"),
        ("r/MachineLearning", "https://www.reddit.com/r/MachineLearning/", "community"),
        ("The Rust Book", "https://doc.rust-lang.org/book/", "book"),
        ("A post", "https://example.org/post", "article"),
    ],
)
def test_resource_kinds(title: str, url: str, kind: str) -> None:
    assert resource_kind(title, url, None) == kind


def test_a_huge_roadmap_imports_whole() -> None:
    """2,000 topics over 20 months (its speed is measured in benchmarks/importer.py)."""
    result = import_markdown(huge_markdown(2000), "huge.md", "huge")
    roadmap = load_roadmap_text(result.toml, Path("huge.md"))
    topics = list(roadmap.topics())
    assert len(roadmap.phases) == 20 and len(topics) == 2000
    assert [t.title for t in topics[:2]] == ["Topic 0", "Topic 1"]
    assert topics[1234].hours == 1234 % 7 + 1
    assert len({t.id for t in topics}) == 2000
    assert len(roadmap.resources) == 667 + 20  # a link every third topic, a course a month
    assert topic_urls(roadmap, "Topic 999") == {"https://example.org/t/999"}
    assert roadmap.weekly_hours == (10, 12)
    assert not result.draft.unplaced


# --- the command line ----------------------------------------------------------------------


def test_cli_import_writes_toml_that_validates(tmp_path: Path, capsys) -> None:
    output = tmp_path / "roadmap.toml"
    assert main(["curriculum", "import", str(SEED), "--output", str(output)]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert "6 phases: Fundamentals; Machine Learning Basics" in err
    assert "not placed: 2 part(s) of ml-roadmap.md" in err
    assert f"study it with: mlroad --curriculum {output}" in err
    assert main(["curriculum", "validate", str(output)]) == 0
    assert capsys.readouterr().out == "ok: 6 phases, 62 topics, 39 resources\n"
    # A second import does not overwrite the TOML (maybe edited since) unless told to.
    assert main(["curriculum", "import", str(SEED), "--output", str(output)]) == 1
    assert "exists; add --force" in capsys.readouterr().err
    assert main(["curriculum", "import", str(SEED), "-o", str(output), "--force"]) == 0


def test_cli_import_prints_to_stdout_and_refuses_what_is_not_markdown_text(
    tmp_path: Path, capsys
) -> None:
    assert main(["curriculum", "import", str(FIXTURES / "table.md")]) == 0
    out, _ = capsys.readouterr()
    assert tomllib.loads(out)["title"] == "SQL Roadmap"
    missing = tmp_path / "missing.md"
    assert main(["curriculum", "import", str(missing)]) == 1
    assert f"{missing}: no such file" in capsys.readouterr().err


def test_study_a_markdown_roadmap_directly_and_from_the_cache(
    tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mlroad_tui import roadmap_cache

    source = tmp_path / "weeks.md"
    source.write_bytes((FIXTURES / "weeks.md").read_bytes())
    assert main(["--curriculum", str(source), "status", "--json"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert first["phases"][0]["title"] == "Week 1: Setup and Basics"

    def fail(*args: object) -> None:
        raise AssertionError("imported again although the file did not change")

    monkeypatch.setattr(roadmap_cache, "load_source", fail)
    assert main(["--curriculum", str(source), "status", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == first
    assert main(["curriculum", "validate", str(source)]) == 0
    assert capsys.readouterr().out == "ok: 4 phases, 8 topics, 5 resources\n"
