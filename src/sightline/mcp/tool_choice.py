"""Choosing an MCP server's tool offline: words of the utterance against each tool's words.

Each tool is described by its name, its description and the examples assigned to it; a word
counts by how specific it is to one tool (inverse document frequency over the server's tools),
so words every tool shares decide nothing.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping

from sightline.mcp.slots import FILLER, AnnotatedExample

ROUNDS = 3
_WORD = re.compile(r"[^\W\d_]+")
_SPLIT_NAME = re.compile(r"[_\-.\s]+|(?<=[a-z])(?=[A-Z])")


def stem(word: str) -> str:
    """A crude English stem: lowercase, plural and -ing endings cut."""
    word = word.lower()
    for suffix in ("ing", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            if suffix == "ing" and len(word) > 3 and word[-1] == word[-2]:
                word = word[:-1]  # swimming → swim
            return word
    return word


def words_of(text: str) -> set[str]:
    """The stemmed content words of a text (filler words such as "the", "at" left out)."""
    return {stem(w) for w in _WORD.findall(text) if w.lower() not in FILLER}


def name_words(name: str) -> str:
    """A tool name as words: `get_tide_times` → `get tide times`."""
    return " ".join(p for p in _SPLIT_NAME.split(name) if p)


class ToolChooser:
    """Scores an utterance against each tool.

    Args:
        tools: Tool name to its description.
        examples: Tool name to the examples assigned to it.
    """

    def __init__(
        self, tools: Mapping[str, str], examples: Mapping[str, Iterable[AnnotatedExample]]
    ) -> None:
        self.vocab: dict[str, Counter[str]] = {}
        for name, description in tools.items():
            bag: Counter[str] = Counter()
            bag.update(words_of(name_words(name)) | words_of(description))
            for example in examples.get(name, ()):
                bag.update(words_of(example.text))
            self.vocab[name] = bag
        df: Counter[str] = Counter()
        for bag in self.vocab.values():
            df.update(set(bag))
        n = len(self.vocab)
        self.idf = {w: math.log(n / c) for w, c in df.items()}

    def scores(self, utterance: str) -> dict[str, float]:
        """Each tool's score for the utterance (higher fits better)."""
        words = words_of(utterance)
        return {
            name: sum(self.idf[w] * (1 + math.log(bag[w])) for w in words if w in bag)
            for name, bag in self.vocab.items()
        }

    def choose(self, utterance: str) -> str | None:
        """The best tool, ties going to the first; None when there are no tools."""
        scores = self.scores(utterance)
        return max(scores, key=lambda name: scores[name]) if scores else None


def assign_examples(
    examples: Iterable[AnnotatedExample],
    tools: Mapping[str, str],
    params: Mapping[str, frozenset[str]],
) -> dict[str, list[AnnotatedExample]]:
    """Give each configured example to the tool it is about.

    An example whose slots name parameters goes to the tool that has them all (by words among
    several); one without slots goes to the tool whose words fit. Words are those of the tools'
    names and descriptions at first, then of the examples assigned so far (a few rounds).

    Args:
        examples: The server's examples.
        tools: Tool name to description.
        params: Tool name to its parameter names.

    Returns:
        Tool name to its examples.
    """
    pending = list(examples)
    assigned: dict[str, list[AnnotatedExample]] = {name: [] for name in tools}
    if not tools:
        return assigned
    for _ in range(ROUNDS):
        chooser = ToolChooser(tools, assigned)
        assigned = {name: [] for name in tools}
        for example in pending:
            fitting = [t for t in tools if example.params and example.params <= params[t]]
            candidates = fitting or list(tools)
            scores = chooser.scores(example.text)
            best = max(candidates, key=lambda name: scores[name])
            assigned[best].append(example)
    return assigned
