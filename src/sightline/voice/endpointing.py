"""Semantic end of turn: a pause after a whole command ends the turn even when Smart Turn,
listening to prosody alone, is unsure.

Short commands said flatly ("play some jazz") often sound unfinished; the words so far tell
otherwise. The check is cheap: the recogniser's partial hypothesis (already decoded while the
wearer spoke) and one pass of the edge router's classifier (cached by text).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from sightline.router.edge import EdgeRouter

DANGLING = frozenset(
    {
        "a",
        "an",
        "the",
        "to",
        "for",
        "from",
        "of",
        "in",
        "on",
        "at",
        "by",
        "with",
        "and",
        "or",
        "but",
        "my",
        "your",
        "our",
        "their",
        "his",
        "her",
        "its",
        "some",
        "any",
        "this",
        "that",
        "these",
        "those",
        "me",
        "is",
        "are",
        "was",
        "were",
        "be",
        "what",
        "where",
        "when",
        "which",
        "who",
        "how",
        "i",
        "i'm",
        "please",
        "can",
        "could",
        "would",
        "will",
        "should",
        "about",
        "into",
        "than",
        "then",
        "like",
        "as",
        "if",
    }
)
"""Words a finished command does not end with."""


class CommandCompleteness:
    """Decides whether the words heard so far are a whole command.

    Args:
        partial: The recogniser's hypothesis for the utterance so far.
        edge: The edge router, whose classifier confidence says "this is a command I know".
        min_confidence: The confidence needed.
        min_words: Fewer words than this are never taken as whole (unless the turn ends on
            silence or Smart Turn).
    """

    def __init__(
        self,
        partial: Callable[[], Awaitable[str]],
        edge: EdgeRouter,
        min_confidence: float = 0.8,
        min_words: int = 2,
    ) -> None:
        self._partial = partial
        self._edge = edge
        self._min_confidence = min_confidence
        self._min_words = min_words

    async def __call__(self) -> bool:
        """Whether the utterance so far reads as a finished command."""
        text = (await self._partial()).strip().lower()
        words = text.split()
        if len(words) < self._min_words or words[-1] in DANGLING:
            return False
        _agent, confidence = await asyncio.to_thread(self._edge.decide, text)
        return confidence >= self._min_confidence
