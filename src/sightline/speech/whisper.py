"""Whisper through faster-whisper (CTranslate2): the embedded recogniser that holds in noise.

By default the model is the bundled tiny.en (`sightline.speech.whisper_model`), loaded once
per process and decoded on the shared service's thread (`sightline.speech.whisper_service`).
Every transcript is gated (`sightline.speech.whisper_gate`): Whisper writes fluent text even
for noise, so a reading it is unsure of is marked `unsure` rather than passed on as words.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence

from sightline.errors import SightlineError
from sightline.speech.audio import check_pcm, duration_s, pcm_to_samples
from sightline.speech.stt import SpeechToText, SttCapabilities, Transcript
from sightline.speech.whisper_gate import WhisperGate, vocabulary_prompt
from sightline.speech.whisper_service import WhisperService, WhisperSettings, shared_service


class FasterWhisperSTT(SpeechToText):
    """Whisper, a whole utterance at a time, on the process's shared decoding thread.

    Args:
        model: None for the bundled tiny.en (checked by SHA-256); else a converted model's
            folder or a size name already in the local Hugging Face cache (never downloaded).
        cpu_threads: CTranslate2 threads per decode.
        context_s: Seconds of features the encoder sees (30 as Whisper was trained).
        beam_size: Beam width (1: greedy).
        language: The language of a multilingual model.
        agent_examples: Example utterances by agent; a few of each make the decoding prompt
            (the agents' vocabulary). None or empty: no prompt.
        prompt: The prompt itself, instead of one built from `agent_examples`.
        gate: When a reading counts as unsure or as no speech.
        service: The decoding service (default: the process-wide one for these settings).

    Raises:
        SightlineError: `model_checksum`, `stt_failed` or `backend_missing` at `load()`.
    """

    name = "whisper"
    capabilities = SttCapabilities(
        streaming=False, interim=False, languages=None, grammar=True, offline=True
    )

    def __init__(
        self,
        model: str | None = None,
        cpu_threads: int = 2,
        context_s: float = 10.0,
        language: str = "en",
        beam_size: int = 4,
        agent_examples: Mapping[str, Sequence[str]] | None = None,
        prompt: str | None = None,
        gate: WhisperGate | None = None,
        service: WhisperService | None = None,
    ) -> None:
        settings = WhisperSettings(model, cpu_threads, context_s, language, beam_size)
        self.service = service or shared_service(settings)
        self.model_name = model or "tiny.en"
        self.prompt = prompt if prompt is not None else vocabulary_prompt(agent_examples or {})
        self.gate = (gate or WhisperGate()).priming(self.prompt)

    async def load(self) -> None:
        """Check and load the model (about a second; once per process)."""
        await self.service.load()

    async def transcribe(self, pcm: bytes, language: str | None = None) -> Transcript:
        """Recognise one utterance (see `SpeechToText.transcribe`)."""
        check_pcm(pcm)
        started = time.perf_counter()
        reading = await self.service.submit(pcm_to_samples(pcm), self.prompt).result()
        if reading is None:  # only a cancelled job has none
            raise SightlineError("stt_failed", "whisper decode was cancelled")
        transcript = self.gate.transcript(reading, f"whisper/{self.model_name}")
        elapsed = (time.perf_counter() - started) * 1000
        return _timed(transcript, elapsed, duration_s(pcm) * 1000)


def _timed(transcript: Transcript, elapsed_ms: float, audio_ms: float) -> Transcript:
    from dataclasses import replace

    return replace(transcript, elapsed_ms=elapsed_ms, audio_ms=audio_ms)
