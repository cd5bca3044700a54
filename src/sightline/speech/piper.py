"""Piper (neural, ONNX) voices: natural and still fast on a CPU; extra `piper`."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sightline.errors import SightlineError
from sightline.speech.audio import PcmResampler
from sightline.speech.extras import require_module
from sightline.speech.tts import TextToSpeech, TtsCapabilities, split_sentences

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from sightline.config import Settings


class PiperTTS(TextToSpeech):
    """A Piper voice (`piper-tts` ≥ 1.3), synthesised sentence by sentence on a worker thread.

    Args:
        model_path: The voice's `.onnx` file (its `.onnx.json` config beside it).
        config_path: The config, if it is not beside the model.
        use_cuda: Run on a GPU (needs onnxruntime-gpu).

    Raises:
        SightlineError: `backend_missing` without the `piper` extra; `tts_failed` when the
            voice cannot be loaded.
    """

    name = "piper"

    def __init__(
        self, model_path: Path, config_path: Path | None = None, use_cuda: bool = False
    ) -> None:
        piper = require_module("piper", "piper")
        if not Path(model_path).is_file():
            raise SightlineError("tts_failed", f"no Piper voice at {model_path}")
        try:
            self._voice: Any = piper.PiperVoice.load(
                str(model_path),
                config_path=str(config_path) if config_path else None,
                use_cuda=use_cuda,
            )
        except Exception as error:  # any load failure: one clear code
            raise SightlineError("tts_failed", f"Piper voice {model_path}: {error}") from error
        self.capabilities = TtsCapabilities(
            streaming=True, languages=None, voices=(Path(model_path).stem,), offline=True
        )

    def _speak(self, sentence: str) -> bytes:
        chunks = list(self._voice.synthesize(sentence))
        if not chunks:
            return b""
        resampler = PcmResampler(int(chunks[0].sample_rate))
        audio = b"".join(resampler.push(c.audio_int16_bytes) for c in chunks)
        return audio + resampler.push(b"", last=True)

    async def synthesize(self, text: str, voice: str | None = None) -> AsyncIterator[bytes]:
        """Speak sentence by sentence (one voice per instance; `voice` must be None or its
        name)."""
        if voice not in (None, *self.capabilities.voices):
            raise SightlineError("unknown_voice", f"this Piper instance speaks only {voice!r}")
        for sentence in split_sentences(text):
            try:
                audio = await asyncio.to_thread(self._speak, sentence)
            except Exception as error:
                raise SightlineError("tts_failed", f"Piper failed: {error}") from error
            if audio:
                yield audio


def options_from_settings(
    settings: Settings, examples: Mapping[str, Sequence[str]] | None
) -> dict[str, object]:
    """The voice model file from configuration.

    Raises:
        SightlineError: `bad_config` unless `SIGHTLINE_TTS_VOICE` names a Piper .onnx file.
    """
    if not settings.tts_voice:
        raise SightlineError("bad_config", "SIGHTLINE_TTS_VOICE must name a Piper voice .onnx file")
    return {"model_path": Path(settings.tts_voice)}
