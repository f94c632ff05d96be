"""The feeds a learner on this roadmap should follow, subscribed once on first use.

Chosen for the roadmap's tip "stay updated": the arXiv listings of the fields it covers, and
blogs that explain rather than hype. arXiv's endpoints are the current ones
(https://info.arxiv.org/help/rss.html: `https://rss.arxiv.org/rss/<category>`, updated daily
at midnight US Eastern, none on weekends). The blog URLs were checked against public
references in 2025–26 but could not be fetched from here (no network in the build); a URL
that has moved shows up as a failing feed with its error in `mlroad feeds list`.
"""

from __future__ import annotations

from typing import NamedTuple


class DefaultFeed(NamedTuple):
    url: str
    title: str
    why: str


DEFAULT_FEEDS: tuple[DefaultFeed, ...] = (
    DefaultFeed("https://rss.arxiv.org/rss/cs.LG", "arXiv cs.LG", "machine learning papers"),
    DefaultFeed("https://rss.arxiv.org/rss/cs.AI", "arXiv cs.AI", "artificial intelligence"),
    DefaultFeed("https://rss.arxiv.org/rss/cs.CL", "arXiv cs.CL", "NLP (month 5)"),
    DefaultFeed("https://rss.arxiv.org/rss/cs.CV", "arXiv cs.CV", "computer vision (month 5)"),
    DefaultFeed("https://rss.arxiv.org/rss/stat.ML", "arXiv stat.ML", "statistical ML"),
    DefaultFeed("https://pytorch.org/feed/", "PyTorch Blog", "the framework of month 4"),
    DefaultFeed("https://huggingface.co/blog/feed.xml", "Hugging Face Blog", "transformers"),
    DefaultFeed("https://research.google/blog/rss/", "Google Research Blog", "research news"),
    DefaultFeed("https://bair.berkeley.edu/blog/feed.xml", "BAIR Blog", "Berkeley AI research"),
    DefaultFeed("https://thegradient.pub/rss/", "The Gradient", "essays on ML research"),
    DefaultFeed("https://lilianweng.github.io/index.xml", "Lil'Log", "deep-dive explainers"),
    DefaultFeed(
        "https://magazine.sebastianraschka.com/feed",
        "Ahead of AI (Sebastian Raschka)",
        "LLM research digests",
    ),
    DefaultFeed("https://www.fast.ai/index.xml", "fast.ai", "practical deep learning"),
    DefaultFeed("https://medium.com/feed/kaggle-blog", "Kaggle Blog", "competitions, months 2-6"),
)
