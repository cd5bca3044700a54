"""The perception stage: one camera frame in, a `Scene` out, the CPU work off the event loop."""

from __future__ import annotations

import asyncio
import hashlib
import os
from collections import OrderedDict
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass, replace
from types import TracebackType

from sightline.perception.codes import MAX_SIDE, detect_codes
from sightline.perception.focus import pick_focus
from sightline.perception.images import MAX_IMAGE_BYTES, MAX_IMAGE_PIXELS, decode_image
from sightline.perception.ocr import TextReader, shared_text_reader
from sightline.scene import Scene, SceneItem

_INLINE_HASH_BYTES = 1 << 20


@dataclass(frozen=True)
class _Seen:
    """What one frame held: cached by the hash of its bytes."""

    media_type: str
    size: tuple[int, int]
    codes: tuple[SceneItem, ...]
    text: tuple[SceneItem, ...] | None = None


class Perception:
    """Turns camera frames into scenes: decoded codes, optionally text, and the item in focus.

    Results are cached by a hash of the frame's bytes (a small LRU), so the same frame sent
    again (a repeated question, a retry) costs nothing; text found once is kept for the frame.

    Args:
        executor: Where the CPU work runs. None: a pool of up to two threads owned (and shut
            down by `close`) by this object.
        text_reader: The OCR engine; None uses the process-wide one (`read_text`'s), whose
            models load on the first text request.
        cache_size: Frames remembered.
        max_bytes: Larger encoded frames are refused (`image_too_large`).
        max_pixels: Larger frames are refused (`image_too_large`).
    """

    def __init__(
        self,
        executor: Executor | None = None,
        *,
        text_reader: TextReader | None = None,
        cache_size: int = 16,
        max_bytes: int = MAX_IMAGE_BYTES,
        max_pixels: int = MAX_IMAGE_PIXELS,
    ) -> None:
        self._owned = executor is None
        self._executor: Executor = executor or ThreadPoolExecutor(
            max_workers=min(2, os.cpu_count() or 1), thread_name_prefix="sightline-perception"
        )
        self._reader = text_reader or shared_text_reader()
        self._cache: OrderedDict[bytes, _Seen] = OrderedDict()
        self._cache_size = max(cache_size, 0)
        self._max_bytes = max_bytes
        self._max_pixels = max_pixels
        self.hits = 0
        """Requests answered from the cache (for tests and metrics)."""

    async def perceive(
        self,
        image: bytes,
        gaze: tuple[float, float] | None = None,
        want_text: bool = False,
    ) -> Scene:
        """Decode a frame and find what is in it.

        Args:
            image: The encoded frame (JPEG, PNG or WebP).
            gaze: The gaze point in the frame's pixels, when known.
            want_text: Also read printed text (slow: about half a second).

        Returns:
            The scene: the frame, its media type, codes (then text lines) with boxes in the
            frame's full-size pixels, the gaze, and the index of the item in focus.

        Raises:
            SightlineError: `bad_image` (not a readable JPEG, PNG or WebP) or
                `image_too_large` (over `max_bytes` or `max_pixels`).
        """
        loop = asyncio.get_running_loop()
        if len(image) <= _INLINE_HASH_BYTES:
            key = _digest(image)
        else:
            key = await loop.run_in_executor(self._executor, _digest, image)
        seen = self._cached(key)
        if seen is None or (want_text and seen.text is None):
            seen = await loop.run_in_executor(self._executor, self._analyse, image, want_text, seen)
            self._store(key, seen)
        else:
            self.hits += 1
        items = (seen.codes + (seen.text or ())) if want_text else seen.codes
        return Scene(
            image=image,
            media_type=seen.media_type,
            items=items,
            gaze=gaze,
            focus=pick_focus(items, gaze, seen.size),
        )

    def close(self) -> None:
        """Shut down the thread pool if this object created it."""
        if self._owned:
            self._executor.shutdown(wait=False, cancel_futures=True)

    async def __aenter__(self) -> Perception:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _analyse(self, data: bytes, want_text: bool, seen: _Seen | None) -> _Seen:
        """Decode and look (runs in the executor); reuses the codes of a cached frame."""
        frame = decode_image(
            data, min_side=MAX_SIDE, max_bytes=self._max_bytes, max_pixels=self._max_pixels
        )
        if seen is None:
            codes = tuple(_rescaled(detect_codes(frame.image), frame.scale))
            seen = _Seen(media_type=frame.media_type, size=frame.size, codes=codes)
        if want_text:
            text = tuple(_rescaled(self._reader.read(frame.image), frame.scale))
            seen = replace(seen, text=text)
        return seen

    def _cached(self, key: bytes) -> _Seen | None:
        seen = self._cache.get(key)
        if seen is not None:
            self._cache.move_to_end(key)
        return seen

    def _store(self, key: bytes, seen: _Seen) -> None:
        if self._cache_size == 0:
            return
        earlier = self._cache.get(key)
        if earlier is not None and seen.text is None and earlier.text is not None:
            seen = replace(seen, text=earlier.text)  # a concurrent request read the text
        self._cache[key] = seen
        self._cache.move_to_end(key)
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def _rescaled(items: list[SceneItem], scale: float) -> list[SceneItem]:
    if scale == 1.0:
        return items
    rescaled = []
    for item in items:
        left, top, right, bottom = item.box
        box = (left * scale, top * scale, right * scale, bottom * scale)
        rescaled.append(replace(item, box=box))
    return rescaled
