"""Speech out: synthesise each reply's words while the card is already on the display, and stop
the moment the wearer starts speaking again (barge-in)."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Protocol

from pipecat.frames.frames import Frame, SystemFrame
from pipecat.processors.frame_processor import FrameDirection, FrameProcessor

from sightline.voice.frames import SpeakFrame, UtteranceStartFrame

log = logging.getLogger(__name__)

BYTES_PER_SECOND = 32_000  # 16 kHz, 16-bit mono


class SpeechSynthesizer(Protocol):
    """Text in, 16 kHz 16-bit mono PCM chunks out, the first as early as possible."""

    def stream(self, text: str) -> AsyncIterator[bytes]:
        """The speech for `text`, chunk by chunk."""


@dataclass
class SpeechOutFrame(SystemFrame):
    """A chunk of the reply's speech (`audio` empty and `last` set once it is over).

    Parameters:
        turn_id: The turn the speech answers.
        text: The words (sent with the first chunk).
        audio: 16 kHz mono PCM.
        first: The first chunk of this turn's speech.
        last: The end of this turn's speech.
    """

    turn_id: str = ""
    text: str = ""
    audio: bytes = b""
    first: bool = False
    last: bool = False


@dataclass
class StopSpeakingFrame(SystemFrame):
    """Speech was cut off: the device must stop playing and drop what it has queued."""


class SpeakProcessor(FrameProcessor):
    """Streams the speech of each `SpeakFrame` (the card is on the display already).

    Args:
        tts: The text-to-speech back-end, or None for a display-only session.
    """

    def __init__(self, tts: SpeechSynthesizer | None) -> None:
        super().__init__(name="speak")
        self._tts = tts
        self._speaking: asyncio.Task[None] | None = None
        self._playing_until = 0.0

    async def process_frame(self, frame: Frame, direction: FrameDirection) -> None:
        """Start speech for `SpeakFrame`s; cut it on barge-in; pass every other frame on."""
        await super().process_frame(frame, direction)
        if isinstance(frame, UtteranceStartFrame):
            await self.interrupt()
        if isinstance(frame, SpeakFrame):
            if self._tts is not None:
                await self.interrupt()
                speech = frame.text.strip()
                if speech:
                    turn_id = frame.turn_id
                    task = self.create_task(self._speak(turn_id, speech), f"speak-{turn_id}")
                    self._speaking = task
            return
        await self.push_frame(frame, direction)

    async def interrupt(self) -> None:
        """Stop the speech in progress, telling the device to stop playing.

        Speech is sent faster than it plays, so the device may still be playing after the last
        chunk left; that counts as speaking too.
        """
        task, self._speaking = self._speaking, None
        synthesising = task is not None and not task.done()
        if task is not None and synthesising:
            await self.cancel_task(task)
        if synthesising or time.monotonic() < self._playing_until:
            self._playing_until = 0.0
            await self.push_frame(StopSpeakingFrame())

    async def _speak(self, turn_id: str, text: str) -> None:
        assert self._tts is not None
        first = True
        try:
            async for chunk in self._tts.stream(text):
                start = max(time.monotonic(), self._playing_until)
                self._playing_until = start + len(chunk) / BYTES_PER_SECOND
                await self.push_frame(
                    SpeechOutFrame(turn_id=turn_id, text=text, audio=chunk, first=first)
                )
                first = False
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("speech synthesis failed")
        await self.push_frame(SpeechOutFrame(turn_id=turn_id, text=text, last=True))
