"""Speech to text: one narrow interface for every recogniser, whole utterances or streamed."""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from dataclasses import dataclass, replace
from types import TracebackType

from sightline.errors import SightlineError
from sightline.sdk.context import SpokenAlternative
from sightline.speech.audio import check_pcm, duration_s


@dataclass(frozen=True)
class Transcript:
    """What a recogniser heard in one utterance.

    Attributes:
        text: The words, as the back-end writes them (empty when nothing was recognised).
        confidence: 0–1 where the back-end gives one (its own measure), else None.
        language: The language of the text (BCP 47 code, e.g. "en").
        is_final: False for an interim hypothesis while the wearer is still talking.
        model: The back-end and model that produced it, e.g. "pocketsphinx/domain".
        elapsed_ms: Time from the end of the audio (`finish()` or the call) to this result.
        audio_ms: Length of the utterance.
        alternatives: Each agent's reading of the audio, from a recogniser that decodes it
            once per agent (empty otherwise); the router weighs them with `text`.
        unsure: Speech was heard but the recogniser is not sure of the words: the turn asks
            the wearer to say it again instead of acting on `text`.
    """

    text: str
    confidence: float | None
    language: str
    is_final: bool = True
    model: str = ""
    elapsed_ms: float = 0.0
    audio_ms: float = 0.0
    alternatives: tuple[SpokenAlternative, ...] = ()
    unsure: bool = False


@dataclass(frozen=True)
class SttCapabilities:
    """What a recogniser can do.

    Attributes:
        streaming: Decodes while audio arrives, so `finish()` returns quickly.
        interim: Gives interim hypotheses (`SttStream.partial`).
        languages: Languages it recognises (None: many, detected or chosen per call).
        grammar: Biased towards the agents' phrases (a domain language model).
        offline: Runs with no network.
    """

    streaming: bool
    interim: bool
    languages: tuple[str, ...] | None
    grammar: bool
    offline: bool


class SttStream(ABC):
    """One utterance fed as it arrives: `feed()` chunks, then `finish()` (or `cancel()`).

    Chunks are 16 kHz 16-bit mono PCM of any length (an even number of bytes). Usable as an
    async context manager, which cancels the utterance if it was not finished.
    """

    @abstractmethod
    async def feed(self, pcm: bytes) -> None:
        """Add audio to the utterance (raises SightlineError `bad_audio` for an odd length)."""

    @abstractmethod
    async def finish(self) -> Transcript:
        """End the utterance and return the final transcript.

        Raises:
            SightlineError: `empty_audio` when no audio was fed.
        """

    @abstractmethod
    async def cancel(self) -> None:
        """Drop the utterance and free its resources (safe to call more than once)."""

    async def partial(self) -> Transcript | None:
        """The hypothesis so far (`is_final=False`), or None if the back-end has none."""
        return None

    async def __aenter__(self) -> SttStream:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.cancel()


class SpeechToText(ABC):
    """A speech recogniser. Subclasses set `name` and `capabilities` and implement `transcribe`.

    Back-ends that decode incrementally also override `stream`; the default stream collects
    the audio and transcribes it whole when the utterance finishes.
    """

    name: str = "stt"
    capabilities: SttCapabilities

    @abstractmethod
    async def transcribe(self, pcm: bytes, language: str | None = None) -> Transcript:
        """Recognise one whole utterance.

        Args:
            pcm: 16 kHz 16-bit mono PCM.
            language: A language to expect (BCP 47), or None for the back-end's default.

        Raises:
            SightlineError: `empty_audio`, `bad_audio`, `unsupported_language`, or a back-end
                failure (`stt_failed`).
        """

    def stream(self, language: str | None = None) -> SttStream:
        """Start an utterance to be fed as it arrives (see `SttStream`)."""
        return BufferedStream(self, language)

    async def load(self) -> None:  # noqa: B027 - optional hook, nothing to load by default
        """Prepare models ahead of the first utterance (otherwise done on first use)."""

    async def aclose(self) -> None:  # noqa: B027 - optional hook, nothing to free by default
        """Free models, threads and connections."""

    def check_language(self, language: str | None) -> None:
        """Raise SightlineError `unsupported_language` if `language` is not recognised."""
        known = self.capabilities.languages
        if language and known is not None and language.split("-")[0] not in known:
            raise SightlineError(
                "unsupported_language",
                f"{self.name} recognises {', '.join(known)}, not {language}",
            )


class BufferedStream(SttStream):
    """Collects an utterance's audio and transcribes it whole on `finish()`."""

    def __init__(self, stt: SpeechToText, language: str | None) -> None:
        stt.check_language(language)
        self._stt = stt
        self._language = language
        self._chunks: list[bytes] = []
        self._done = False

    async def feed(self, pcm: bytes) -> None:
        """Keep the chunk until the utterance finishes."""
        check_pcm(pcm, allow_empty=True)
        if self._done:
            raise SightlineError("stream_closed", "the utterance already finished")
        self._chunks.append(pcm)

    async def finish(self) -> Transcript:
        """Transcribe everything fed; `elapsed_ms` is the whole recognition time."""
        if self._done:
            raise SightlineError("stream_closed", "the utterance already finished")
        self._done = True
        pcm = b"".join(self._chunks)
        self._chunks = []
        started = time.perf_counter()
        result = await self._stt.transcribe(pcm, self._language)
        elapsed = (time.perf_counter() - started) * 1000
        return replace(result, elapsed_ms=elapsed, audio_ms=duration_s(pcm) * 1000)

    async def cancel(self) -> None:
        """Forget the audio."""
        self._done = True
        self._chunks = []


async def transcribe_streamed(
    stt: SpeechToText, pcm: bytes, language: str | None = None
) -> Transcript:
    """Recognise a whole utterance through `stt.stream`, timing the whole decode.

    For back-ends whose stream is their only decoder (`elapsed_ms` is the whole decoding time).
    """
    check_pcm(pcm)
    started = time.perf_counter()
    async with stt.stream(language) as utterance:
        await utterance.feed(pcm)
        result = await utterance.finish()
    elapsed = (time.perf_counter() - started) * 1000
    return replace(result, elapsed_ms=elapsed, audio_ms=duration_s(pcm) * 1000)
