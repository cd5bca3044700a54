"""The latest camera frame of a device and what perception found in it.

Codes are read as soon as a frame arrives (tens of milliseconds); printed text, which takes
about half a second, is read afterwards in the background, so a question asked a moment later
finds it ready and no turn waits for it.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable

from sightline.cards.profiles import get_profile
from sightline.perception import Perception
from sightline.scene import Scene

log = logging.getLogger(__name__)

FRESH_S = 30.0


def camera_pixels(display_profile: str) -> int | None:
    """The camera frame limit of a display profile's devices (None: an unknown profile)."""
    try:
        return get_profile(display_profile).camera_max_pixels
    except ValueError:
        return None


class Camera:
    """One device's view.

    Args:
        perception: The hub's perception stage (shared by all sessions).
        fresh_s: Frames older than this are not used for a turn.
        max_pixels: The device's limit on a frame's pixels (None: the hub's).
    """

    def __init__(
        self, perception: Perception, fresh_s: float = FRESH_S, max_pixels: int | None = None
    ) -> None:
        self._perception = perception
        self.max_pixels = max_pixels
        """The device's own limit on a frame's pixels (its display profile's), if lower."""
        self._fresh_s = fresh_s
        self._image: bytes | None = None
        self._received = 0.0
        self._text_ready = False
        self._reading: asyncio.Task[None] | None = None
        self.on_text: Callable[[Scene], None] | None = None
        """Called with the scene once a frame's text is read (memory records moments)."""

    async def frame(self, image: bytes, gaze: tuple[float, float] | None) -> Scene:
        """Take a new frame: read its codes now, its text in the background.

        Raises:
            SightlineError: `bad_image` or `image_too_large`; the previous frame is kept.
        """
        scene = await self._perception.perceive(image, gaze, max_pixels=self.max_pixels)
        self._image, self._received, self._text_ready = image, time.monotonic(), False
        if self._reading is not None:
            self._reading.cancel()
        self._reading = asyncio.create_task(self._read_text(image))
        return scene

    async def scene(self, gaze: tuple[float, float] | None) -> Scene | None:
        """What is in view now, focused on the gaze; None without a fresh frame."""
        if self._image is None or time.monotonic() - self._received > self._fresh_s:
            return None
        return await self._perception.perceive(
            self._image, gaze, want_text=self._text_ready, max_pixels=self.max_pixels
        )

    def close(self) -> None:
        """Stop background reading."""
        if self._reading is not None:
            self._reading.cancel()

    async def _read_text(self, image: bytes) -> None:
        try:
            scene = await self._perception.perceive(
                image, None, want_text=True, max_pixels=self.max_pixels
            )
        except Exception:
            log.exception("reading text failed")
            return
        if image is self._image:
            self._text_ready = True
            if self.on_text is not None:
                self.on_text(scene)
