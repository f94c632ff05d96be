"""Which news matters this month: items matching the topics of the learner's current phase.

Keywords come from two places: the phase's topic titles ("Convolutional Neural Networks
(CNNs)" gives "convolutional neural networks" and "CNN"), and a table of concepts whose terms
are ways of writing the same idea, switched on when a topic's title, summary or key points
mention any of them (a topic on "Transformers" also makes "attention" and "self-attention"
count). Matching is whole-word, hyphen/space tolerant, plural tolerant; acronyms (`CNN`, `RL`)
match only in capitals so "rl" inside ordinary words or lower-case noise does not count.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from mlroad_tui.curriculum import Phase, Topic
from mlroad_tui.feeds.model import FeedStore, Headline, Item, ItemFilter

# Each row: terms for one idea. Any term found in a topic switches the whole row on.
CONCEPTS: tuple[tuple[str, ...], ...] = (
    ("linear algebra", "matrix", "matrices", "eigenvalue", "eigenvector", "SVD"),
    ("calculus", "derivative", "gradient", "automatic differentiation"),
    ("probability", "statistics", "statistical", "Bayesian", "hypothesis testing"),
    ("NumPy",),
    ("pandas", "DataFrame"),
    ("Matplotlib", "Seaborn", "data visualization"),
    ("supervised learning", "semi-supervised", "self-supervised"),
    ("unsupervised learning", "clustering", "dimensionality reduction"),
    ("linear regression", "least squares"),
    ("logistic regression", "binary classification"),
    ("decision tree", "random forest", "ensemble learning", "bagging"),
    ("gradient boosting", "boosting", "XGBoost", "LightGBM", "CatBoost"),
    ("support vector machine", "SVM", "kernel method"),
    ("k-means", "clustering"),
    ("PCA", "principal component analysis", "dimensionality reduction"),
    ("cross-validation", "k-fold"),
    ("ROC-AUC", "AUC", "F1-score", "precision and recall", "evaluation metric"),
    ("feature engineering", "feature selection", "feature importance"),
    ("missing values", "imputation", "one-hot encoding", "categorical variables"),
    ("feature scaling", "standardization", "normalization"),
    ("neural network", "neuron", "perceptron", "MLP", "multilayer perceptron", "deep learning"),
    ("activation function", "ReLU", "sigmoid"),
    ("backpropagation", "gradient descent", "SGD", "Adam optimizer", "optimizer"),
    ("PyTorch", "torch", "autograd", "tensor"),
    ("CNN", "convolutional neural network", "convolutional network", "ConvNet", "convolution"),
    ("RNN", "recurrent neural network", "recurrent network", "sequence model"),
    ("LSTM", "long short-term memory", "GRU"),
    ("transformer", "attention", "self-attention", "attention mechanism", "multi-head attention"),
    ("image classification", "MNIST", "CIFAR-10", "ImageNet"),
    ("text classification", "sentiment analysis"),
    ("NLP", "natural language processing", "language model", "LLM"),
    ("tokenization", "tokenizer", "subword"),
    ("word embedding", "word2vec", "GloVe", "embeddings"),
    ("BERT", "GPT", "large language model", "LLM", "pre-training", "fine-tuning"),
    ("computer vision", "vision transformer", "ViT"),
    ("ResNet", "residual connection", "Inception"),
    ("object detection", "YOLO", "Faster R-CNN", "R-CNN", "DETR"),
    ("image segmentation", "semantic segmentation", "instance segmentation", "U-Net"),
    ("reinforcement learning", "RL", "reward", "policy gradient"),
    ("Q-learning", "DQN", "deep Q-network"),
    ("model deployment", "model serving", "inference server", "MLOps"),
    ("Flask", "FastAPI", "REST API"),
    ("Docker", "container", "Kubernetes"),
    ("SageMaker", "Vertex AI", "Azure ML", "Azure Machine Learning", "cloud computing"),
    ("CI/CD", "continuous integration", "continuous deployment", "MLOps"),
    ("recommendation system", "recommender system", "collaborative filtering"),
    ("LLaMA", "open-source model", "open-weight"),
)

# Words that say nothing about a topic's subject; a title part made only of these is skipped.
GENERIC = frozenset(
    {
        "a",
        "an",
        "and",
        "the",
        "of",
        "for",
        "to",
        "with",
        "in",
        "on",
        "by",
        "using",
        "use",
        "vs",
        "what",
        "is",
        "are",
        "ml",
        "machine",
        "learning",
        "introduction",
        "intro",
        "basics",
        "basic",
        "fundamentals",
        "advanced",
        "practical",
        "project",
        "projects",
        "model",
        "models",
        "types",
        "type",
        "data",
        "python",
        "science",
        "building",
        "build",
        "training",
        "saving",
        "loading",
        "serving",
        "deploying",
        "understand",
        "understanding",
        "familiarize",
        "familiarizing",
        "specifics",
        "tech",
        "stack",
        "engage",
        "community",
        "contribute",
        "contribution",
        "contributions",
        "open",
        "source",
        "capstone",
        "end",
        "preparation",
        "services",
        "service",
        "handling",
        "techniques",
        "metric",
        "metrics",
    }
)
_WORD = re.compile(r"\w+")
_TITLE_SPLIT = re.compile(r"[(),:&]|\s+and\s+|\s+with\s+")
# "Flask/FastAPI" names two things; "CI/CD" names one.
_ALTERNATIVES = re.compile(r"^(\w{4,})/(\w{4,})$")
_ACRONYM_PLURAL = re.compile(r"^[A-Z][A-Z0-9-]*[A-Z0-9]s$")


_GLUE = re.compile(r"[\s/-]{1,3}")  # what may separate the words of one keyword
_WORDS_AND_GAPS = re.compile(r"(\w+)")


def _depluralise(word: str) -> str:
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "is", "us")):
        return word[:-1]
    return word


@lru_cache(maxsize=1 << 16)
def _key(word: str) -> str:
    """How a word is compared: lower case and singular ("Transformers" → "transformer")."""
    return _depluralise(word.lower())


def _normal(term: str) -> str:
    """The form two spellings of one keyword share: lower case, singular, spaces for hyphens."""
    return " ".join(_key(word) for word in _WORD.findall(term))


def _is_acronym(term: str) -> bool:
    return any(c.isalpha() for c in term) and term == term.upper()


def _capitals(word: str) -> bool:
    """An acronym as written in text: no lower-case letter, bar a plural "s" ("CNNs")."""
    if word.endswith("s") and len(word) > 1:
        word = word[:-1]
    return not any(c.islower() for c in word)


@dataclass(frozen=True)
class RelevantItem:
    """An item and the keywords it matched; `score` ranks title matches above summary ones."""

    item: Item
    matches: tuple[str, ...]
    score: int


@dataclass(frozen=True)
class _Pattern:
    keys: tuple[str, ...]
    term: str
    acronym: bool


class Matcher:
    """Finds which keywords a text mentions; built once per phase, fast enough for every item.

    Text is split into words once; keywords are word sequences looked up by their first word,
    so the cost grows with the text, not with the number of keywords.
    """

    def __init__(self, terms: Iterable[str]) -> None:
        unique: dict[str, str] = {}
        for term in terms:
            if _WORD.search(term):
                unique.setdefault(_normal(term), term.strip())
        self.terms: tuple[str, ...] = tuple(unique.values())
        self._index: dict[str, list[_Pattern]] = {}
        for term in self.terms:
            words = _WORD.findall(term)
            acronym = _is_acronym(term)
            keys = tuple(_key(word) for word in words)
            variants = {keys}
            if len(keys) > 1:  # "k-means" is also written "KMeans"
                variants.add((_key("".join(words)),))
            for variant in variants:
                self._index.setdefault(variant[0], []).append(_Pattern(variant, term, acronym))
        # What `judge` found per item, kept while this matcher (this month's) is in use: each
        # load of the News pane judges up to 2,000 items (~0.3 s at 100k stored), and most
        # were judged by the load before. Keyed by id and the store's key of the text, so an
        # item whose text a refresh changed is judged again, and no text is kept or read.
        self._judged: dict[tuple[int, int], tuple[tuple[str, ...], int] | None] = {}

    @classmethod
    def for_phase(cls, phase: Phase) -> Matcher:
        """The phase's matcher: the same one while the phase is the same, so that what it
        judged is not judged again."""
        return _phase_matcher(phase)

    def find(self, text: str) -> tuple[str, ...]:
        """The keywords `text` mentions, in keyword order; a keyword only seen inside a longer
        match ("neural network" in "convolutional neural network") does not count."""
        parts = _WORDS_AND_GAPS.split(text)
        words, gaps = parts[1::2], parts[2::2]  # gaps[j] lies between words[j] and words[j+1]
        keys = list(map(_key, words))
        present = self._index.keys() & set(keys)
        spans: dict[tuple[int, int], set[str]] = {}  # in word positions
        for i in [i for i, key in enumerate(keys) if key in present]:
            for pattern in self._index[keys[i]]:
                end = i + len(pattern.keys)
                if end - i > 1 and (
                    tuple(keys[i:end]) != pattern.keys
                    or not all(map(_GLUE.fullmatch, gaps[i : end - 1]))
                ):
                    continue
                if pattern.acronym and not all(map(_capitals, words[i:end])):
                    continue
                spans.setdefault((i, end), set()).add(pattern.term)
        found: set[str] = set()
        reach = -1
        # Longest first among equal starts: a span ending within `reach` lies inside another.
        for (_, end), terms in sorted(spans.items(), key=lambda s: (s[0][0], -s[0][1])):
            if end > reach:
                found.update(terms)
                reach = end
        return tuple(term for term in self.terms if term in found)

    def judge(self, item: Item) -> RelevantItem | None:
        """The item with its matches, or None when it matches nothing."""
        key = (item.id, item.text_key)
        if key in self._judged:
            found = self._judged[key]
        else:
            in_title = self.find(item.title)
            rest = self.find(" ".join((item.summary, *item.tags)))
            matches = tuple(dict.fromkeys((*in_title, *rest)))
            found = self._judged[key] = (matches, len(matches) + len(in_title)) if matches else None
        return None if found is None else RelevantItem(item, *found)

    def matches(
        self, feeds: FeedStore, headlines: Sequence[Headline]
    ) -> dict[int, tuple[str, ...]]:
        """The keywords of each headline's item that mentions any: as judged before, else
        judged now on the text read from `feeds` (only those items' text is read)."""
        unknown = [h.id for h in headlines if (h.id, h.text_key) not in self._judged]
        for item in feeds.items_by_id(unknown) if unknown else ():
            self.judge(item)
        found = ((h.id, self._judged.get((h.id, h.text_key))) for h in headlines)
        return {item_id: judged[0] for item_id, judged in found if judged}


@lru_cache(maxsize=4)
def _phase_matcher(phase: Phase) -> Matcher:
    return Matcher(keywords_for(phase.topics))


def keywords_for(topics: Iterable[Topic]) -> tuple[str, ...]:
    """Keywords for a set of topics: their title phrases plus every concept they touch."""
    topics = tuple(topics)
    phrases = [phrase for topic in topics for phrase in _title_phrases(topic.title)]
    probe = Matcher(term for row in CONCEPTS for term in row)
    touched: set[str] = set()
    for topic in topics:
        touched.update(probe.find(" ".join((topic.title, topic.summary, *topic.key_points))))
    concept_terms = [term for row in CONCEPTS if touched.intersection(row) for term in row]
    return tuple(dict.fromkeys((*phrases, *concept_terms)))


def _title_phrases(title: str) -> Iterator[str]:
    for chunk in _TITLE_SPLIT.split(title):
        chunk = chunk.strip(" .?!-'’")
        pair = _ALTERNATIVES.match(chunk)
        for part in pair.groups() if pair else (chunk,):
            words = _WORD.findall(part.lower())
            if words and not all(word in GENERIC for word in words):
                yield part[:-1] if _ACRONYM_PLURAL.match(part) else part


def relevant_items(
    feeds: FeedStore,
    matcher: Matcher,
    filter: ItemFilter | None = None,
    *,
    limit: int = 50,
    batch: int = 500,
) -> list[RelevantItem]:
    """Matching items newest first, reading the store in batches until `limit` are found."""
    filter = filter or ItemFilter()
    found: list[RelevantItem] = []
    offset = 0
    while len(found) < limit:
        page = feeds.items(filter, limit=batch, offset=offset)
        found.extend(r for r in map(matcher.judge, page) if r is not None)
        if len(page) < batch:
            break
        offset += batch
    return found[:limit]


def most_relevant(
    feeds: FeedStore, matcher: Matcher, *, count: int = 3, window: int = 1000
) -> list[RelevantItem]:
    """The best few matches among the newest `window` unread items (for the Today pane)."""
    page = feeds.items(ItemFilter(unread=True), limit=window)
    ranked = [r for r in map(matcher.judge, page) if r is not None]
    ranked.sort(key=lambda r: (r.score, r.item.sort_at), reverse=True)
    return ranked[:count]
