"""The end of the pipeline: the reply's speech out to the device, and barge-in stops."""

from __future__ import annotations

from typing import Protocol

from pipecat.frames.frames import Frame
from pipecat.processors.frame_processor import FrameDirection, FrameProcessor

from sightline.voice.speak import SpeechOutFrame, StopSpeakingFrame


class AudioSink(Protocol):
    """Where a session's speech goes: the device's connection, whichever is current."""

    async def send_speech(self, frame: SpeechOutFrame) -> None:
        """Play a chunk of speech (or close the turn's speech when `frame.last`)."""

    async def send_stop_speaking(self) -> None:
        """Stop playing speech now."""


class AudioOutputProcessor(FrameProcessor):
    """Sends the synthesised speech, and stops, to the device.

    Args:
        sink: The session's audio output.
    """

    def __init__(self, sink: AudioSink) -> None:
        super().__init__(name="audio-output")
        self._sink = sink

    async def process_frame(self, frame: Frame, direction: FrameDirection) -> None:
        """Send speech and stops; pass the rest on."""
        await super().process_frame(frame, direction)
        if isinstance(frame, SpeechOutFrame):
            await self._sink.send_speech(frame)
        elif isinstance(frame, StopSpeakingFrame):
            await self._sink.send_stop_speaking()
        else:
            await self.push_frame(frame, direction)
