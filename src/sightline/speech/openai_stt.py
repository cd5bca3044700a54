"""Transcription over an OpenAI-compatible HTTP endpoint (OpenAI, DashScope, vLLM, …)."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from sightline.errors import SightlineError
from sightline.speech.audio import check_pcm, duration_s, wav_bytes
from sightline.speech.stt import SpeechToText, SttCapabilities, Transcript

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from sightline.config import Settings


class OpenAITranscriptionSTT(SpeechToText):
    """`POST {base_url}/audio/transcriptions` with the utterance as a 16 kHz WAV file.

    Args:
        base_url: The endpoint, ending in `/v1` (DashScope: its `/compatible-mode/v1`).
        api_key: The key; local servers accept any non-empty string.
        model: The transcription model, e.g. "whisper-1" or "gpt-4o-mini-transcribe".
        language: Default language hint (None: the server detects it).
        timeout_s: Time-out per request.
        prompt: Optional text to bias recognition (e.g. agent and product names).
    """

    name = "openai"
    capabilities = SttCapabilities(
        streaming=False, interim=False, languages=None, grammar=False, offline=False
    )

    def __init__(
        self,
        base_url: str,
        api_key: str | None,
        model: str = "whisper-1",
        language: str | None = None,
        timeout_s: float = 10.0,
        prompt: str | None = None,
    ) -> None:
        from openai import AsyncOpenAI

        self._client = AsyncOpenAI(
            base_url=base_url, api_key=api_key or "none", max_retries=0, timeout=timeout_s
        )
        self._model = model
        self._language = language
        self._prompt = prompt

    async def transcribe(self, pcm: bytes, language: str | None = None) -> Transcript:
        """Send one utterance (see `SpeechToText.transcribe`).

        Raises:
            SightlineError: `stt_failed` for HTTP errors, time-outs and refused connections.
        """
        import openai

        check_pcm(pcm)
        wanted = language or self._language
        started = time.perf_counter()
        try:
            result = await self._client.audio.transcriptions.create(
                model=self._model,
                file=("utterance.wav", wav_bytes(pcm), "audio/wav"),
                response_format="json",
                language=wanted.split("-")[0] if wanted else openai.omit,
                prompt=self._prompt or openai.omit,
            )
        except openai.OpenAIError as error:
            raise SightlineError("stt_failed", f"transcription endpoint: {error}") from error
        return Transcript(
            text=str(getattr(result, "text", "")).strip(),
            confidence=None,
            language=wanted or str(getattr(result, "language", None) or "und"),
            model=f"openai/{self._model}",
            elapsed_ms=(time.perf_counter() - started) * 1000,
            audio_ms=duration_s(pcm) * 1000,
        )

    async def aclose(self) -> None:
        """Close the HTTP connections."""
        await self._client.close()


def options_from_settings(
    settings: Settings, examples: Mapping[str, Sequence[str]] | None
) -> dict[str, object]:
    """The endpoint, key and model from configuration.

    Raises:
        SightlineError: `bad_config` without `SIGHTLINE_STT_URL`.
    """
    from sightline.config import reveal

    if not settings.stt_url:
        raise SightlineError("bad_config", "SIGHTLINE_STT_URL is needed for the openai STT")
    options: dict[str, object] = {"base_url": settings.stt_url}
    options["api_key"] = reveal(settings.stt_api_key)
    if settings.stt_model:
        options["model"] = settings.stt_model
    return options
