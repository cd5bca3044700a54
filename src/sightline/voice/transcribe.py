"""Speech to text inside the pipeline: audio is decoded while the wearer speaks, so the final
transcript is ready moments after the end of the turn."""

from __future__ import annotations

import logging
from typing import Protocol

from pipecat.frames.frames import Frame
from pipecat.processors.frame_processor import FrameDirection, FrameProcessor

from sightline.speech.audio import BYTES_PER_SECOND
from sightline.speech.stt import Transcript
from sightline.trace import TurnTrace
from sightline.voice.frames import (
    RequestFrame,
    UtteranceAudioFrame,
    UtteranceEndFrame,
    UtteranceStartFrame,
)

log = logging.getLogger(__name__)


class UtteranceTranscriber(Protocol):
    """One utterance at a time: begin, feed 16 kHz mono PCM as it arrives, end → transcript."""

    async def begin(self) -> None:
        """Start a new utterance (dropping any unfinished one)."""

    async def feed(self, pcm: bytes) -> None:
        """Decode more audio of the current utterance."""

    async def end(self) -> Transcript:
        """Finish the utterance and return its final transcript (empty when nothing was heard)."""

    async def partial(self) -> Transcript:
        """The hypothesis so far (empty text when there is none)."""


def _notify(transcriber: UtteranceTranscriber, event: str) -> None:
    """Tell a transcriber that offers it (`speculate`, `resumed`) how the speech goes."""
    hook = getattr(transcriber, event, None)
    if hook is not None:
        hook()


class QuietHold:
    """Holds back audio the voice detector calls quiet until speech resumes.

    Args:
        trailing_ms: How much of the quiet after the last speech `tail()` gives.
    """

    def __init__(self, trailing_ms: int = 100) -> None:
        self._held = bytearray()
        self._trailing_bytes = trailing_ms * BYTES_PER_SECOND // 1000

    def add(self, audio: bytes, voiced: bool) -> bytes:
        """Take a chunk; returns what to decode now (the held quiet first, when speech
        resumes), or nothing while it is quiet."""
        if not voiced:
            self._held += audio
            return b""
        ready = bytes(self._held) + audio
        self._held.clear()
        return ready

    def tail(self) -> bytes:
        """At the end of the turn: the start of the quiet held since the last speech."""
        trailing = bytes(self._held[: self._trailing_bytes])
        self._held.clear()
        return trailing

    def clear(self) -> None:
        """Forget what is held (a new utterance)."""
        self._held.clear()


class TranscribeProcessor(FrameProcessor):
    """Feeds utterances to a transcriber and emits a `RequestFrame` per finished turn.

    Audio the voice detector calls quiet is held back: it reaches the recogniser only when
    speech resumes, and at the end of the turn only its first `trailing_ms`. The pause in
    which the end of the turn is judged (in a street, noise) would otherwise be decoded
    into extra words. When the detector leaves "speaking" (the first sign that the speech
    ended) a transcriber that offers `speculate()` may start on the audio so far; `resumed()`
    tells it the speech went on.

    Args:
        transcriber: The streaming speech-to-text back-end for this session.
        trailing_ms: Quiet audio after the last speech still sent to the recogniser.
    """

    def __init__(self, transcriber: UtteranceTranscriber, trailing_ms: int = 100) -> None:
        super().__init__(name="transcribe")
        self._stt = transcriber
        self._open = False
        self._hold = QuietHold(trailing_ms)
        self._speaking = False

    async def process_frame(self, frame: Frame, direction: FrameDirection) -> None:
        """Decode utterance audio; pass every frame on, and a request after each turn."""
        await super().process_frame(frame, direction)
        await self.push_frame(frame, direction)
        if isinstance(frame, UtteranceStartFrame):
            await self._stt.begin()
            self._open = True
            self._hold.clear()
            self._speaking = True
            if frame.preroll:
                await self._stt.feed(frame.preroll)
        elif isinstance(frame, UtteranceAudioFrame) and self._open:
            ready = self._hold.add(frame.audio, frame.voiced)
            if ready:
                await self._stt.feed(ready)
            if frame.speaking != self._speaking:
                self._speaking = frame.speaking
                _notify(self._stt, "resumed" if frame.speaking else "speculate")
        elif isinstance(frame, UtteranceEndFrame) and self._open:
            self._open = False
            trailing = self._hold.tail()
            if trailing:
                await self._stt.feed(trailing)
            trace = TurnTrace(start=frame.speech_end)
            trace.mark_at("turn_end", frame.turn_end)
            try:
                heard = await self._stt.end()
            except Exception:
                log.exception("speech recognition failed")
                heard = Transcript(text="", confidence=None, language="en")
            trace.mark("transcript_final")
            request = RequestFrame(
                text=heard.text,
                trace=trace,
                alternatives=heard.alternatives,
                unsure=heard.unsure,
            )
            await self.push_frame(request)
