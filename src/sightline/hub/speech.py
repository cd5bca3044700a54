"""The hub's speech services from configuration, adapted to the voice pipeline."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import replace

from sightline.config import Settings
from sightline.errors import SightlineError
from sightline.hub.hub import SpeechBackends
from sightline.sdk.registry import AgentRegistry
from sightline.speech import (
    SpeechToText,
    SttStream,
    TextToSpeech,
    Transcript,
    stt_from_settings,
    tts_from_settings,
)


class StreamingTranscriber:
    """One session's recogniser: a fresh stream per utterance.

    Args:
        stt: The speech-to-text back-end (shared; streams are per utterance).
    """

    def __init__(self, stt: SpeechToText) -> None:
        self._stt = stt
        self._stream: SttStream | None = None

    async def begin(self) -> None:
        """Start an utterance, dropping an unfinished one."""
        await self._drop()
        self._stream = self._stt.stream()

    async def feed(self, pcm: bytes) -> None:
        """Decode more of the utterance."""
        if self._stream is not None and pcm:
            await self._stream.feed(pcm)

    async def end(self) -> Transcript:
        """The utterance's final transcript (empty text when nothing was heard)."""
        stream, self._stream = self._stream, None
        nothing = Transcript(text="", confidence=None, language="en")
        if stream is None:
            return nothing
        try:
            transcript = await stream.finish()
        except SightlineError as error:
            if error.code == "empty_audio":
                return nothing
            raise
        return replace(transcript, text=transcript.text.strip())

    def speculate(self) -> None:
        """The speech may have ended: let the recogniser start on what it has."""
        speculate = getattr(self._stream, "speculate", None)
        if speculate is not None:
            speculate()

    def resumed(self) -> None:
        """Speech resumed after `speculate()`."""
        resumed = getattr(self._stream, "resumed", None)
        if resumed is not None:
            resumed()

    async def partial(self) -> Transcript:
        """The hypothesis for the utterance so far (empty text when there is none)."""
        nothing = Transcript(text="", confidence=None, language="en", is_final=False)
        stream = self._stream
        if stream is None:
            return nothing
        try:
            hypothesis = await stream.partial()
        except SightlineError:
            return nothing
        if hypothesis is None:
            return nothing
        return replace(hypothesis, text=hypothesis.text.strip())

    async def _drop(self) -> None:
        stream, self._stream = self._stream, None
        if stream is not None:
            with contextlib.suppress(Exception):
                await stream.cancel()


class Voice:
    """Speech out through a text-to-speech back-end, as the pipeline wants it."""

    def __init__(self, tts: TextToSpeech) -> None:
        self._tts = tts

    async def stream(self, text: str) -> AsyncIterator[bytes]:
        """16 kHz mono PCM chunks for `text`."""
        async for chunk in self._tts.synthesize(text):
            yield chunk


def build_speech(
    settings: Settings, examples: Mapping[str, Sequence[str]] | None = None
) -> SpeechBackends:
    """The configured recogniser and voice (Whisper with pocketsphinx alongside, and flite, by
    default).

    Args:
        settings: The configuration.
        examples: The loaded agents' example utterances by agent, for pocketsphinx's domain
            and per-agent models (the built-in agents' examples by default).

    Raises:
        SightlineError: `backend_missing` naming the extra or package to install, `bad_config`.
    """
    stt = stt_from_settings(settings, examples)
    tts = tts_from_settings(settings)
    return SpeechBackends(
        new_transcriber=lambda: StreamingTranscriber(stt),
        tts=Voice(tts) if tts is not None else None,
        load=stt.load,
        close=stt.aclose,
    )


def agent_examples(registry: AgentRegistry) -> dict[str, list[str]]:
    """Every loaded agent's example utterances by agent (plugins included)."""
    return {name: list(registry.get(name).examples) for name in registry.names()}
