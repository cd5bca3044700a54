"""Text matching for place names: accent- and case-insensitive tokens, trigram similarity."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_TOKEN = re.compile(r"\w+")
STOP_WORDS = frozenset((
    "the", "a", "an", "of", "at", "in", "on", "to", "and", "by", "for", "de", "du", "des", "la",
    "le", "les", "l", "d", "el", "al", "di", "da", "del", "della", "dei", "der", "die", "das",
    "von", "und", "y", "e", "et",
))  # fmt: skip
"""Normalized words that carry no identity in a place name (en, fr, it, es, de)."""


@lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """Lower-case, strip accents and punctuation: "Musée Océanographique" → "musee oceanographique".

    Args:
        text: Any text.

    Returns:
        The folded text, words separated by single spaces.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("ß", "ss"))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_TOKEN.findall(stripped.replace("_", " ")))


def tokens(text: str) -> list[str]:
    """The normalized words of a text, without stop words (unless nothing else is left)."""
    words = normalize(text).split()
    kept = [w for w in words if w not in STOP_WORDS]
    return kept or words


@lru_cache(maxsize=65536)
def trigrams(word: str) -> frozenset[str]:
    """Character trigrams of a word padded with spaces (" ph", "pha", …, "cy ")."""
    padded = f"  {word} "
    return frozenset(padded[i : i + 3] for i in range(len(padded) - 2))


def word_similarity(query: str, word: str) -> float:
    """How well a query word matches a name word, in [0, 1].

    Equal words score 1; a query word that starts the name word (3+ letters) scores 0.9;
    otherwise the Dice coefficient of their trigrams, which forgives a typo or two.

    Args:
        query: A normalized query word.
        word: A normalized name word.

    Returns:
        The similarity.
    """
    if query == word:
        return 1.0
    if len(query) >= 3 and word.startswith(query):
        return 0.9
    a, b = trigrams(query), trigrams(word)
    return 2 * len(a & b) / (len(a) + len(b))
