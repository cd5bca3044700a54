"""Speech from an OpenAI-compatible `/audio/speech` endpoint, streamed as it downloads."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

from sightline.errors import SightlineError
from sightline.speech.audio import PcmResampler
from sightline.speech.tts import TextToSpeech, TtsCapabilities

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from sightline.config import Settings

_READ_SIZE = 4096


class OpenAISpeechTTS(TextToSpeech):
    """`POST {base_url}/audio/speech` with `response_format="pcm"`, resampled to 16 kHz.

    Args:
        base_url: The endpoint, ending in `/v1`.
        api_key: The key; local servers accept any non-empty string.
        model: e.g. "gpt-4o-mini-tts" or "tts-1".
        voice: Default voice, e.g. "alloy".
        sample_rate: The rate of the server's raw PCM (OpenAI: 24 kHz, 16-bit mono).
        timeout_s: Time-out per request.
    """

    name = "openai"
    capabilities = TtsCapabilities(streaming=True, languages=None, voices=(), offline=False)

    def __init__(
        self,
        base_url: str,
        api_key: str | None,
        model: str = "gpt-4o-mini-tts",
        voice: str = "alloy",
        sample_rate: int = 24_000,
        timeout_s: float = 10.0,
    ) -> None:
        from openai import AsyncOpenAI

        self._client = AsyncOpenAI(
            base_url=base_url, api_key=api_key or "none", max_retries=0, timeout=timeout_s
        )
        self._model = model
        self._voice = voice
        self._rate = sample_rate

    async def synthesize(self, text: str, voice: str | None = None) -> AsyncIterator[bytes]:
        """Speak `text` in one request; chunks are yielded while the response arrives.

        Raises:
            SightlineError: `tts_failed` for HTTP errors, time-outs and refused connections.
        """
        import openai

        if not text.strip():
            return
        resampler = PcmResampler(self._rate)
        try:
            async with self._client.audio.speech.with_streaming_response.create(
                model=self._model,
                voice=voice or self._voice,
                input=text,
                response_format="pcm",
            ) as response:
                async for data in response.iter_bytes(_READ_SIZE):
                    if out := resampler.push(data):
                        yield out
        except openai.OpenAIError as error:
            raise SightlineError("tts_failed", f"speech endpoint: {error}") from error
        if tail := resampler.push(b"", last=True):
            yield tail

    async def aclose(self) -> None:
        """Close the HTTP connections."""
        await self._client.close()


def options_from_settings(
    settings: Settings, examples: Mapping[str, Sequence[str]] | None
) -> dict[str, object]:
    """The endpoint, key and voice from configuration.

    Raises:
        SightlineError: `bad_config` without `SIGHTLINE_TTS_URL`.
    """
    from sightline.config import reveal

    if not settings.tts_url:
        raise SightlineError("bad_config", "SIGHTLINE_TTS_URL is needed for the openai TTS")
    options: dict[str, object] = {
        "base_url": settings.tts_url,
        "api_key": reveal(settings.tts_api_key),
    }
    if settings.tts_voice:
        options["voice"] = settings.tts_voice
    return options
