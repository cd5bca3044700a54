"""The one way a frame leaves the hub: through the cloud model, faces blurred, on the record.

`FaceBlurringChat` wraps the configured chat model (the cloud router's and the assistant's):
every image attached to a message is face-blurred before the inner model sends it, and models
without vision get no image at all. What left is noted in the current turn's egress log
(`egress_log`), which the turn runner copies into the turn's trace.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import replace
from typing import Any

from sightline.llm.base import ChatMessage, ChatModel, ChatResult, ImagePart, ToolSchema
from sightline.privacy.blur import blur_faces
from sightline.privacy.faces import FaceDetector

MAX_SIDE = 1280
"""Frames are shrunk to at most this many pixels on the longer side before they are sent."""

_LOG: ContextVar[list[dict[str, Any]] | None] = ContextVar("sightline_egress", default=None)


@contextlib.contextmanager
def egress_log() -> Iterator[list[dict[str, Any]]]:
    """Collect what leaves the hub while the block runs (one turn): one entry per image."""
    sent: list[dict[str, Any]] = []
    token = _LOG.set(sent)
    try:
        yield sent
    finally:
        _LOG.reset(token)


def begin_egress_log() -> list[dict[str, Any]]:
    """Start a fresh egress log for the turn about to run in this context; return it."""
    sent: list[dict[str, Any]] = []
    _LOG.set(sent)
    return sent


class FaceBlurringChat(ChatModel):
    """A chat model whose outgoing images have their faces blurred first.

    Args:
        inner: The model that talks to the endpoint.
        detector: The face detector; the shared Haar detector by default.
    """

    def __init__(self, inner: ChatModel, detector: FaceDetector | None = None) -> None:
        self.inner = inner
        self.name = inner.name
        self.vision = inner.vision
        self._detector = detector

    async def complete(
        self,
        messages: list[ChatMessage],
        tools: list[ToolSchema] | None = None,
        timeout_s: float | None = None,
    ) -> ChatResult:
        """Blur the faces in every attached image, then ask the inner model."""
        cleaned = [await self._clean(message) for message in messages]
        return await self.inner.complete(cleaned, tools, timeout_s)

    async def _clean(self, message: ChatMessage) -> ChatMessage:
        if not message.images:
            return message
        if not self.vision:
            return replace(message, images=())
        images = []
        for image in message.images:
            blurred = await asyncio.to_thread(blur_faces, image.data, self._detector, MAX_SIDE)
            images.append(ImagePart(blurred.data, blurred.media_type))
            sent = _LOG.get()
            if sent is not None:
                sent.append({**blurred.trace(), "to": self.name})
        return replace(message, images=tuple(images))
