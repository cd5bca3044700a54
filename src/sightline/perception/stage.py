"""The perception stage: one camera frame in, a `Scene` out, the CPU work off the event loop."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from types import TracebackType

from sightline.errors import SightlineError
from sightline.perception.codes import MAX_SIDE, detect_codes
from sightline.perception.focus import pick_focus
from sightline.perception.images import MAX_IMAGE_BYTES, MAX_IMAGE_PIXELS, decode_image
from sightline.perception.ocr import TextReader, shared_text_reader
from sightline.perception.workers import frame_workers
from sightline.scene import Scene, SceneItem

_INLINE_HASH_BYTES = 1 << 20
OUT_OF_MEMORY = ("image_too_large", "looking at the image needs more memory than a frame may use")


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
            down by `close`) by this object. A process pool (`Perception.isolated`): each
            worker process uses its own process-wide OCR engine.
        text_reader: The OCR engine in threads; None uses the process-wide one
            (`read_text`'s), whose models load on the first text request.
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
        self._isolated = isinstance(self._executor, ProcessPoolExecutor)
        self._new_pool: Callable[[], Executor] | None = None
        self._workers = 1
        self._reader = text_reader or shared_text_reader()
        self._cache: OrderedDict[bytes, _Seen] = OrderedDict()
        self._cache_size = max(cache_size, 0)
        self._max_bytes = max_bytes
        self._max_pixels = max_pixels
        self.hits = 0
        """Requests answered from the cache (for tests and metrics)."""

    @classmethod
    def isolated(
        cls,
        workers: int,
        memory_mb: int,
        *,
        cache_size: int = 16,
        max_pixels: int = MAX_IMAGE_PIXELS,
    ) -> Perception:
        """Perception in `workers` worker processes, each capped at `memory_mb` beyond its
        models (`perception.workers`); the pool is shut down by `close`."""
        perception = cls(
            frame_workers(workers, memory_mb), cache_size=cache_size, max_pixels=max_pixels
        )
        perception._owned = True
        perception._new_pool = lambda: frame_workers(workers, memory_mb)
        perception._workers = workers
        return perception

    async def warm(self) -> None:
        """Start the frame workers now (each loads its models, about a second), so the first
        frame does not wait for them; nothing to do in threads."""
        if not self._isolated:
            return
        loop = asyncio.get_running_loop()
        ready = [loop.run_in_executor(self._executor, _ready) for _ in range(self._workers)]
        try:
            await asyncio.gather(*ready)
        except Exception:
            logging.getLogger(__name__).exception("starting the frame workers failed")

    async def perceive(
        self,
        image: bytes,
        gaze: tuple[float, float] | None = None,
        want_text: bool = False,
        max_pixels: int | None = None,
    ) -> Scene:
        """Decode a frame and find what is in it.

        Args:
            image: The encoded frame (JPEG, PNG or WebP).
            gaze: The gaze point in the frame's pixels, when known.
            want_text: Also read printed text (slow: about half a second).
            max_pixels: A lower pixel limit for this frame (the device's display profile's).

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
            seen = await self._analyse(image, want_text, seen, max_pixels)
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

    async def _analyse(
        self, data: bytes, want_text: bool, seen: _Seen | None, max_pixels: int | None
    ) -> _Seen:
        """Decode and look in the executor; reuses the codes of a cached frame."""
        loop = asyncio.get_running_loop()
        limits = (self._max_bytes, min(self._max_pixels, max_pixels or self._max_pixels))
        if not self._isolated:
            return await loop.run_in_executor(
                self._executor, analyse, data, want_text, seen, limits, self._reader
            )
        try:
            outcome = await loop.run_in_executor(
                self._executor, analyse_isolated, data, want_text, seen, limits
            )
        except BrokenProcessPool:
            if self._new_pool is None:
                raise
            self._executor = self._replace_pool()
            raise SightlineError("bad_image", "decoding the image failed") from None
        if isinstance(outcome, _Seen):
            return outcome
        raise SightlineError(*outcome)

    def _replace_pool(self) -> Executor:
        """A worker died (a decoder crash): a fresh pool of the same shape for what follows."""
        self._executor.shutdown(wait=False, cancel_futures=True)
        assert self._new_pool is not None
        return self._new_pool()

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


def analyse(
    data: bytes,
    want_text: bool,
    seen: _Seen | None,
    limits: tuple[int, int],
    reader: TextReader | None = None,
) -> _Seen:
    """Decode a frame and read its codes (and text when wanted); reuses a cached frame's codes.

    Args:
        data: The encoded frame.
        want_text: Also read printed text.
        seen: What an earlier look at the same frame found (its codes are kept).
        limits: The most encoded bytes and pixels accepted.
        reader: The OCR engine; None: this process's shared one.

    Raises:
        SightlineError: `bad_image` or `image_too_large`.
    """
    max_bytes, max_pixels = limits
    frame = decode_image(data, min_side=MAX_SIDE, max_bytes=max_bytes, max_pixels=max_pixels)
    if seen is None:
        codes = tuple(_rescaled(detect_codes(frame.image), frame.scale))
        seen = _Seen(media_type=frame.media_type, size=frame.size, codes=codes)
    if want_text:
        text = (reader or shared_text_reader()).read(frame.image)
        seen = replace(seen, text=tuple(_rescaled(text, frame.scale)))
    return seen


def analyse_isolated(
    data: bytes, want_text: bool, seen: _Seen | None, limits: tuple[int, int]
) -> _Seen | tuple[str, str]:
    """`analyse` in a frame worker: a refusal comes back as (code, message); running out of the
    worker's memory cap is `image_too_large`, any other failure `bad_image`."""
    try:
        return analyse(data, want_text, seen, limits)
    except SightlineError as error:
        return error.code, error.message
    except MemoryError:
        return OUT_OF_MEMORY
    except Exception as exc:  # the OCR runtime reports its failed allocations as its own errors
        if "bad_alloc" in str(exc):
            return OUT_OF_MEMORY
        return "bad_image", f"reading the image failed ({type(exc).__name__})"


def _ready() -> None:
    """A no-op run in a frame worker: it is started and its models are loaded."""


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
