"""The embedded recogniser: pocketsphinx with the agents' domain model, general as fallback."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from sightline.errors import SightlineError
from sightline.speech.agent_models import build_agent_models, builtin_agent_examples
from sightline.speech.domain import DomainModel, build_domain_model
from sightline.speech.open_speech import OpenSpeechRule
from sightline.speech.sphinx_decoders import DOMAIN_LW
from sightline.speech.sphinx_stream import SphinxStream
from sightline.speech.sphinx_worker import DecoderRecipe, SphinxWorker
from sightline.speech.stt import SpeechToText, SttCapabilities, Transcript, transcribe_streamed

if TYPE_CHECKING:
    from sightline.config import Settings

MODES = ("auto", "domain", "general")
T = TypeVar("T")


class PocketsphinxSTT(SpeechToText):
    """pocketsphinx, decoding while the wearer talks (US English, offline).

    Modes: "auto" runs the domain pass while the wearer talks and the general pass at the end
    when the utterance may be open speech, answering with the general transcript only for
    open speech (see `OpenSpeechRule`, `DecoderSet`); "domain" runs the domain pass alone;
    "general" the general model alone. With `agent_models`, the audio is also decoded under
    each agent's own model, and every transcript carries each agent's reading as routing
    evidence (`Transcript.alternatives`). Decoding runs in a process of its own
    (`SphinxWorker`), so it does not hold up the event loop.

    Args:
        cache_dir: Where the generated models are cached (`speech/<fingerprint>/`).
        sentences: Utterances for the domain model; None for all of `agent_examples`.
        agent_examples: Example utterances by agent; None for the built-in agents'. Pass
            every loaded agent's `examples` to include plugin agents.
        agent_models: Decode once per agent too (about 0.23 of real time on one core).
        mode: "auto", "domain" or "general".
        max_streams: Utterances in progress at the same time (each holds its own decoders in
            the decoding process, which serves them in turn).
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
        agent_examples: Mapping[str, Sequence[str]] | None = None,
        agent_models: bool = True,
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
        self._agent_examples: dict[str, Sequence[str]] | None = None
        if agent_examples is not None:
            self._agent_examples = dict(agent_examples)
        self._wants_agent_models = agent_models
        self.agent_models: dict[str, DomainModel] = {}
        self._language_weight = language_weight
        self._rule = rule or OpenSpeechRule()
        self._slots = asyncio.Semaphore(max(1, max_streams))
        self._worker: SphinxWorker | None = None
        self._next_utterance = 0
        self._load_lock = asyncio.Lock()
        self.domain_model: DomainModel | None = None
        self._loaded = False

    async def load(self) -> None:
        """Build or find the domain model and one set of decoders (a few seconds the first
        time, about a second from the cache). Called on first use if not before."""
        async with self._load_lock:
            if self._loaded:
                return
            examples: Mapping[str, Sequence[str]]
            if self._agent_examples is not None:
                examples = self._agent_examples
            else:
                examples = await self.run(builtin_agent_examples)
            if self.mode != "general":
                sentences = self._sentences
                if sentences is None:
                    sentences = [text for texts in examples.values() for text in texts]
                self.domain_model = await self.run(build_domain_model, sentences, self._cache_dir)
            if self._wants_agent_models:
                self.agent_models = await self.run(build_agent_models, examples, self._cache_dir)
            self._worker = SphinxWorker(self._recipe())
            await self._worker.warm()
            self._loaded = True

    @property
    def worker(self) -> SphinxWorker | None:
        """The decoding process's handle, once loaded."""
        return self._worker

    def _recipe(self) -> DecoderRecipe:
        return DecoderRecipe(
            domain=self.domain_model if self.mode != "general" else None,
            general=self.mode != "domain",
            agents=dict(self.agent_models),
            language_weight=self._language_weight,
            rule=self._rule,
        )

    async def run(self, function: Callable[..., T], *args: object) -> T:
        """Run blocking work (model building) on a worker thread."""
        return await asyncio.to_thread(function, *args)

    async def acquire(self) -> tuple[SphinxWorker, int]:
        """Reserve decoding for one utterance (waits while `max_streams` are busy).

        Returns:
            The decoding process and the utterance's id there.
        """
        await self.load()
        await self._slots.acquire()
        assert self._worker is not None
        self._next_utterance += 1
        return self._worker, self._next_utterance

    def release(self) -> None:
        """Free the slot of an utterance that ended."""
        self._slots.release()

    def stream(self, language: str | None = None) -> SphinxStream:
        """Start an utterance; decoding happens on each `feed()`."""
        self.check_language(language)
        return SphinxStream(self, language or "en")

    async def transcribe(self, pcm: bytes, language: str | None = None) -> Transcript:
        """Recognise a whole utterance (`elapsed_ms` is the whole decoding time here)."""
        return await transcribe_streamed(self, pcm, language)

    async def aclose(self) -> None:
        """Stop the decoding process."""
        if self._worker is not None:
            await self._worker.aclose()


def options_from_settings(
    settings: Settings, examples: Mapping[str, Sequence[str]] | None
) -> dict[str, object]:
    """`PocketsphinxSTT`'s options from configuration (`examples`: by agent)."""
    return {
        "cache_dir": settings.cache_dir,
        "agent_examples": examples,
        "agent_models": settings.stt_agent_models,
        "mode": settings.stt_mode,
        "language_weight": settings.stt_language_weight,
    }
