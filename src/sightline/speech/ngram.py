"""A small back-off n-gram language model: interpolated Kneser-Ney, as ARPA files store it."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

BOS, EOS = "<s>", "</s>"
NO_PROB = -99.0
"""log10 probability ARPA gives `<s>`, which is never predicted."""

Gram = tuple[str, ...]


@dataclass(frozen=True)
class NGramLM:
    """A back-off language model in ARPA's terms (log10 probabilities and back-off weights).

    Attributes:
        order: The longest n-gram (3 for a trigram model).
        logprobs: Per order (index 0 for unigrams), each listed n-gram's log10 P(last | rest).
        backoffs: Per order below `order`, each n-gram's log10 back-off weight as a context.
    """

    order: int
    logprobs: tuple[dict[Gram, float], ...]
    backoffs: tuple[dict[Gram, float], ...]

    @property
    def vocabulary(self) -> list[str]:
        """The words of the model, `<s>` and `</s>` included, sorted."""
        return sorted(g[0] for g in self.logprobs[0])

    def logprob(self, word: str, context: Sequence[str] = ()) -> float:
        """log10 P(word | context) by ARPA back-off; the longest listed n-gram wins.

        Args:
            word: The predicted word (must be in the vocabulary).
            context: Preceding words, oldest first; only the last `order - 1` are used.

        Raises:
            KeyError: `word` is not in the vocabulary.
        """
        history = tuple(context)[-(self.order - 1) :] if self.order > 1 else ()
        penalty = 0.0
        while True:
            gram = (*history, word)
            found = self.logprobs[len(history)].get(gram)
            if found is not None:
                return penalty + found
            if not history:
                raise KeyError(word)
            penalty += self.backoffs[len(history) - 1].get(history, 0.0)
            history = history[1:]


def _discount(counts: Iterable[int]) -> float:
    """Ney's absolute discount n1 / (n1 + 2 n2), kept within [0.1, 0.9]."""
    of = Counter(counts)
    n1, n2 = of[1], of[2]
    if not n1 or not n2:
        return 0.5
    return min(0.9, max(0.1, n1 / (n1 + 2 * n2)))


def _adjusted_counts(sentences: Iterable[Sequence[str]], order: int) -> list[Counter[Gram]]:
    """Raw counts for the top order and for n-grams starting with `<s>`; else continuations."""
    raw: list[Counter[Gram]] = [Counter() for _ in range(order)]
    for sentence in sentences:
        tokens = (BOS, *sentence, EOS)
        for n in range(1, order + 1):
            for i in range(len(tokens) - n + 1):
                raw[n - 1][tokens[i : i + n]] += 1
    adjusted = [Counter[Gram]() for _ in range(order)]
    adjusted[order - 1] = raw[order - 1]
    for n in range(order - 1, 0, -1):
        for gram in raw[n]:  # each distinct (n+1)-gram adds one left context to its suffix
            adjusted[n - 1][gram[1:]] += 1
        for gram, count in raw[n - 1].items():
            if gram[0] == BOS:
                adjusted[n - 1][gram] = count
    return adjusted


def estimate_lm(
    sentences: Iterable[Sequence[str]],
    order: int = 3,
    background: Mapping[str, float] | None = None,
    background_weight: float = 0.0,
) -> NGramLM:
    """Estimate an interpolated Kneser-Ney model from tokenised sentences.

    One absolute discount per order (Ney's estimate from counts of counts). Each n-gram's
    probability interpolates down to the unigrams, which interpolate with a uniform
    distribution; the interpolation weight of a context is its ARPA back-off weight, so every
    conditional distribution sums to one.

    Args:
        sentences: Word sequences (no `<s>`/`</s>`).
        order: Longest n-gram, at least 1.
        background: Optional unigram distribution (word → probability) of other words that
            should stay recognisable, e.g. a general model's most frequent words.
        background_weight: Share of the unigram mass given to `background` (0 to < 1).

    Returns:
        The model, with every word of `sentences` and `background` in its vocabulary.

    Raises:
        ValueError: No sentences, or a weight or order out of range.
    """
    if order < 1 or not 0.0 <= background_weight < 1.0:
        raise ValueError("order must be >= 1 and background_weight in [0, 1)")
    adjusted = _adjusted_counts(sentences, order)
    if not adjusted[0]:
        raise ValueError("no sentences to estimate a language model from")
    unigrams = {g: c for g, c in adjusted[0].items() if g != (BOS,)}
    bg_total = sum(background.values()) if background and background_weight else 0.0
    vocab = set(unigrams) | ({(w,) for w in background or {}} if bg_total else set())
    vocab.discard((BOS,))
    total, d1 = sum(unigrams.values()), _discount(unigrams.values())
    gamma = d1 * len(unigrams) / total
    probs: list[dict[Gram, float]] = [{}]
    for gram in vocab:
        p = max(unigrams.get(gram, 0) - d1, 0) / total + gamma / len(vocab)
        if bg_total and background:
            p = (1 - background_weight) * p + background_weight * background.get(
                gram[0], 0.0
            ) / bg_total
        probs[0][gram] = p
    backoffs: list[dict[Gram, float]] = []
    for n in range(2, order + 1):
        by_context: dict[Gram, dict[str, int]] = defaultdict(dict)
        for gram, count in adjusted[n - 1].items():
            by_context[gram[:-1]][gram[-1]] = count
        discount = _discount(adjusted[n - 1].values())
        level: dict[Gram, float] = {}
        weights: dict[Gram, float] = {}
        for context, followers in by_context.items():
            context_total = sum(followers.values())
            weights[context] = discount * len(followers) / context_total
            for word, count in followers.items():
                lower = _interpolated(probs, weights_below=backoffs, gram=(*context[1:], word))
                level[(*context, word)] = (count - discount) / context_total + weights[
                    context
                ] * lower
        probs.append(level)
        backoffs.append(weights)
    return _as_logs(order, probs, backoffs)


def _interpolated(
    probs: list[dict[Gram, float]], weights_below: list[dict[Gram, float]], gram: Gram
) -> float:
    """P(gram) in linear terms from the lower orders estimated so far, by back-off."""
    penalty = 1.0
    while True:
        found = probs[len(gram) - 1].get(gram)
        if found is not None:
            return penalty * found
        penalty *= weights_below[len(gram) - 2].get(gram[:-1], 1.0)
        gram = gram[1:]


def _as_logs(
    order: int, probs: list[dict[Gram, float]], backoffs: list[dict[Gram, float]]
) -> NGramLM:
    logprobs = tuple({g: math.log10(p) for g, p in level.items()} for level in probs)
    logprobs[0][(BOS,)] = NO_PROB
    log_backoffs = tuple({g: math.log10(w) for g, w in level.items()} for level in backoffs)
    return NGramLM(order=order, logprobs=logprobs, backoffs=log_backoffs)
