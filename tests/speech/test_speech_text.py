"""Text normalisation and word error rate: examples and properties."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sightline.speech.text import normalise_text, words
from sightline.speech.wer import WerCounter, edit_distance, word_error_rate

_SPOKEN = re.compile(r"^(?:[a-z]+(?:'[a-z]+)*(?: [a-z]+(?:'[a-z]+)*)*)?$")


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("Play some JAZZ!", "play some jazz"),
        ("pay 23.50 to this shop", "pay twenty three fifty to this shop"),
        ("send $20 to Sarah", "send twenty dollars to sarah"),
        ("costs €3.05", "costs three euros oh five"),
        ("wake me at 7:30", "wake me at seven thirty"),
        ("at 7:00", "at seven o'clock"),
        ("the 21st of May", "the twenty first of may"),
        ("is flight BA283 late?", "is flight ba two hundred and eighty three late"),
        ("10% off", "ten percent off"),
        ("what's 5 + 3", "what's five plus three"),
        ("some 80s rock", "some eighties rock"),
        ("1,200 people", "one thousand two hundred people"),
        ("Mr. Dashwood", "mister dashwood"),
        ("café “Zürich”—now", "cafe zurich now"),
        ("k-pop", "k pop"),
        ("3.141", "three point one four one"),
        ("  ", ""),
    ],
)
def test_normalise_examples(written: str, spoken: str) -> None:
    assert normalise_text(written) == spoken


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_normalise_is_idempotent_and_spoken_only(text: str) -> None:
    once = normalise_text(text)
    assert _SPOKEN.match(once), once
    assert normalise_text(once) == once


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=10**20))
def test_every_number_becomes_words(number: int) -> None:
    spoken = normalise_text(f"call {number} now")
    assert spoken.startswith("call ") and spoken.endswith(" now")
    assert not re.search(r"[0-9]", spoken)


def test_edit_distance_examples() -> None:
    assert edit_distance(["a", "b", "c"], ["a", "b", "c"]) == 0
    assert edit_distance(["a", "b", "c"], ["a", "x", "c"]) == 1
    assert edit_distance(["a", "b", "c"], ["a", "c"]) == 1
    assert edit_distance([], ["a", "b"]) == 2
    assert word_error_rate("play some jazz", "Play some jazz.") == 0.0
    assert word_error_rate("play some jazz", "play jazz") == pytest.approx(1 / 3)
    assert word_error_rate("", "") == 0.0
    assert word_error_rate("", "noise") == 1.0


_WORDS = st.lists(st.sampled_from(["a", "b", "c", "d"]), max_size=8)


@settings(max_examples=200, deadline=None)
@given(_WORDS, _WORDS, _WORDS)
def test_edit_distance_is_a_metric(x: list[str], y: list[str], z: list[str]) -> None:
    assert edit_distance(x, x) == 0
    assert edit_distance(x, y) == edit_distance(y, x)
    assert edit_distance(x, z) <= edit_distance(x, y) + edit_distance(y, z)
    assert abs(len(x) - len(y)) <= edit_distance(x, y) <= max(len(x), len(y))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.text(max_size=20), st.text(max_size=20)), max_size=6))
def test_corpus_wer_sums_errors_over_words(pairs: list[tuple[str, str]]) -> None:
    counter = WerCounter()
    edits = [counter.add(ref, hyp) for ref, hyp in pairs]
    assert counter.errors == sum(edits)
    assert counter.reference_words == sum(len(words(ref)) for ref, _ in pairs)
    assert counter.utterances == len(pairs)
    assert counter.wer >= 0.0
