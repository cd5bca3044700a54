"""Fuzzy matching of label text (OCR lines, spoken names) against product names.

OCR text has extra words (claims, prices, sizes) and misread letters; a spoken name has fewer
words than the catalogue's. The score is how many words match, each exactly or nearly (an edit
ratio of 0.8 or more for words of four letters or more), over the shorter side's word count
(numbers in the query count only when they match: on a label they are mostly prices).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Final

from sightline.shopping.models import Product
from sightline.shopping.quantity import SIZE_PATTERN

STOPWORDS: Final = frozenset(
    {"a", "an", "and", "the", "of", "for", "with", "in", "on", "to", "by", "this", "these"}
    | {"that", "it", "de", "du", "la", "le", "les", "et", "und", "mit", "von"}
)
_SIZE_WORD = re.compile(
    r"^(?:\d+(?:[.,]\d+)?(?:g|kg|mg|ml|cl|l|lb|oz|ct|pcs?|pk|x)?|g|kg|ml|cl|l|lb|lbs|oz|fl|ct|x)$"
)
_WORD = re.compile(r"[^\W_]+")
_ORDINAL = re.compile(r"^(\d{1,3})(?:st|nd|rd|th)$")
MIN_SCORE: Final = 0.7
NEAR: Final = 0.8


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def tokens(text: str, keep_numbers: bool = True) -> list[str]:
    """The words of `text` that identify a product: folded, without stopwords and sizes.

    Pack sizes ("6 x 330 ml", "100g") are removed first; ordinals become numbers ("2nd" → "2").

    Args:
        text: Any text.
        keep_numbers: Keep plain numbers ("70" in "70% cocoa", "2" in "AirPods Pro 2").
    """
    words = []
    for word in _WORD.findall(_fold(SIZE_PATTERN.sub(" ", text[:2000]))):
        word = _ORDINAL.sub(r"\1", word)
        if word in STOPWORDS:
            continue
        if _SIZE_WORD.match(word) and not (keep_numbers and word.isdigit() and len(word) <= 3):
            continue
        words.append(word)
    return list(dict.fromkeys(words))


@dataclass(frozen=True)
class Match:
    """How well a text matches a product.

    Attributes:
        product: The product.
        score: Matched words over the shorter side's word count, 0–1.
        matched: The sum of the matched words' similarities.
        coverage: The share of the product's words that matched.
    """

    product: Product
    score: float
    matched: float
    coverage: float


def _similarity(word: str, others: Iterable[str]) -> float:
    best = 0.0
    for other in others:
        if word == other:
            return 1.0
        if len(word) >= 4 and len(other) >= 4 and abs(len(word) - len(other)) <= 2:
            matcher = SequenceMatcher(None, word, other)
            if matcher.quick_ratio() >= NEAR and matcher.ratio() >= NEAR:
                best = max(best, matcher.ratio())
        elif len(word) >= 5 and other.startswith(word[:5]) and word.startswith(other[:5]):
            best = max(best, 0.8)
    return best


def score(query: list[str], product: Product, name: list[str] | None = None) -> Match | None:
    """Score one product against the query's tokens; None when nothing matches.

    Args:
        query: `tokens()` of the query text.
        product: The candidate.
        name: `tokens()` of its brand and name, when already known.
    """
    name = tokens(f"{product.brand} {product.name}") if name is None else name
    if not query or not name:
        return None
    total = 0.0
    for word in name:
        total += _similarity(word, query)
    if total == 0:
        return None
    # Numbers in label text are often prices or weights: they count only when they match.
    asked = sum(1 for w in query if not w.isdigit() or w in name)
    shorter = max(1, min(asked, len(name)))
    return Match(product, min(1.0, total / shorter), total, total / len(name))


class NameIndex:
    """Products with their name words, indexed by each word's first and last two letters.

    Only products sharing a word's start or end with the query are scored, so a search stays
    fast on a large catalogue while tolerating a misread letter in the middle of a word.

    Args:
        products: The catalogue's products.
    """

    def __init__(self, products: Iterable[Product]) -> None:
        self.entries = [(p, tokens(f"{p.brand} {p.name}")) for p in products]
        self._keys: dict[str, set[int]] = defaultdict(set)
        for i, (_, words) in enumerate(self.entries):
            for word in words:
                self._keys["<" + word[:2]].add(i)
                self._keys[">" + word[-2:]].add(i)

    def search(self, text: str, limit: int = 5, min_score: float = MIN_SCORE) -> list[Match]:
        """The products that match `text` well enough, best first.

        A match needs a score of at least `min_score` and, unless the shorter side has one
        word, at least two matched words (a brand alone is not enough to pick a product).

        Args:
            text: Label OCR or a spoken name.
            limit: How many to return at most.
            min_score: The lowest acceptable score.
        """
        query = tokens(text)
        candidates: set[int] = set()
        for word in query:
            candidates |= self._keys.get("<" + word[:2], set())
            candidates |= self._keys.get(">" + word[-2:], set())
        found = []
        for i in sorted(candidates):
            product, name = self.entries[i]
            match = score(query, product, name)
            if match is None or match.score < min_score:
                continue
            if match.matched < min(2, len(query), len(name)) - 0.35:
                continue
            found.append(match)
        found.sort(key=lambda m: (-m.score, -m.matched, -m.coverage, m.product.gtin))
        return found[:limit]


def best_matches(
    text: str, products: Iterable[Product], limit: int = 5, min_score: float = MIN_SCORE
) -> list[Match]:
    """The products that match `text` well enough, best first (see `NameIndex.search`)."""
    return NameIndex(products).search(text, limit, min_score)
