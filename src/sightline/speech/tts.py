"""Text to speech: one narrow interface; audio comes out as 16 kHz 16-bit mono PCM chunks."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator
from dataclasses import dataclass

_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+|\n+")


@dataclass(frozen=True)
class TtsCapabilities:
    """What a synthesiser can do.

    Attributes:
        streaming: Gives the first audio before the whole text is synthesised.
        languages: Languages it speaks (None: many).
        voices: Voices it offers by name (empty: any the back-end accepts).
        offline: Runs with no network.
    """

    streaming: bool
    languages: tuple[str, ...] | None
    voices: tuple[str, ...]
    offline: bool


def split_sentences(text: str) -> list[str]:
    """Split text after sentence punctuation and at line breaks; empty pieces are dropped."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s and s.strip()]


class TextToSpeech(ABC):
    """A speech synthesiser. Subclasses set `name` and `capabilities`, implement `synthesize`."""

    name: str = "tts"
    capabilities: TtsCapabilities

    @abstractmethod
    def synthesize(self, text: str, voice: str | None = None) -> AsyncIterator[bytes]:
        """Speak `text`, yielding 16 kHz 16-bit mono PCM chunks as soon as each is ready.

        Text without anything to say yields nothing.

        Args:
            text: What to say (plain text; several sentences are fine).
            voice: A voice of this back-end, or None for its default.

        Raises:
            SightlineError: `unknown_voice`, or `tts_failed` when the back-end fails.
        """

    async def synthesize_all(self, text: str, voice: str | None = None) -> bytes:
        """The whole utterance as one PCM buffer."""
        return b"".join([chunk async for chunk in self.synthesize(text, voice)])

    async def aclose(self) -> None:  # noqa: B027 - optional hook, nothing to free by default
        """Free models, processes and connections."""
