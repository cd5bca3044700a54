"""Speech to text inside the pipeline: audio is decoded while the wearer speaks, so the final
transcript is ready moments after the end of the turn."""

from __future__ import annotations

import logging
from typing import Protocol

from pipecat.frames.frames import Frame
from pipecat.processors.frame_processor import FrameDirection, FrameProcessor

from sightline.trace import TurnTrace
from sightline.voice.frames import (
    RequestFrame,
    UtteranceAudioFrame,
    UtteranceEndFrame,
    UtteranceStartFrame,
)

log = logging.getLogger(__name__)


class UtteranceTranscriber(Protocol):
    """One utterance at a time: begin, feed 16 kHz mono PCM as it arrives, end → text."""

    async def begin(self) -> None:
        """Start a new utterance (dropping any unfinished one)."""

    async def feed(self, pcm: bytes) -> None:
        """Decode more audio of the current utterance."""

    async def end(self) -> str:
        """Finish the utterance and return its final transcript ("" when nothing was heard)."""

    async def partial(self) -> str:
        """The hypothesis so far ("" when there is none)."""


class TranscribeProcessor(FrameProcessor):
    """Feeds utterances to a transcriber and emits a `RequestFrame` per finished turn.

    Args:
        transcriber: The streaming speech-to-text back-end for this session.
    """

    def __init__(self, transcriber: UtteranceTranscriber) -> None:
        super().__init__(name="transcribe")
        self._stt = transcriber
        self._open = False

    async def process_frame(self, frame: Frame, direction: FrameDirection) -> None:
        """Decode utterance audio; pass every frame on, and a request after each turn."""
        await super().process_frame(frame, direction)
        await self.push_frame(frame, direction)
        if isinstance(frame, UtteranceStartFrame):
            await self._stt.begin()
            self._open = True
            if frame.preroll:
                await self._stt.feed(frame.preroll)
        elif isinstance(frame, UtteranceAudioFrame) and self._open:
            await self._stt.feed(frame.audio)
        elif isinstance(frame, UtteranceEndFrame) and self._open:
            self._open = False
            trace = TurnTrace(start=frame.speech_end)
            trace.mark_at("turn_end", frame.turn_end)
            try:
                text = await self._stt.end()
            except Exception:
                log.exception("speech recognition failed")
                text = ""
            trace.mark("transcript_final")
            await self.push_frame(RequestFrame(text=text, trace=trace, source="voice"))
