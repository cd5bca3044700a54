"""One utterance through pocketsphinx: decoded chunk by chunk while the wearer talks."""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING

from sightline.errors import SightlineError
from sightline.speech.audio import BYTES_PER_SECOND, check_pcm
from sightline.speech.sphinx_decoders import DecoderSet
from sightline.speech.stt import SttStream, Transcript

if TYPE_CHECKING:
    from sightline.speech.sphinx import PocketsphinxSTT


class SphinxStream(SttStream):
    """An utterance holding a set of decoders from its first chunk until it ends.

    Each `feed()` decodes its chunk on a worker thread, so at `finish()` only the end of
    utterance is left (a few milliseconds to tens of milliseconds).
    """

    def __init__(self, stt: PocketsphinxSTT, language: str) -> None:
        self._stt = stt
        self._language = language
        self._decoders: DecoderSet | None = None
        self._bytes = 0
        self._done = False
        self._lock = asyncio.Lock()

    async def feed(self, pcm: bytes) -> None:
        """Decode a chunk (16 kHz 16-bit mono PCM)."""
        check_pcm(pcm, allow_empty=True)
        async with self._lock:
            if self._done:
                raise SightlineError("stream_closed", "the utterance already finished")
            if not pcm:
                return
            if self._decoders is None:
                self._decoders = await self._stt.acquire()
                await self._stt.run(self._decoders.start)
            await self._stt.run(self._decoders.process, pcm)
            self._bytes += len(pcm)

    async def partial(self) -> Transcript | None:
        """The domain pass's hypothesis so far."""
        async with self._lock:
            if self._decoders is None or self._done:
                return None
            text = await self._stt.run(self._decoders.partial)
        return Transcript(
            text, None, self._language, is_final=False, model=f"pocketsphinx/{self._stt.mode}"
        )

    async def finish(self) -> Transcript:
        """End the utterance; `elapsed_ms` is the time from this call to the transcript."""
        started = time.perf_counter()
        async with self._lock:
            if self._done:
                raise SightlineError("stream_closed", "the utterance already finished")
            self._done = True
            decoders, self._decoders = self._decoders, None
            if decoders is None:
                raise SightlineError("empty_audio", "no audio: the utterance has zero samples")
            try:
                result = await self._stt.run(decoders.end)
            except RuntimeError as error:
                await self._stt.run(decoders.abort)
                raise SightlineError("stt_failed", f"pocketsphinx failed: {error}") from error
            finally:
                self._stt.release(decoders)
        return Transcript(
            text=result.text,
            confidence=result.confidence,
            language=self._language,
            model=f"pocketsphinx/{result.source}",
            elapsed_ms=(time.perf_counter() - started) * 1000,
            audio_ms=self._bytes / BYTES_PER_SECOND * 1000,
        )

    async def cancel(self) -> None:
        """Drop the utterance and give its decoders back."""
        async with self._lock:
            self._done = True
            decoders, self._decoders = self._decoders, None
            if decoders is not None:
                try:
                    await self._stt.run(decoders.abort)
                finally:
                    self._stt.release(decoders)
