"""faster-whisper (CTranslate2 Whisper): multilingual, robust in noise; extra `whisper`."""

from __future__ import annotations

import asyncio
import math
import time
from pathlib import Path
from typing import Any

from sightline.errors import SightlineError
from sightline.speech.audio import check_pcm, duration_s, pcm_to_samples
from sightline.speech.extras import require_module
from sightline.speech.stt import SpeechToText, SttCapabilities, Transcript


class FasterWhisperSTT(SpeechToText):
    """Whisper through faster-whisper, a whole utterance at a time, on a worker thread.

    Args:
        model: A model size ("tiny.en", "base", "small", "large-v3", …) or a converted model's
            folder.
        device: "cpu", "cuda" or "auto".
        compute_type: CTranslate2 quantisation, e.g. "int8" on CPU, "float16" on GPU.
        language: Default language (None: detected per utterance).
        beam_size: Beam width (1 is greedy and fastest).
        cpu_threads: Threads for CPU inference.
        download_root: Where model files are looked for (and downloaded to, if allowed).
        local_files_only: Never download: the model must already be in `download_root` or the
            Hugging Face cache (the default; set False to fetch it on first use).

    Raises:
        SightlineError: `backend_missing` without the `whisper` extra; `stt_failed` when the
            model cannot be loaded.
    """

    name = "whisper"
    capabilities = SttCapabilities(
        streaming=False, interim=False, languages=None, grammar=False, offline=True
    )

    def __init__(
        self,
        model: str = "base.en",
        device: str = "cpu",
        compute_type: str = "int8",
        language: str | None = None,
        beam_size: int = 1,
        cpu_threads: int = 1,
        download_root: Path | None = None,
        local_files_only: bool = True,
    ) -> None:
        faster_whisper = require_module("faster_whisper", "whisper")
        try:
            self._model: Any = faster_whisper.WhisperModel(
                model,
                device=device,
                compute_type=compute_type,
                cpu_threads=cpu_threads,
                download_root=str(download_root) if download_root else None,
                local_files_only=local_files_only,
            )
        except Exception as error:  # any load failure: one clear code
            raise SightlineError("stt_failed", f"whisper model {model!r}: {error}") from error
        self._model_name = model
        self._language = language
        self._beam_size = beam_size

    def _decode(self, pcm: bytes, language: str | None) -> tuple[str, float | None, str]:
        segments, info = self._model.transcribe(
            pcm_to_samples(pcm),
            language=language,
            beam_size=self._beam_size,
            condition_on_previous_text=False,
            vad_filter=False,
        )
        parts = list(segments)
        text = " ".join(s.text.strip() for s in parts).strip()
        logprob = sum(s.avg_logprob for s in parts) / len(parts) if parts else None
        confidence = math.exp(logprob) if logprob is not None else None
        return text, confidence, str(info.language)

    async def transcribe(self, pcm: bytes, language: str | None = None) -> Transcript:
        """Recognise one utterance (see `SpeechToText.transcribe`)."""
        check_pcm(pcm)
        started = time.perf_counter()
        try:
            text, confidence, detected = await asyncio.to_thread(
                self._decode, pcm, language or self._language
            )
        except Exception as error:
            raise SightlineError("stt_failed", f"whisper failed: {error}") from error
        return Transcript(
            text,
            confidence,
            detected,
            model=f"whisper/{self._model_name}",
            elapsed_ms=(time.perf_counter() - started) * 1000,
            audio_ms=duration_s(pcm) * 1000,
        )
