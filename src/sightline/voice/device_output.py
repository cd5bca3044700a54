"""The end of the pipeline: cards, speech and control out to the device, stamping the trace."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from pipecat.frames.frames import Frame
from pipecat.processors.frame_processor import FrameDirection, FrameProcessor

from sightline.voice.frames import ReplyFrame
from sightline.voice.speak import SpeechOutFrame, StopSpeakingFrame

if TYPE_CHECKING:
    from sightline.turn_result import TurnResult


class DeviceSink(Protocol):
    """Where a session's output goes: the device's connection, whichever is current."""

    async def send_card(self, result: TurnResult) -> None:
        """Show the turn's card."""

    async def send_speech(self, frame: SpeechOutFrame) -> None:
        """Play a chunk of speech (or close the turn's speech when `frame.last`)."""

    async def send_stop_speaking(self) -> None:
        """Stop playing speech now."""

    async def send_trace(self, result: TurnResult, transcript: str | None) -> None:
        """Report the turn's stage timings (also recorded as metrics)."""


class DeviceOutputProcessor(FrameProcessor):
    """Sends what the pipeline produced to the device.

    Args:
        sink: The session's output.
        speaks: Whether speech follows the cards (the trace then waits for the first audio).
    """

    def __init__(self, sink: DeviceSink, *, speaks: bool) -> None:
        super().__init__(name="device-output")
        self._sink = sink
        self._speaks = speaks
        self._open: dict[str, tuple[TurnResult, str | None]] = {}

    async def process_frame(self, frame: Frame, direction: FrameDirection) -> None:
        """Send replies, speech and stops; pass the rest on."""
        await super().process_frame(frame, direction)
        if isinstance(frame, ReplyFrame):
            await self._reply(frame)
        elif isinstance(frame, SpeechOutFrame):
            await self._speech(frame)
        elif isinstance(frame, StopSpeakingFrame):
            await self._sink.send_stop_speaking()
            for result, transcript in self._open.values():
                await self._sink.send_trace(result, transcript)
            self._open.clear()
        else:
            await self.push_frame(frame, direction)

    async def _reply(self, frame: ReplyFrame) -> None:
        result: TurnResult = frame.result
        await self._sink.send_card(result)
        result.trace.mark("card_sent")
        if self._speaks and result.reply.speech.strip():
            self._open[result.trace.turn_id] = (result, frame.transcript)
        else:
            await self._sink.send_trace(result, frame.transcript)

    async def _speech(self, frame: SpeechOutFrame) -> None:
        await self._sink.send_speech(frame)
        opened = self._open.get(frame.turn_id)
        if opened is None:
            return
        result, transcript = opened
        if frame.first:
            result.trace.mark("first_audio_sent")
        if frame.first or frame.last:
            del self._open[frame.turn_id]
            await self._sink.send_trace(result, transcript)
