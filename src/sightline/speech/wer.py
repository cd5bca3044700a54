"""Word error rate: word-level edit distance between normalised texts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sightline.speech.text import words


def edit_distance(reference: Sequence[str], hypothesis: Sequence[str]) -> int:
    """Levenshtein distance between two word sequences (substitutions, insertions, deletions).

    Args:
        reference: The words that were said.
        hypothesis: The words that were recognised.

    Returns:
        The least number of single-word edits turning `reference` into `hypothesis`.
    """
    previous = list(range(len(hypothesis) + 1))
    for i, ref_word in enumerate(reference, start=1):
        current = [i]
        for j, hyp_word in enumerate(hypothesis, start=1):
            current.append(
                min(
                    previous[j] + 1,
                    current[j - 1] + 1,
                    previous[j - 1] + (ref_word != hyp_word),
                )
            )
        previous = current
    return previous[-1]


@dataclass
class WerCounter:
    """Accumulates word errors over many utterances (corpus WER, not a mean of ratios).

    Attributes:
        errors: Edits summed over the utterances.
        reference_words: Reference words summed over the utterances.
        utterances: Utterances added.
        exact: Utterances recognised without a single word error.
    """

    errors: int = 0
    reference_words: int = 0
    utterances: int = 0
    exact: int = 0

    def add(self, reference: str, hypothesis: str) -> int:
        """Score one utterance (both texts are normalised first); return its edits."""
        edits = edit_distance(words(reference), words(hypothesis))
        self.errors += edits
        self.reference_words += len(words(reference))
        self.utterances += 1
        self.exact += edits == 0
        return edits

    @property
    def wer(self) -> float:
        """Errors per reference word (0.0 when nothing was added; may exceed 1.0)."""
        return self.errors / self.reference_words if self.reference_words else 0.0


def word_error_rate(reference: str, hypothesis: str) -> float:
    """WER of one hypothesis against its reference, after `normalise_text` on both.

    An empty reference scores 0.0 against an empty hypothesis and 1.0 against anything else.
    """
    ref, hyp = words(reference), words(hypothesis)
    if not ref:
        return 0.0 if not hyp else 1.0
    return edit_distance(ref, hyp) / len(ref)
