"""The process-wide Whisper service: one loaded model, one decoding thread, shared by sessions.

Every session's recogniser asks the same service, so the model is loaded once per process and
decodes never compete for the two cores (CTranslate2 uses `cpu_threads` of them per decode).
A decode waiting in the queue whose result is no longer wanted (speech resumed after a
speculative start) is skipped when its turn comes.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from sightline.speech.audio import Samples
from sightline.speech.whisper_decode import WhisperDecoder, WhisperReading
from sightline.speech.whisper_model import load_whisper_model


@dataclass(frozen=True)
class WhisperSettings:
    """How the shared model is loaded and run.

    Attributes:
        model: None for the bundled tiny.en; else a converted model's folder.
        cpu_threads: CTranslate2 threads per decode.
        context_s: Seconds of features the encoder sees (30 as trained; 10 measured as good
            for commands at a third of the cost, docs/speech.md).
        language: The language of a multilingual model.
        beam_size: Beam width (1: greedy; 4 gained about 5 points of WER at 5 dB).
    """

    model: str | None = None
    cpu_threads: int = 2
    context_s: float = 10.0
    language: str = "en"
    beam_size: int = 4


class DecodeJob:
    """One queued decode; `cancel()` makes it skip if it has not started."""

    def __init__(self, future: Future[WhisperReading | None], cancelled: threading.Event) -> None:
        self._future = future
        self._cancelled = cancelled

    def cancel(self) -> None:
        """Drop the job (a running decode finishes, its result unused)."""
        self._cancelled.set()
        self._future.cancel()

    async def result(self) -> WhisperReading | None:
        """The reading (None if the job was skipped)."""
        return await asyncio.wrap_future(self._future)

    @property
    def done(self) -> bool:
        """Whether the decode has finished."""
        return self._future.done()


class WhisperService:
    """One decoder and its thread, for every session of the process (see `shared_service`)."""

    def __init__(self, settings: WhisperSettings) -> None:
        self.settings = settings
        self._decoder: WhisperDecoder | None = None
        self._load_lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="whisper")

    def decoder(self) -> WhisperDecoder:
        """The loaded decoder (blocking on first call: model files checked and loaded)."""
        with self._load_lock:
            if self._decoder is None:
                s = self.settings
                model = load_whisper_model(s.model, s.cpu_threads)
                self._decoder = WhisperDecoder(model, s.language, s.context_s, s.beam_size)
            return self._decoder

    async def load(self) -> None:
        """Load the model off the event loop."""
        await asyncio.wrap_future(self._pool.submit(self.decoder))

    def submit(self, samples: Samples, prompt: str = "") -> DecodeJob:
        """Queue a decode; returns at once."""
        cancelled = threading.Event()

        def run() -> WhisperReading | None:
            if cancelled.is_set():
                return None
            return self.decoder().decode(samples, prompt)

        return DecodeJob(self._pool.submit(run), cancelled)


_services: dict[WhisperSettings, WhisperService] = {}
_services_lock = threading.Lock()


def shared_service(
    settings: WhisperSettings, factory: Callable[[WhisperSettings], WhisperService] = WhisperService
) -> WhisperService:
    """The process's service for `settings` (created on first use, never loaded twice)."""
    with _services_lock:
        if settings not in _services:
            _services[settings] = factory(settings)
        return _services[settings]
