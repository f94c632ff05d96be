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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from mlroad_tui.curriculum import Phase, Topic
from mlroad_tui.store.feeds import Feeds, Item, ItemFilter

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


def _depluralise(word: str) -> str:
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "is", "us")):
        return word[:-1]
    return word


def _normal(term: str) -> str:
    """The form two spellings of one keyword share: lower case, singular, spaces for hyphens."""
    words = _WORD.findall(term.lower())
    return " ".join([*words[:-1], _depluralise(words[-1])])


def _is_acronym(term: str) -> bool:
    return any(c.isalpha() for c in term) and term == term.upper()


def _pattern(term: str) -> re.Pattern[str]:
    """Whole words, `-`/space/nothing between words, optional plural; acronyms keep case."""
    words = [w for w in re.split(r"[\s-]+", term) if w]
    words[-1] = _depluralise(words[-1])
    body = r"[\s-]?".join(re.escape(w) for w in words) + "(?:s|es)?"
    flags = 0 if _is_acronym(term) else re.IGNORECASE
    return re.compile(rf"(?<!\w){body}(?!\w)", flags)


@dataclass(frozen=True)
class RelevantItem:
    """An item and the keywords it matched; `score` ranks title matches above summary ones."""

    item: Item
    matches: tuple[str, ...]
    score: int


class Matcher:
    """Finds which keywords a piece of text mentions; built once per phase."""

    def __init__(self, terms: Iterable[str]) -> None:
        unique: dict[str, str] = {}
        for term in terms:
            if _WORD.search(term):
                unique.setdefault(_normal(term), term.strip())
        self.terms: tuple[str, ...] = tuple(unique.values())
        # Index by first word, so each text runs only the few patterns it could match.
        self._index: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
        # A multi-word term is also indexed as one word: "k-means" is written "KMeans" too.
        for term in self.terms:
            words = _WORD.findall(term.lower())
            entry = (term, _pattern(term))
            for key in {_depluralise(words[0]), _depluralise("".join(words))}:
                self._index.setdefault(key, []).append(entry)

    @classmethod
    def for_phase(cls, phase: Phase) -> Matcher:
        return cls(keywords_for(phase.topics))

    def find(self, text: str) -> tuple[str, ...]:
        """The keywords `text` mentions, in keyword order; a keyword only seen inside a longer
        match ("neural network" in "convolutional neural network") does not count."""
        candidates: dict[str, re.Pattern[str]] = {}
        for word in set(_WORD.findall(text.lower())):
            for key in (word, _depluralise(word), word[:-2] if word.endswith("es") else word):
                for term, pattern in self._index.get(key, ()):
                    candidates[term] = pattern
        spans = {
            term: [m.span() for m in pattern.finditer(text)] for term, pattern in candidates.items()
        }
        every = [span for found in spans.values() for span in found]

        def standalone(span: tuple[int, int]) -> bool:
            return not any(o[0] <= span[0] and span[1] <= o[1] and o != span for o in every)

        found = {term for term, found in spans.items() if any(map(standalone, found))}
        return tuple(term for term in self.terms if term in found)

    def judge(self, item: Item) -> RelevantItem | None:
        """The item with its matches, or None when it matches nothing."""
        in_title = self.find(item.title)
        rest = self.find(" ".join((item.summary, *item.tags)))
        matches = tuple(dict.fromkeys((*in_title, *rest)))
        if not matches:
            return None
        return RelevantItem(item, matches, len(matches) + len(in_title))


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
    feeds: Feeds,
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
    feeds: Feeds, matcher: Matcher, *, count: int = 3, window: int = 1000
) -> list[RelevantItem]:
    """The best few matches among the newest `window` unread items (for the Today pane)."""
    page = feeds.items(ItemFilter(unread=True), limit=window)
    ranked = [r for r in map(matcher.judge, page) if r is not None]
    ranked.sort(key=lambda r: (r.score, r.item.sort_at), reverse=True)
    return ranked[:count]
