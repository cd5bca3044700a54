"""When to prefer the general model's transcript over the domain model's (open speech)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

ZERO_LOG = -(2**28)
"""pocketsphinx's log value for probability zero (a word the model does not know)."""


def mean_log10(lm: Any, logmath: Any, words: Sequence[str], floor: float) -> float:
    """Mean log10 probability per token of a sentence under a pocketsphinx trigram model.

    Args:
        lm: A `pocketsphinx.NGramModel` (e.g. `Decoder.get_lm()`).
        logmath: The `pocketsphinx.LogMath` of the decoder the model belongs to.
        words: The sentence; `</s>` is scored too.
        floor: Lowest log10 probability a token can get (unknown words get it).
    """
    history = ["<s>"]
    total = 0.0
    for word in [*words, "</s>"]:
        score = lm.prob([word, *reversed(history[-2:])])
        log10 = logmath.log_to_log10(score) if score > ZERO_LOG else floor
        total += max(float(log10), floor)
        history.append(word)
    return total / (len(words) + 1)


@dataclass(frozen=True)
class OpenSpeechRule:
    """Choose the general transcript only when the utterance is clearly not a command.

    Both decoders hear the utterance. The general one's words are scored under both language
    models: `general_llr` is their mean log10 P_domain − log10 P_general per token. The domain
    one's words are scored under the domain model: `domain_fit` (mean log10 per token). Open
    speech makes the general transcript unlikely for the domain model *and* forces the domain
    decoder into an unlikely word salad; a command in noise does only the first. Thresholds
    were chosen on a development set (flite commands clean and at 5 dB vs. read sentences,
    see docs/speech.md).

    Attributes:
        max_general_llr: The general transcript must be this much less likely per token under
            the domain model (log10; -1.0 means ten times).
        max_domain_fit: ...and the domain transcript's mean log10 per token below this.
        floor: log10 probability given to words a model does not know.
    """

    max_general_llr: float = -1.0
    max_domain_fit: float = -2.5
    floor: float = -7.0

    def prefers_general(
        self,
        domain_words: Sequence[str],
        general_words: Sequence[str],
        domain_lm: Any,
        general_lm: Any,
        logmath: Any,
    ) -> bool:
        """Whether to answer with the general transcript (models as in `mean_log10`)."""
        if not general_words:
            return False
        llr = mean_log10(domain_lm, logmath, general_words, self.floor) - mean_log10(
            general_lm, logmath, general_words, self.floor
        )
        fit = mean_log10(domain_lm, logmath, domain_words, self.floor)
        return llr < self.max_general_llr and fit < self.max_domain_fit
