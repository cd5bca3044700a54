"""Slot-annotated examples (`what's the tide at [place : Brest]`) and filling slots offline.

An example names a tool parameter and its value in brackets, as in the HWU64 annotation. From
the examples, `SlotFiller` learns each parameter's neighbouring words (left and right), the
template words around it and the values seen; in a new utterance it picks the span whose
neighbours look most like the examples', so unseen values and unseen phrasings are read too.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

_SLOT = re.compile(r"\[\s*([A-Za-z_][\w]*)\s*:\s*([^\]]*?)\s*\]")
_TOKEN = re.compile(r"\d+(?:[.,]\d+)?|[^\W_]+(?:['’-][^\W_]+)*")
START, END = "<s>", "</s>"
_NUMBERS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty"
)
NUMBER_WORDS = {w: i for i, w in enumerate(_NUMBERS.split())}
MIN_EVIDENCE = 2.0
_FILLER = (
    "a an the and or but of for to at in on by with from about over into near around is are "
    "be was me my i you your it this that there here please now today tonight tomorrow "
    "yesterday morning afternoon evening week weekend next last days day hours time times "
    "what when where which who how will would can could should do does did get give show tell "
    "find check let us our we"
)
FILLER = frozenset(_FILLER.split())
"""Words that rarely belong to a value; a span holding one needs more evidence."""


@dataclass(frozen=True)
class Token:
    """A word of an utterance with its place in the original text."""

    text: str
    start: int
    end: int

    @property
    def norm(self) -> str:
        """The word, lowercased."""
        return self.text.lower()


def tokenize(text: str) -> list[Token]:
    """Split text into words and numbers, keeping their offsets."""
    return [Token(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text)]


@dataclass(frozen=True)
class Slot:
    """One annotated value: the parameter, its text and its word span in the plain text."""

    param: str
    value: str
    first: int
    stop: int


@dataclass(frozen=True)
class AnnotatedExample:
    """An example utterance with its slots.

    Attributes:
        text: The utterance with the brackets removed (what the router learns).
        slots: The annotated values, by word position in `text`.
    """

    text: str
    slots: tuple[Slot, ...] = ()

    @property
    def params(self) -> frozenset[str]:
        """The parameters the example names."""
        return frozenset(s.param for s in self.slots)


def parse_example(raw: str) -> AnnotatedExample:
    """Read `[param : value]` slots out of an example.

    Args:
        raw: The example as configured.

    Returns:
        The plain text and the slots' word spans.
    """
    plain: list[str] = []
    spans: list[tuple[str, str, int, int]] = []
    cursor = 0
    length = 0
    for match in _SLOT.finditer(raw):
        plain.append(raw[cursor : match.start()])
        length += len(raw[cursor : match.start()])
        value = match.group(2)
        spans.append((match.group(1), value, length, length + len(value)))
        plain.append(value)
        length += len(value)
        cursor = match.end()
    plain.append(raw[cursor:])
    text = " ".join("".join(plain).split())
    if not spans:
        return AnnotatedExample(text)
    # Re-locate each value in the whitespace-normalised text, in order.
    tokens = tokenize(text)
    slots: list[Slot] = []
    search_from = 0
    for param, value, _, _ in spans:
        value_tokens = [t.norm for t in tokenize(value)]
        if not value_tokens:
            continue
        for i in range(search_from, len(tokens) - len(value_tokens) + 1):
            if [t.norm for t in tokens[i : i + len(value_tokens)]] == value_tokens:
                slots.append(Slot(param, value.strip(), i, i + len(value_tokens)))
                search_from = i + len(value_tokens)
                break
    return AnnotatedExample(text, tuple(slots))


def as_number(word: str, kind: str) -> int | float | None:
    """A word as the parameter's JSON number type, or None when it is not a number."""
    lowered = word.lower()
    if lowered in NUMBER_WORDS:
        return NUMBER_WORDS[lowered]
    try:
        value = float(lowered.replace(",", "."))
    except ValueError:
        return None
    if kind == "integer":
        return int(value) if value.is_integer() else None
    return value


@dataclass
class _ParamModel:
    left: Counter[str] = field(default_factory=Counter)
    left2: Counter[tuple[str, str]] = field(default_factory=Counter)
    right: Counter[str] = field(default_factory=Counter)
    values: set[str] = field(default_factory=set)
    lengths: Counter[int] = field(default_factory=Counter)

    @property
    def typical_length(self) -> int:
        return self.lengths.most_common(1)[0][0] if self.lengths else 1


@dataclass(frozen=True)
class _Candidate:
    param: str
    first: int
    stop: int
    score: float
    value: Any


class SlotFiller:
    """Fills a tool's string and number parameters from an utterance.

    Args:
        examples: The tool's annotated examples.
        kinds: Each fillable parameter's JSON type (`string`, `number`, `integer`).
    """

    def __init__(self, examples: list[AnnotatedExample], kinds: dict[str, str]) -> None:
        self.kinds = kinds
        self.models: dict[str, _ParamModel] = {}
        self.template: Counter[str] = Counter()
        for example in examples:
            words = [t.norm for t in tokenize(example.text)]
            padded = [START, START, *words, END]
            inside: set[int] = set()
            for slot in example.slots:
                if slot.param not in kinds:
                    continue
                model = self.models.setdefault(slot.param, _ParamModel())
                model.left[padded[slot.first + 1]] += 1
                model.left2[(padded[slot.first], padded[slot.first + 1])] += 1
                model.right[padded[slot.stop + 2]] += 1
                model.values.add(" ".join(words[slot.first : slot.stop]))
                model.lengths[slot.stop - slot.first] += 1
                inside.update(range(slot.first, slot.stop))
            self.template.update(w for i, w in enumerate(words) if i not in inside)

    def fill(self, utterance: str) -> dict[str, Any]:
        """Read the parameters the examples taught from `utterance`.

        Returns:
            Parameter name to value (a string, or a number for number parameters); parameters
            without enough evidence are left out.
        """
        tokens = tokenize(utterance)
        words = [t.norm for t in tokens]
        candidates = [c for param in self.models for c in self._candidates(param, words)]
        candidates.sort(key=lambda c: -c.score)
        taken: set[int] = set()
        filled: dict[str, Any] = {}
        for cand in candidates:
            if cand.param in filled or taken & set(range(cand.first, cand.stop)):
                continue
            if self.kinds[cand.param] == "string":
                cand = _Candidate(
                    cand.param,
                    cand.first,
                    cand.stop,
                    cand.score,
                    utterance[tokens[cand.first].start : tokens[cand.stop - 1].end],
                )
            filled[cand.param] = cand.value
            taken.update(range(cand.first, cand.stop))
        return filled

    def _candidates(self, param: str, words: list[str]) -> list[_Candidate]:
        model = self.models[param]
        kind = self.kinds[param]
        padded = [START, START, *words, END]
        max_length = 1 if kind != "string" else min(8, max(model.lengths, default=1) + 2)
        total_left = sum(model.left.values())
        total_right = sum(model.right.values())
        found: list[_Candidate] = []
        for first in range(len(words)):
            for stop in range(first + 1, min(len(words), first + max_length) + 1):
                span = words[first:stop]
                value: Any = " ".join(span)
                if kind != "string":
                    value = as_number(span[0], kind)
                    if value is None:
                        continue
                left, left2 = (
                    model.left[padded[first + 1]],
                    model.left2[(padded[first], padded[first + 1])],
                )
                right = model.right[padded[stop + 2]]
                seen = " ".join(span) in model.values
                if not (left or right or seen):
                    continue
                score = (2.0 + left / total_left) if left else 0.0
                score += 1.0 if left2 else 0.0
                score += (1.5 + right / total_right) if right else 0.0
                score += 0.5 if padded[stop + 2] == END else 0.0
                score += 3.0 if seen else 0.0
                if kind == "string":
                    score -= self._unlikely(model, span, padded[stop + 2])
                if score >= MIN_EVIDENCE:
                    found.append(_Candidate(param, first, stop, score, value))
        return found

    def _unlikely(self, model: _ParamModel, span: list[str], after: str) -> float:
        """How much a string span looks unlike a value: template words anywhere, filler words
        at its edges, a length unlike the examples', and a cut before an unexplained word."""
        known = {w for v in model.values for w in v.split()}
        penalty = 0.0
        for i, word in enumerate(span):
            if word in known:
                continue
            if self.template[word]:
                penalty += 2.0
            elif word in FILLER and i in (0, len(span) - 1):
                penalty += 3.0
        penalty += 0.1 * abs(len(span) - model.typical_length)
        explained = after == END or after in FILLER or self.template[after] or model.right[after]
        if not explained:
            penalty += 1.0
        return penalty
