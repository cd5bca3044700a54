"""One utterance through pocketsphinx: decoded chunk by chunk while the wearer talks."""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING, Protocol

from sightline.errors import SightlineError
from sightline.speech.audio import BYTES_PER_SECOND, check_pcm
from sightline.speech.stt import SttStream, Transcript

if TYPE_CHECKING:
    from sightline.speech.sphinx_worker import SphinxWorker


class WorkerLease(Protocol):
    """What a stream needs of its recogniser (`PocketsphinxSTT`): a decoding process lent
    for one utterance, and the recogniser's mode for the transcript's model name."""

    mode: str

    async def acquire(self) -> tuple[SphinxWorker, int]:
        """Borrow the decoding process for a new utterance (its id in the process)."""
        ...

    def release(self) -> None:
        """Give the decoding process back."""
        ...


class SphinxStream(SttStream):
    """An utterance holding a set of decoders from its first chunk until it ends.

    Each `feed()` decodes its chunk in the decoding process, so at `finish()` only the end of
    utterance is left (a few milliseconds to tens of milliseconds).
    """

    def __init__(self, stt: WorkerLease, language: str) -> None:
        self._stt = stt
        self._language = language
        self._decoding: tuple[SphinxWorker, int] | None = None
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
            if self._decoding is None:
                worker, utterance = await self._stt.acquire()
                try:
                    await worker.start(utterance)
                except BaseException:
                    self._stt.release()
                    raise
                self._decoding = (worker, utterance)
            worker, utterance = self._decoding
            await worker.process(utterance, pcm)
            self._bytes += len(pcm)

    async def partial(self) -> Transcript | None:
        """The first pass's hypothesis so far, with each agent's reading so far."""
        async with self._lock:
            if self._decoding is None or self._done:
                return None
            worker, utterance = self._decoding
            result = await worker.partial(utterance)
        if result is None:
            return None
        return Transcript(
            result.text,
            None,
            self._language,
            is_final=False,
            model=f"pocketsphinx/{self._stt.mode}",
            alternatives=result.alternatives,
        )

    async def finish(self) -> Transcript:
        """End the utterance; `elapsed_ms` is the time from this call to the transcript."""
        started = time.perf_counter()
        async with self._lock:
            if self._done:
                raise SightlineError("stream_closed", "the utterance already finished")
            self._done = True
            decoding, self._decoding = self._decoding, None
            if decoding is None:
                raise SightlineError("empty_audio", "no audio: the utterance has zero samples")
            worker, utterance = decoding
            try:
                result = await worker.end(utterance)
            except RuntimeError as error:
                raise SightlineError("stt_failed", f"pocketsphinx failed: {error}") from error
            finally:
                self._stt.release()
        return Transcript(
            text=result.text,
            confidence=result.confidence,
            language=self._language,
            model=f"pocketsphinx/{result.source}",
            elapsed_ms=(time.perf_counter() - started) * 1000,
            audio_ms=self._bytes / BYTES_PER_SECOND * 1000,
            alternatives=result.alternatives,
        )

    async def cancel(self) -> None:
        """Drop the utterance and give its decoders back."""
        async with self._lock:
            self._done = True
            decoding, self._decoding = self._decoding, None
            if decoding is not None:
                worker, utterance = decoding
                try:
                    await worker.abort(utterance)
                finally:
                    self._stt.release()
