"""What the words of a Markdown roadmap say: time units, section roles, resource kinds, hours.

Pure functions over plain text, so each rule is tested on its own and the outline walker
stays about structure. Everything here reads untrusted text; nothing is evaluated.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from enum import Enum
from urllib.parse import urlsplit

MAX_TITLE = 200  # characters of a title kept; longer ones end in "…"
MAX_TEXT = 1000  # characters of a summary, goal, note or tip kept
MAX_ID = 48
MAX_WEEKLY_HOURS = 100.0
MAX_TOPIC_HOURS = 1000.0

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
# Time units in a few languages, each with the unit it means.
_UNIT_WORDS = {
    **{w: w for w in ("month", "week", "phase", "stage", "step", "part", "level", "day")},
    **{w: w for w in ("module", "unit", "sprint", "quarter", "milestone", "semester", "term")},
    **dict.fromkeys(("mes", "mois", "monat", "месяц"), "month"),
    **dict.fromkeys(("semana", "semaine", "woche", "неделя"), "week"),
    **dict.fromkeys(("fase", "etapa", "étape", "этап"), "phase"),
}
# "Month 1", "Week 3:", "Phase II", "Stage four", "Semana 2".
_TIME_UNIT = re.compile(
    r"(?P<unit>" + "|".join(_UNIT_WORDS) + r")(?:s|es|en)?\s*#?\s*"
    r"(?P<number>\d{1,4}|[ivx]{1,6}\b|" + "|".join(_NUMBER_WORDS) + r")\b",
    re.IGNORECASE,
)
_CJK_UNIT = re.compile(
    r"第\s*(?P<number>\d{1,4})\s*(?P<unit>周|週|月|个月|ヶ月|か月|阶段|段階|天|日)"
)
_ROMAN = {"i": 1, "v": 5, "x": 10}
_SHORT_UNIT = {"month": "m", "week": "w", "phase": "p", "stage": "s", "day": "d"}
_CJK_UNITS = {
    "周": "week",
    "週": "week",
    "天": "day",
    "日": "day",
    "阶段": "stage",
    "段階": "stage",
}


class Role(Enum):
    """What a heading or a bold label introduces."""

    GOALS = "goals"
    TIPS = "tips"
    RESOURCES = "resources"
    TOPICS = "topics"  # "Topics:", "What to learn": a label, not a group of its own
    ASIDE = "aside"  # introduction, final thoughts, contents: prose around the roadmap
    CONTENT = "content"  # anything else: a phase, group or topic by its place


_ROLES = (
    (Role.GOALS, r"goals?|objectives?|outcomes?|what you('|’)?ll (achieve|be able)|aims?"),
    (Role.TIPS, r"tips?|advice|best practices|hints?|tricks?|dos and don('|’)?ts"),
    (
        Role.RESOURCES,
        r"(additional |extra |useful |recommended |learning |further |other )?"
        r"(resources?|references?|reading( list)?|links?|materials?|bibliography|books?"
        r"|courses?|videos?|documentation|docs|tools?|(online )?communit(y|ies)|roadmaps?"
        r"|where to learn|sources)",
    ),
    (
        Role.TOPICS,
        r"topics?( to (learn|cover|study))?|what to (learn|study)|curriculum|syllabus|contents? "
        r"to learn|subjects?|skills?( to learn)?|concepts?|key concepts|learn|study|agenda",
    ),
    (
        Role.ASIDE,
        r"introduction|intro|overview|about( this)?( roadmap)?|final thoughts|conclusions?"
        r"|summary|table of contents|contents|toc|license|contributing|acknowledge?ments?"
        r"|credits|faq|how to use( this)?( roadmap)?|changelog|notes?",
    ),
)
_ROLE_PATTERNS = tuple(
    (role, re.compile(rf"(?:[^\w]*\s*)?(?:{words})(?:\s+for\s+success)?\s*:?\s*\Z", re.I))
    for role, words in _ROLES
)

# Kind from the link's own words: strong enough to beat the host.
_KIND_WORDS = (
    ("book", r"\bbooks?\b|handbook|textbook|\bebook"),
    ("docs", r"documentation|\bdocs?\b|tutorials?\b|reference|\bapi\b|user guide|cheat ?sheet"),
    (
        "course",
        r"\bcourses?\b|specialization|\bclass\b|\bcs\s?\d{2,3}\w?\b|micro-courses|mooc|bootcamp",
    ),
    ("video", r"\bvideos?\b|playlist|youtube|lectures?\b|talks?\b|webinar"),
    ("repository", r"\brepo(sitory)?\b|github repo"),
    ("community", r"communit(y|ies)|forums?|discord|subreddit|\br/\w+|slack|meetup|competitions?"),
)
_HOST_KINDS = (
    ("video", ("youtube.com", "youtu.be", "vimeo.com", "twitch.tv")),
    (
        "repository",
        ("github.com", "gitlab.com", "bitbucket.org", "codeberg.org", "huggingface.co"),
    ),
    (
        "course",
        (
            "coursera.org", "udemy.com", "edx.org", "khanacademy.org", "udacity.com",
            "course.fast.ai", "fast.ai", "deeplearning.ai", "datacamp.com", "codecademy.com",
            "freecodecamp.org", "ocw.mit.edu", "brilliant.org", "kaggle.com/learn",
            "stanford.edu/class", "cs231n.stanford.edu", "pluralsight.com", "futurelearn.com",
        ),
    ),
    (
        "community",
        (
            "reddit.com", "stackoverflow.com", "stackexchange.com", "discord.gg", "discord.com",
            "kaggle.com", "discourse", "slack.com", "meetup.com", "twitter.com", "x.com",
        ),
    ),
    (
        "docs",
        (
            "readthedocs.io", "readthedocs.org", "docs.", "doc.", "pydata.org", "scikit-learn.org",
            "pytorch.org", "tensorflow.org", "numpy.org", "matplotlib.org",
            "palletsprojects.com", "docs.python.org", "aws.amazon.com", "cloud.google.com",
            "azure.microsoft.com", "learn.microsoft.com", "developer.mozilla.org",
        ),
    ),
    (
        "book",
        (
            "oreilly.com/library", "manning.com/books", "amazon.com", "nostarch.com",
            "packtpub.com", "deeplearningbook.org", "d2l.ai", "springer.com", "leanpub.com",
        ),
    ),
    (
        "article",
        (
            "medium.com", "dev.to", "towardsdatascience.com", "substack.com", "wikipedia.org",
            "arxiv.org", "geeksforgeeks.org", "codewithharry.com", "opensource.guide", "blog",
        ),
    ),
)  # fmt: skip
_HINT_WORDS = (
    ("book", r"\bbooks?\b|reading"),
    ("course", r"\bcourses?\b|classes|mooc"),
    ("video", r"\bvideos?\b|youtube|lectures"),
    ("docs", r"documentation|\bdocs\b|tools|libraries"),
    ("community", r"communit(y|ies)|forums?"),
    ("roadmap", r"roadmaps?"),
)

_KIND_WORDS = tuple((kind, re.compile(words, re.I)) for kind, words in _KIND_WORDS)
_HINT_WORDS = tuple((kind, re.compile(words, re.I)) for kind, words in _HINT_WORDS)
_HOURS = re.compile(
    r"[(\[~≈—–-]*\s*(?:~|≈|about|approx\.?|approximately)?\s*"
    r"(?P<low>\d{1,4}(?:\.\d+)?)\s*(?:(?:-|–|to)\s*(?P<high>\d{1,4}(?:\.\d+)?)\s*)?"
    r"(?:h|hrs?|hours?)\b(?!\s*(?:/|per|a|each|every)\s*(?:week|wk|day))\s*[)\]]?",
    re.IGNORECASE,
)
_WEEKLY = re.compile(
    r"(?P<low>\d{1,3}(?:\.\d+)?)\s*(?:(?:-|–|to)\s*(?P<high>\d{1,3}(?:\.\d+)?)\s*)?"
    r"(?:h|hrs?|hours?)\s*(?:/|per|a|each|every)\s*(?:week|wk)\b",
    re.IGNORECASE,
)
_OPTIONAL = re.compile(r"\s*[(\[]\s*optional\b[^)\]]*[)\]]|\s*[-–—:]\s*optional\s*\Z", re.I)
_BY_AUTHOR = re.compile(r"\A(?P<title>.+?)\s+by\s+(?P<authors>[^()]+?)\s*(?:\([^)]*\))?\s*\Z")
_QUOTES = "\"'“”‘’*_"
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def clean(text: str, limit: int = MAX_TITLE) -> str:
    """One line of display text: control and bidi characters dropped, spaces collapsed, capped."""
    text = " ".join(_CONTROL.sub(" ", text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def title_text(text: str) -> str:
    """A heading or label as a title: leading emoji and marks, trailing colon dropped."""
    text = clean(text)
    start = 0
    while start < len(text) and unicodedata.category(text[start])[0] in "SZPCM":
        if text[start] in "([\"'“‘¿¡#":
            break
        start += 1
    return text[start:].rstrip(" :：").strip() or text.strip()


def role_of(title: str) -> Role:
    """The role a heading or label plays, from its words ("Goals:", "📚 Resources", …)."""
    words = title_text(title)
    for role, pattern in _ROLE_PATTERNS:
        if pattern.match(words):
            return role
    return Role.CONTENT


def time_unit(title: str) -> tuple[str, int] | None:
    """("month", 3) for "Month 3: …", "Week three", "Phase III" or "第3周"; None otherwise."""
    text = title_text(title)
    match = _TIME_UNIT.match(text) or _TIME_UNIT.match(text.lstrip("0123456789. "))
    if match:
        return _UNIT_WORDS[match.group("unit").lower()], _number(match.group("number"))
    cjk = _CJK_UNIT.search(text[:12])
    if cjk:
        unit = cjk.group("unit")
        return _CJK_UNITS.get(unit, "month"), int(cjk.group("number"))
    return None


def strip_time_unit(title: str) -> str:
    """The title without its unit: "Month 3: Deep Learning" → "Deep Learning"."""
    text = title_text(title)
    match = _TIME_UNIT.match(text)
    if not match:
        return text
    rest = text[match.end() :].lstrip(" :：-–—.|")
    return rest or text


def short_unit(unit: str, number: int) -> str:
    """The prefix of phase and group ids ("m3", "w12"), as in the bundled roadmap."""
    return f"{_SHORT_UNIT.get(unit, unit[0])}{number}"


def _number(word: str) -> int:
    word = word.lower()
    if word.isdigit():
        return int(word)
    if word in _NUMBER_WORDS:
        return _NUMBER_WORDS[word]
    total = 0
    for char, following in zip(word, [*word[1:], ""], strict=True):
        value = _ROMAN[char]
        total += -value if following and _ROMAN[following] > value else value
    return total


def resource_kind(title: str, url: str, hint: str | None) -> str:
    """The kind of a linked resource: its own words, then its host, then the list it is in."""
    for kind, pattern in _KIND_WORDS:
        if pattern.search(title):
            return kind
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    where = host + parts.path.lower()
    if host in ("github.com", "gitlab.com") and "roadmap" in (where + title.lower()):
        return "roadmap"
    if re.search(r"/books?(/|\Z)", parts.path.lower()):
        return "book"
    for kind, hosts in _HOST_KINDS:
        if any(_host_matches(host, where, known) for known in hosts):
            return kind
    if "roadmap" in title.lower():
        return "roadmap"
    return hint or "article"


def _host_matches(host: str, where: str, known: str) -> bool:
    if "/" in known:
        return where.startswith(known) or ("." + where).find("." + known) >= 0
    if known.endswith("."):
        return host.startswith(known)
    if "." not in known:
        return known in host
    return host == known or host.endswith("." + known)


def kind_hint(label: str) -> str | None:
    """The kind a list's label promises ("Books:", "Online Communities:"), if any."""
    for kind, pattern in _HINT_WORDS:
        if pattern.search(label):
            return kind
    return None


def take_hours(text: str) -> tuple[str, float | None]:
    """Split "(8 h)", "~5 hours", "3-4 hrs" off a topic's text: the rest and the hours (a range
    gives its middle). Hours per week or day are not a topic's size and are left alone."""
    match = _HOURS.search(text)
    if not match:
        return text, None
    low = float(match.group("low"))
    high = float(match.group("high") or low)
    hours = (low + high) / 2
    if not 0 < hours <= MAX_TOPIC_HOURS or high < low:
        return text, None
    rest = (text[: match.start()] + " " + text[match.end() :]).strip(" ,;:-–—")
    return " ".join(rest.split()), hours


def hours_cell(text: str) -> float | None:
    """A table's "Hours" cell: "4", "4 h" or "3-5 hours"; None if it is not that."""
    text = text.strip()
    try:
        hours = float(text)
    except ValueError:
        return take_hours(text)[1]
    return hours if 0 < hours <= MAX_TOPIC_HOURS else None


def weekly_hours(text: str) -> tuple[float, float] | None:
    """The weekly hours stated: "15-20 hours per week" → (15, 20); None when not stated."""
    match = _WEEKLY.search(text)
    if not match:
        return None
    low = float(match.group("low"))
    high = float(match.group("high") or low)
    if not 0 < low <= high <= MAX_WEEKLY_HOURS:
        return None
    return low, high


def take_optional(text: str) -> tuple[str, bool]:
    """The text without an "(Optional …)" mark, and whether it had one."""
    stripped = _OPTIONAL.sub("", text).strip()
    if stripped != text.strip():
        return stripped, True
    return text, text.strip(" ()*_").lower() == "optional"


def split_authors(text: str) -> tuple[str, str]:
    """'"Deep Learning" by Ian Goodfellow' → ("Deep Learning", "Ian Goodfellow")."""
    match = _BY_AUTHOR.match(text.strip())
    if not match:
        return text.strip(_QUOTES + " "), ""
    return match.group("title").strip(_QUOTES + " "), match.group("authors").strip()


def looks_like_book(text: str) -> bool:
    """A title in quotes or italics followed by "by …": a book named without a link."""
    match = _BY_AUTHOR.match(text.strip())
    return bool(match) and match.group("title").strip()[:1] in _QUOTES


def book_key(title: str) -> str:
    """Titles that name the same book: "Deep Learning Book by Ian Goodfellow" ~ "Deep Learning"."""
    base = split_authors(title)[0]
    words = re.sub(r"\([^)]*\)", " ", base).lower()
    words = re.sub(r"\bbook\b", " ", words)
    return " ".join(re.findall(r"\w+", words))


def same_title_key(title: str) -> str:
    """Titles that name the same topic: case, punctuation and "(…)" asides ignored."""
    words = re.sub(r"\([^)]*\)", " ", title).lower()
    return " ".join(re.findall(r"\w+", words))


def slug(text: str) -> str:
    """A readable id from text: ASCII words joined by '-', at most MAX_ID characters, or ""."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    result = ""
    for word in words:
        candidate = f"{result}-{word}" if result else word
        if len(candidate) > MAX_ID:
            break
        result = candidate
    return result or (words[0][:MAX_ID] if words else "")


def hashed_slug(prefix: str, text: str) -> str:
    """An id for text with no ASCII words (e.g. "線形代数"): stable, since it hashes the text."""
    digest = hashlib.blake2b(text.encode("utf-8"), digest_size=4).hexdigest()
    return f"{prefix}-{digest}"
