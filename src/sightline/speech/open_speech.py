"""When to prefer the general model's transcript over the domain model's (open speech)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sightline.sdk.context import SpokenAlternative

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
        open_agent: The agent whose examples are open questions. When per-agent models
            heard the audio and another agent's explains it clearly best (by `min_margin`),
            it is a command: the general pass is not needed.
        min_margin: How much more evidence (natural log) that agent needs than the next.
            Commands mostly win by 10 to 30, open speech by 0 to 3.
    """

    max_general_llr: float = -1.0
    max_domain_fit: float = -2.5
    floor: float = -7.0
    open_agent: str = "assistant"
    min_margin: float = 4.0

    def is_command(self, readings: Sequence[SpokenAlternative]) -> bool:
        """Whether per-agent evidence already marks the utterance as a command."""
        ranked = sorted(readings, key=lambda r: r.evidence, reverse=True)
        if len(ranked) < 2 or ranked[0].agent == self.open_agent:
            return False
        return ranked[0].evidence - ranked[1].evidence >= self.min_margin

    def fits_domain(self, domain_words: Sequence[str], domain_lm: Any, logmath: Any) -> bool:
        """Whether the domain transcript is likely enough under the domain model to be a
        command, whatever the general model would say (then the general pass can be skipped)."""
        return mean_log10(domain_lm, logmath, domain_words, self.floor) >= self.max_domain_fit

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
