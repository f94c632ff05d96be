"""Relevance: items that match the topics of the learner's current phase."""

from __future__ import annotations

from dataclasses import replace

import pytest

from mlroad_tui import config
from mlroad_tui.curriculum import Roadmap, Topic, load_roadmap
from mlroad_tui.feeds.model import Item, ItemFilter, NewItem
from mlroad_tui.feeds.relevance import Matcher, keywords_for, most_relevant, relevant_items
from mlroad_tui.progress import TopicState, current_phase
from mlroad_tui.store import Store


def topic(title: str, summary: str = "", *key_points: str) -> Topic:
    return Topic(
        id=title.lower().replace(" ", "-"),
        title=title,
        summary=summary,
        hours=1,
        phase_id="p",
        group_id="g",
        key_points=key_points,
    )


@pytest.fixture(scope="module")
def roadmap() -> Roadmap:
    return load_roadmap(config.curriculum_path())


def test_abbreviations_and_full_names_match_each_other() -> None:
    cnn = Matcher(keywords_for([topic("Convolutional Neural Networks (CNNs)", "For image data.")]))
    assert cnn.find("CNNs for everyone")
    assert cnn.find("A deep convolutional network for audio")
    assert cnn.find("ConvNet tricks")
    rl = Matcher(keywords_for([topic("Reinforcement Learning Algorithms", "Q-Learning, DQN.")]))
    assert rl.find("Offline RL at scale") == ("RL",)
    assert rl.find("Deep Q-networks revisited")
    assert rl.find("reinforcement-learning from human feedback")
    nlp = Matcher(keywords_for([topic("Natural Language Processing (NLP)")]))
    assert nlp.find("A new NLP benchmark") and nlp.find("large language models")


def test_transformers_topic_brings_attention() -> None:
    matcher = Matcher(keywords_for([topic("Transformers", "Attention mechanisms.")]))
    assert matcher.find("Attention Is All You Need") == ("attention",)
    assert set(matcher.find("Sparse self-attention in Transformers")) == {
        "Transformers",
        "self-attention",
    }


def test_matching_is_whole_word_and_acronyms_keep_their_case() -> None:
    matcher = Matcher(["RL", "CNN", "transformer", "k-means"])
    assert matcher.find("Curl and world peace") == ()  # "rl" inside words
    assert matcher.find("cnn reports") == ()  # lower-case acronym is not the acronym
    assert matcher.find("transformers, Transformer's, TRANSFORMER") == ("transformer",)
    assert matcher.find("transformerless") == ()
    assert matcher.find("k means clustering") == matcher.find("KMeans") == ("k-means",)


def test_a_keyword_inside_a_longer_match_does_not_count_twice() -> None:
    matcher = Matcher(["neural network", "convolutional neural network"])
    assert matcher.find("Convolutional neural networks") == ("convolutional neural network",)
    assert set(matcher.find("CNN-free neural networks and convolutional neural networks")) == {
        "neural network",
        "convolutional neural network",
    }


def test_generic_title_words_are_not_keywords() -> None:
    words = {w.lower() for w in keywords_for([topic("What is ML?"), topic("Practical Projects")])}
    assert words == set()


def test_every_phase_of_the_bundled_roadmap_has_keywords(roadmap: Roadmap) -> None:
    for phase in roadmap.phases:
        assert len(keywords_for(phase.topics)) >= 10, phase.id
    month4 = {k.lower() for k in keywords_for(roadmap.phases[3].topics)}
    assert {"cnn", "transformers", "attention", "lstm", "pytorch"} <= month4


def _items(store: Store) -> None:
    feed = store.feeds.add("https://feeds.example/rss", "Feed")
    titles = [
        ("Broadcasting tricks in NumPy", "Vectorised array operations.", ()),
        ("Sourdough at home", "Bread and patience.", ()),
        ("Attention Is All You Need", "Transformers replace recurrence.", ()),
        ("Weekly digest", "Nothing special.", ("linear algebra",)),
        ("Eigenvalues and matrices, a primer", "Linear algebra refresher with NumPy.", ()),
    ]
    store.feeds.save_items(
        feed.id,
        [
            NewItem(f"guid:{n}", f"https://e.org/{n}", title, "", summary, tags, None)
            for n, (title, summary, tags) in enumerate(titles)
        ],
    )


def test_relevant_items_follow_the_current_phase(roadmap: Roadmap, store: Store) -> None:
    _items(store)
    phase = current_phase(roadmap, store.progress.topic_states())
    assert phase.month == 1
    found = relevant_items(store.feeds, Matcher.for_phase(phase))
    assert {r.item.title for r in found} == {
        "Broadcasting tricks in NumPy",
        "Weekly digest",  # matched by its tags
        "Eigenvalues and matrices, a primer",
    }
    best = most_relevant(store.feeds, Matcher.for_phase(phase), count=1)
    assert best[0].item.title == "Eigenvalues and matrices, a primer"
    # Finish months 1-3: month 4's topics take over.
    for earlier in roadmap.phases[:3]:
        for t in earlier.topics:
            store.progress.set_topic_state(t.id, TopicState.DONE)
    phase = current_phase(roadmap, store.progress.topic_states())
    assert phase.month == 4
    found = relevant_items(store.feeds, Matcher.for_phase(phase))
    assert [r.item.title for r in found] == ["Attention Is All You Need"]


def test_relevant_items_honour_filters_and_limits(roadmap: Roadmap, store: Store) -> None:
    _items(store)
    matcher = Matcher.for_phase(roadmap.phases[0])
    first = relevant_items(store.feeds, matcher, limit=1, batch=2)
    assert len(first) == 1
    store.feeds.mark_read(first[0].item.id)
    unread = relevant_items(store.feeds, matcher, ItemFilter(unread=True), batch=2)
    assert first[0].item.id not in {r.item.id for r in unread} and len(unread) == 2


def test_a_phase_keeps_its_matcher_and_an_edited_item_is_judged_afresh(roadmap: Roadmap) -> None:
    phase = roadmap.phases[0]
    matcher = Matcher.for_phase(phase)
    assert Matcher.for_phase(phase) is matcher  # what it judged is not judged again
    item = Item(
        id=7,
        feed_id=1,
        feed_title="Feed",
        title="Broadcasting tricks in NumPy",
        sort_at="2025-03-01T00:00:00+00:00",
        read=False,
        starred=False,
        text_key=1,
        link=None,
        author="",
        summary="",
        tags=(),
        published_at=None,
        first_seen_at="2025-03-01T00:00:00+00:00",
    )
    judged = matcher.judge(item)
    assert judged is not None and judged.matches == ("NumPy",)
    assert matcher.judge(replace(item, read=True)) == replace(judged, item=replace(item, read=True))
    # A refresh rewrote the item's text (so the store keys it anew): judged on its new text.
    assert matcher.judge(replace(item, title="Sourdough at home", text_key=2)) is None
