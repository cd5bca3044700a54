"""The n-gram estimator and ARPA files: normalisation, back-off, and pocketsphinx loading them."""

from __future__ import annotations

import itertools
from pathlib import Path

import pocketsphinx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sightline.speech.arpa import format_arpa, parse_arpa, write_arpa
from sightline.speech.ngram import BOS, NGramLM, estimate_lm

CORPUS = [
    ["play", "some", "jazz"],
    ["play", "some", "music"],
    ["play", "jazz"],
    ["take", "me", "to", "the", "nearest", "pharmacy"],
    ["take", "me", "home"],
    ["is", "this", "cheaper", "online"],
    ["pay", "this"],
]


def _total(lm: NGramLM, context: tuple[str, ...]) -> float:
    return sum(10 ** lm.logprob(w, context) for w in lm.vocabulary if w != BOS)


def _contexts(lm: NGramLM) -> list[tuple[str, ...]]:
    seen = [g for level in lm.logprobs[: lm.order - 1] for g in level]
    words = [w for w in lm.vocabulary if w != BOS][:5]
    return [(), *seen, *itertools.product(words, repeat=2), ("unseen", "context")]


def test_hand_computed_kneser_ney() -> None:
    lm = estimate_lm([["a"]], order=2)
    assert 10 ** lm.logprob("a") == pytest.approx(0.5)
    assert 10 ** lm.logprob("a", ["<s>"]) == pytest.approx(0.75)
    assert 10 ** lm.logprob("</s>", ["<s>"]) == pytest.approx(0.25)
    assert lm.logprobs[0][("<s>",)] == -99.0


def test_every_conditional_distribution_sums_to_one() -> None:
    lm = estimate_lm(CORPUS)
    for context in _contexts(lm):
        assert _total(lm, context) == pytest.approx(1.0, abs=1e-9), context


def test_unlisted_trigram_backs_off_with_the_context_weight() -> None:
    lm = estimate_lm(CORPUS)
    assert ("me", "to", "jazz") not in lm.logprobs[2]
    expected = lm.backoffs[1][("me", "to")] + lm.logprob("jazz", ["to"])
    assert lm.logprob("jazz", ["take", "me", "to"]) == pytest.approx(expected)
    assert ("to", "jazz") not in lm.logprobs[1]
    assert lm.logprob("jazz", ["to"]) == pytest.approx(lm.backoffs[0][("to",)] + lm.logprob("jazz"))
    with pytest.raises(KeyError):
        lm.logprob("never-seen")


def test_background_words_join_the_vocabulary_and_it_still_sums_to_one() -> None:
    lm = estimate_lm(CORPUS, background={"weather": 0.6, "today": 0.4}, background_weight=0.2)
    assert {"weather", "today"} <= set(lm.vocabulary)
    for context in [(), ("play",), ("take", "me"), ("weather", "today")]:
        assert _total(lm, context) == pytest.approx(1.0, abs=1e-9)
    assert 10 ** lm.logprob("weather") > 0.2 * 0.6


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError):
        estimate_lm([])
    with pytest.raises(ValueError):
        estimate_lm(CORPUS, background_weight=1.0)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from(["a", "b", "c", "d", "e"]), min_size=1, max_size=6),
        min_size=1,
        max_size=8,
    ),
    st.integers(min_value=1, max_value=4),
)
def test_any_corpus_gives_normalised_distributions(corpus: list[list[str]], order: int) -> None:
    lm = estimate_lm(corpus, order=order)
    for context in _contexts(lm)[:30]:
        assert _total(lm, context) == pytest.approx(1.0, abs=1e-9)


def test_arpa_round_trip() -> None:
    lm = estimate_lm(CORPUS)
    text = format_arpa(lm)
    assert text.startswith("\\data\\\nngram 1=")
    again = parse_arpa(text)
    assert again.order == 3
    for level, other in zip(lm.logprobs, again.logprobs, strict=True):
        assert level.keys() == other.keys()
        assert all(abs(level[g] - other[g]) < 1e-5 for g in level)
    for level, other in zip(lm.backoffs, again.backoffs, strict=True):
        assert all(abs(level[g] - other.get(g, 0.0)) < 1e-5 for g in level)
    with pytest.raises(ValueError):
        parse_arpa("not a model")


def test_pocketsphinx_loads_the_arpa_file_with_the_same_probabilities(tmp_path: Path) -> None:
    lm = estimate_lm(CORPUS)
    path = tmp_path / "domain.arpa"
    write_arpa(lm, path)
    model = pocketsphinx.NGramModel.readfile(str(path))
    logmath = pocketsphinx.LogMath()
    assert model.size() == 3
    cases = [
        ("jazz", ["play", "some"]),
        ("jazz", ["take", "me"]),
        ("home", ["me"]),
        ("pharmacy", []),
        ("</s>", ["this"]),
    ]
    for word, history in cases:
        theirs = logmath.log_to_log10(model.prob([word, *reversed(history)]))
        assert theirs == pytest.approx(lm.logprob(word, history), abs=2e-3), (word, history)
