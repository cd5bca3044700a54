"""The turn itself, inside the pipeline: a request in words becomes a reply to show and say."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from pipecat.frames.frames import Frame
from pipecat.processors.frame_processor import FrameDirection, FrameProcessor

from sightline.voice.frames import ReplyFrame, RequestFrame
from sightline.voice.not_heard import say_again

Responder = Callable[[RequestFrame], Awaitable[ReplyFrame | None]]
"""Runs one turn for a request (router, agents, the confirmation gate); None when there is
nothing to show (an empty transcript, say)."""


class RespondProcessor(FrameProcessor):
    """Hands each request to the session's responder and passes its reply on. A request the
    recogniser was unsure of gets "Sorry, say that again?" (`not_heard`) and runs no agent.

    Args:
        responder: The session's turn runner, bound to its state.
    """

    def __init__(self, responder: Responder) -> None:
        super().__init__(name="respond")
        self._respond = responder

    async def process_frame(self, frame: Frame, direction: FrameDirection) -> None:
        """Answer requests; pass every other frame on."""
        await super().process_frame(frame, direction)
        if isinstance(frame, RequestFrame):
            reply = say_again(frame) if frame.unsure else await self._respond(frame)
            if reply is not None:
                await self.push_frame(reply, direction)
        else:
            await self.push_frame(frame, direction)
