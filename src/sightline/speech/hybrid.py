"""The embedded default: Whisper for the words, pocketsphinx for what it does better.

pocketsphinx decodes while the wearer talks (partials for the end-of-turn check, each agent's
reading as routing evidence) and stands in when Whisper fails; Whisper, robust in street
noise, gives the final words. Whisper starts on the audio at the first end-of-speech sign
(`speculate()`, the voice detector leaving "speaking"); if speech resumes the guess is dropped
(`resumed()`), and at `finish()` it is used when no more than `SPECULATION_SLACK_S` of audio
came after it (the detector's stop delay and the trailing quiet), else Whisper decodes again.

Which reading answers, per turn (`fuse`):

- Whisper sure (see `WhisperGate`): its words, with pocketsphinx's per-agent readings as
  routing evidence: the router weighs them by Bayes' rule (`EdgeRouter.decide_heard`), so a
  word Whisper misheard ("play some chess") is outvoted when one agent's model clearly heard
  its own phrasing, and that agent then acts on its own reading.
- Whisper unsure: the turn is unsure ("Sorry, say that again?"), whatever pocketsphinx wrote,
  except for a short confirmation reply ("confirm", "cancel", "yes") that pocketsphinx heard
  as the same word: two independent recognisers agreeing is the confidence a single word
  cannot earn from Whisper's token scores alone (a lone flite "confirm" scores -0.5 to -1.4).
- Whisper heard no speech: empty (nothing shown).
- Whisper failed (an error, not a low score): pocketsphinx's transcript and evidence, as
  before Whisper.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from sightline.errors import SightlineError
from sightline.speech.audio import BYTES_PER_SECOND, check_pcm, duration_s, pcm_to_samples
from sightline.speech.stt import (
    SpeechToText,
    SttCapabilities,
    SttStream,
    Transcript,
    transcribe_streamed,
)
from sightline.speech.whisper import FasterWhisperSTT
from sightline.speech.whisper_gate import CONFIRMATION_WORDS, routable_text
from sightline.speech.whisper_service import DecodeJob

if TYPE_CHECKING:
    from sightline.config import Settings

log = logging.getLogger(__name__)

AGREEMENT_MIN_CONFIDENCE = 0.2
"""Whisper's exp(avg_logprob) below which even an agreed confirmation word is unsure."""

SPECULATION_SLACK_S = 0.45
"""Audio after a speculative start that still counts as the same utterance (stop delay 0.2 s,
trailing quiet 0.1 s, chunking)."""


def fuse(whisper: Transcript | None, sphinx: Transcript | None) -> Transcript:
    """The turn's transcript from Whisper's gated reading and pocketsphinx's (module rule)."""
    if whisper is None:
        if sphinx is None:
            raise SightlineError("stt_failed", "no recogniser produced a transcript")
        return sphinx
    if sphinx is not None and whisper.unsure and agree_on_reply(whisper, sphinx):
        return replace(whisper, unsure=False, alternatives=sphinx.alternatives)
    if sphinx is None or whisper.unsure or not whisper.text:
        return whisper
    return replace(whisper, alternatives=sphinx.alternatives)


def agree_on_reply(whisper: Transcript, sphinx: Transcript) -> bool:
    """Whether both recognisers heard the same confirmation word, Whisper not far from sure."""
    confidence = whisper.confidence or 0.0
    if whisper.text not in CONFIRMATION_WORDS or confidence < AGREEMENT_MIN_CONFIDENCE:
        return False
    heard = routable_text(sphinx.text).split()
    return bool(heard) and heard[0].removesuffix("ed") == whisper.text.removesuffix("ed")


class HybridSTT(SpeechToText):
    """Whisper for the final words, pocketsphinx alongside (see the module docstring).

    Args:
        whisper: The Whisper recogniser (its model shared by the process).
        companion: pocketsphinx (mode "domain", per-agent models), or None for Whisper alone.
    """

    name = "whisper"
    capabilities = SttCapabilities(
        streaming=True, interim=True, languages=("en",), grammar=True, offline=True
    )

    def __init__(self, whisper: FasterWhisperSTT, companion: SpeechToText | None) -> None:
        self.whisper = whisper
        self.companion = companion

    async def load(self) -> None:
        """Load both recognisers (Whisper's model once per process)."""
        loads = [self.whisper.load()]
        if self.companion is not None:
            loads.append(self.companion.load())
        await asyncio.gather(*loads)

    def stream(self, language: str | None = None) -> HybridStream:
        """Start an utterance: pocketsphinx decodes as it arrives, Whisper at the end."""
        self.check_language(language)
        return HybridStream(self, language)

    async def transcribe(self, pcm: bytes, language: str | None = None) -> Transcript:
        """Recognise a whole utterance."""
        return await transcribe_streamed(self, pcm, language)

    async def aclose(self) -> None:
        """Stop pocketsphinx's process (the Whisper model stays for other users)."""
        if self.companion is not None:
            await self.companion.aclose()


class HybridStream(SttStream):
    """One utterance for `HybridSTT`."""

    def __init__(self, owner: HybridSTT, language: str | None) -> None:
        self._owner = owner
        self._sphinx = owner.companion.stream(language) if owner.companion else None
        self._audio = bytearray()
        self._guess: DecodeJob | None = None
        self._guess_bytes = 0
        self._done = False
        self.speculation_used = False

    async def feed(self, pcm: bytes) -> None:
        """Keep the audio; pocketsphinx decodes it now."""
        check_pcm(pcm, allow_empty=True)
        if self._done:
            raise SightlineError("stream_closed", "the utterance already finished")
        self._audio += pcm
        if self._sphinx is not None and pcm:
            try:
                await self._sphinx.feed(pcm)
            except SightlineError:
                log.exception("pocketsphinx failed; Whisper alone for this utterance")
                self._sphinx = None

    def speculate(self) -> None:
        """Start Whisper on the audio so far (the speech may have ended)."""
        if self._done or not self._audio:
            return
        self.resumed()
        whisper = self._owner.whisper
        samples = pcm_to_samples(bytes(self._audio))
        self._guess = whisper.service.submit(samples, whisper.prompt)
        self._guess_bytes = len(self._audio)

    def resumed(self) -> None:
        """Speech resumed: drop the speculative decode."""
        if self._guess is not None:
            self._guess.cancel()
            self._guess = None

    async def partial(self) -> Transcript | None:
        """pocketsphinx's hypothesis so far."""
        return await self._sphinx.partial() if self._sphinx is not None else None

    async def finish(self) -> Transcript:
        """Whisper's words (the speculative decode when still valid), gated and fused."""
        if self._done:
            raise SightlineError("stream_closed", "the utterance already finished")
        self._done = True
        if not self._audio:
            await self.cancel()
            raise SightlineError("empty_audio", "no audio in the utterance")
        started = time.perf_counter()
        sphinx_task = asyncio.ensure_future(self._finish_sphinx())
        whisper = await self._finish_whisper()
        sphinx = await sphinx_task
        result = fuse(whisper, sphinx)
        return replace(
            result,
            elapsed_ms=(time.perf_counter() - started) * 1000,
            audio_ms=duration_s(bytes(self._audio)) * 1000,
        )

    async def _finish_sphinx(self) -> Transcript | None:
        if self._sphinx is None:
            return None
        try:
            return await self._sphinx.finish()
        except SightlineError:
            log.exception("pocketsphinx failed")
            return None

    async def _finish_whisper(self) -> Transcript | None:
        whisper = self._owner.whisper
        slack = int(SPECULATION_SLACK_S * BYTES_PER_SECOND)
        job = self._guess
        self.speculation_used = job is not None and len(self._audio) - self._guess_bytes <= slack
        if job is None or not self.speculation_used:
            self.resumed()
            job = whisper.service.submit(pcm_to_samples(bytes(self._audio)), whisper.prompt)
        self._guess = None
        try:
            reading = await job.result()
        except Exception:
            log.exception("whisper failed; pocketsphinx answers this utterance")
            return None
        if reading is None:
            return None
        return whisper.gate.transcript(reading, f"whisper/{whisper.model_name}")

    async def cancel(self) -> None:
        """Drop the utterance (a queued Whisper decode is skipped)."""
        self._done = True
        self.resumed()
        if self._sphinx is not None:
            with contextlib.suppress(Exception):
                await self._sphinx.cancel()


def build_whisper(
    *,
    model: str | None = None,
    cpu_threads: int = 2,
    context_s: float = 10.0,
    beam_size: int = 4,
    agent_examples: Mapping[str, Sequence[str]] | None = None,
    companion: str = "pocketsphinx",
    cache_dir: Path | None = None,
    agent_models: bool = True,
    language_weight: float | None = None,
) -> SpeechToText:
    """The "whisper" back-end: Whisper with pocketsphinx alongside, or Whisper alone.

    Args:
        model: None for the bundled tiny.en; else a converted model's folder.
        cpu_threads: CTranslate2 threads per decode.
        context_s: Seconds of features the encoder sees.
        beam_size: Whisper's beam width.
        agent_examples: Example utterances by agent (prompt, pocketsphinx's models); None for
            the built-in agents'.
        companion: "pocketsphinx" (partials, routing evidence, fallback) or "none".
        cache_dir: pocketsphinx's model cache (needed with the companion).
        agent_models: pocketsphinx's per-agent passes.
        language_weight: pocketsphinx's domain language weight (None: its default).

    Raises:
        SightlineError: `bad_config` for an unknown companion or a missing `cache_dir`.
    """
    if agent_examples is None:
        from sightline.speech.agent_models import builtin_agent_examples

        agent_examples = builtin_agent_examples()
    whisper = FasterWhisperSTT(
        model, cpu_threads, context_s, beam_size=beam_size, agent_examples=agent_examples
    )
    if companion == "none":
        return whisper
    if companion != "pocketsphinx":
        raise SightlineError("bad_config", "whisper companion must be pocketsphinx or none")
    if cache_dir is None:
        raise SightlineError("bad_config", "the pocketsphinx companion needs a cache_dir")
    from sightline.speech.sphinx import PocketsphinxSTT
    from sightline.speech.sphinx_decoders import DOMAIN_LW

    sphinx = PocketsphinxSTT(
        cache_dir,
        agent_examples=agent_examples,
        agent_models=agent_models,
        mode="domain",
        language_weight=DOMAIN_LW if language_weight is None else language_weight,
    )
    return HybridSTT(whisper, sphinx)


def options_from_settings(
    settings: Settings, examples: Mapping[str, Sequence[str]] | None
) -> dict[str, object]:
    """`build_whisper`'s options from configuration (`examples`: by agent)."""
    return {
        "model": settings.stt_model,
        "cpu_threads": settings.stt_cpu_threads,
        "context_s": settings.stt_context_s,
        "beam_size": settings.stt_beam_size,
        "agent_examples": examples,
        "companion": settings.stt_companion,
        "cache_dir": settings.cache_dir,
        "agent_models": settings.stt_agent_models,
        "language_weight": settings.stt_language_weight,
    }
