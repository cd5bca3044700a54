"""The pipeline's input side ends here: each final transcript leaves as an `Utterance`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from pipecat.frames.frames import Frame
from pipecat.processors.frame_processor import FrameDirection, FrameProcessor

from sightline.conversation.events import Utterance
from sightline.trace import TurnTrace
from sightline.voice.frames import RequestFrame

UtteranceSink = Callable[[Utterance], Awaitable[None]]
"""Where heard utterances go (the wearer's conversation, through the device session)."""


class UtteranceOutProcessor(FrameProcessor):
    """Hands each final transcript on as an `Utterance` (unsure ones marked so); nothing comes
    back through the pipeline: the conversation's answer reaches the speech stage as a
    `SpeakFrame` of its own.

    Args:
        utterances: Where utterances go.
    """

    def __init__(self, utterances: UtteranceSink) -> None:
        super().__init__(name="heard")
        self._utterances = utterances

    async def process_frame(self, frame: Frame, direction: FrameDirection) -> None:
        """Hand requests on; pass every other frame on."""
        await super().process_frame(frame, direction)
        if isinstance(frame, RequestFrame):
            utterance = Utterance(
                text=frame.text,
                alternatives=frame.alternatives,
                unsure=frame.unsure,
                trace=frame.trace or TurnTrace(),
            )
            await self._utterances(utterance)
        else:
            await self.push_frame(frame, direction)
