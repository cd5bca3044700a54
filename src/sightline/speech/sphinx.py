"""The embedded recogniser: pocketsphinx with the agents' domain model, general as fallback."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

from sightline.errors import SightlineError
from sightline.speech.audio import check_pcm, duration_s
from sightline.speech.domain import DomainModel, build_domain_model, builtin_sentences
from sightline.speech.open_speech import OpenSpeechRule
from sightline.speech.sphinx_decoders import DOMAIN_LW, DecoderSet, make_decoder
from sightline.speech.sphinx_stream import SphinxStream
from sightline.speech.stt import SpeechToText, SttCapabilities, Transcript

MODES = ("auto", "domain", "general")
T = TypeVar("T")


class PocketsphinxSTT(SpeechToText):
    """pocketsphinx, decoding while the wearer talks (US English, offline).

    Modes: "auto" runs the domain pass and the general pass side by side and answers with the
    general transcript only for open speech (see `OpenSpeechRule`); "domain" runs the domain
    pass alone (about a third of the CPU); "general" the general model alone.

    Args:
        cache_dir: Where the generated domain model is cached (`speech/<fingerprint>/`).
        sentences: Utterances for the domain model; None for the built-in agents' examples.
            Pass every loaded agent's `examples` to include plugin agents.
        mode: "auto", "domain" or "general".
        max_streams: Utterances decoded at the same time (each holds its own decoders).
        language_weight: Language model weight of the domain pass.
        rule: The open-speech decision of mode "auto".
    """

    name = "pocketsphinx"
    capabilities = SttCapabilities(
        streaming=True, interim=True, languages=("en",), grammar=True, offline=True
    )

    def __init__(
        self,
        cache_dir: Path,
        sentences: Sequence[str] | None = None,
        mode: str = "auto",
        max_streams: int = 2,
        language_weight: float = DOMAIN_LW,
        rule: OpenSpeechRule | None = None,
    ) -> None:
        if mode not in MODES:
            raise SightlineError("bad_config", f"pocketsphinx mode must be one of {MODES}")
        self.mode = mode
        self._cache_dir = cache_dir
        self._sentences = list(sentences) if sentences is not None else None
        self._language_weight = language_weight
        self._rule = rule or OpenSpeechRule()
        self._executor = ThreadPoolExecutor(max(1, max_streams), thread_name_prefix="sphinx")
        self._slots = asyncio.Semaphore(max(1, max_streams))
        self._idle: list[DecoderSet] = []
        self._load_lock = asyncio.Lock()
        self.domain_model: DomainModel | None = None
        self._loaded = False

    async def load(self) -> None:
        """Build or find the domain model and one set of decoders (a few seconds the first
        time, about a second from the cache). Called on first use if not before."""
        async with self._load_lock:
            if self._loaded:
                return
            if self.mode != "general":
                sentences = self._sentences
                if sentences is None:
                    sentences = await self.run(builtin_sentences)
                self.domain_model = await self.run(build_domain_model, sentences, self._cache_dir)
            self._idle.append(await self.run(self._new_decoders))
            self._loaded = True

    def _new_decoders(self) -> DecoderSet:
        domain = general = None
        if self.mode != "general":
            domain = make_decoder(self.domain_model, self._language_weight)
        if self.mode != "domain":
            general = make_decoder(None, lattice=False)
        return DecoderSet(domain, general, self._rule)

    async def run(self, function: Callable[..., T], *args: object) -> T:
        """Run blocking work on this recogniser's worker threads."""
        return await asyncio.get_running_loop().run_in_executor(self._executor, function, *args)

    async def acquire(self) -> DecoderSet:
        """Take a set of decoders for one utterance (waits while `max_streams` are busy)."""
        await self.load()
        await self._slots.acquire()
        try:
            return self._idle.pop() if self._idle else await self.run(self._new_decoders)
        except BaseException:
            self._slots.release()
            raise

    def release(self, decoders: DecoderSet) -> None:
        """Give a set of decoders back after its utterance ended."""
        self._idle.append(decoders)
        self._slots.release()

    def stream(self, language: str | None = None) -> SphinxStream:
        """Start an utterance; decoding happens on each `feed()`."""
        self.check_language(language)
        return SphinxStream(self, language or "en")

    async def transcribe(self, pcm: bytes, language: str | None = None) -> Transcript:
        """Recognise a whole utterance (`elapsed_ms` is the whole decoding time here)."""
        check_pcm(pcm)
        started = time.perf_counter()
        async with self.stream(language) as utterance:
            await utterance.feed(pcm)
            result = await utterance.finish()
        elapsed = (time.perf_counter() - started) * 1000
        return replace(result, elapsed_ms=elapsed, audio_ms=duration_s(pcm) * 1000)

    async def aclose(self) -> None:
        """Stop the worker threads (decoders are freed with this object)."""
        self._executor.shutdown(wait=False, cancel_futures=True)
        self._idle.clear()
