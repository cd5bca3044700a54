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
from sightline.speech.stt import Transcript

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

    The words must not end on a dangling word, and the edge router must be confident of
    their agent; when the recogniser gives each agent's reading so far, the router weighs it
    too (`EdgeRouter.decide_heard`), so a command garbled by noise ("play some shoes") can
    still be whole when the music agent's model clearly heard one.

    Args:
        partial: The recogniser's hypothesis for the utterance so far.
        edge: The edge router, whose confidence says "this is a command I know".
        min_confidence: The confidence needed.
        min_words: Fewer words than this are never taken as whole (unless the turn ends on
            silence or Smart Turn).
    """

    def __init__(
        self,
        partial: Callable[[], Awaitable[Transcript]],
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
        heard = await self._partial()
        text = heard.text.strip().lower()
        words = text.split()
        if len(words) < self._min_words or words[-1] in DANGLING:
            return False
        decision = await asyncio.to_thread(self._edge.decide_heard, text, heard.alternatives)
        return decision.confidence >= self._min_confidence
