"""FunASR SenseVoice: fast non-autoregressive recognition (zh, en, yue, ja, ko); extra
`sensevoice`."""

from __future__ import annotations

import asyncio
import re
import time
from typing import TYPE_CHECKING, Any

from sightline.errors import SightlineError
from sightline.speech.audio import check_pcm, duration_s, pcm_to_samples
from sightline.speech.extras import require_module
from sightline.speech.stt import SpeechToText, SttCapabilities, Transcript

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from sightline.config import Settings

_LANGUAGE_TAG = re.compile(r"<\|(zh|en|yue|ja|ko|nospeech)\|>")


class SenseVoiceSTT(SpeechToText):
    """SenseVoiceSmall through `funasr.AutoModel`, a whole utterance at a time.

    Args:
        model: A ModelScope/Hugging Face id ("iic/SenseVoiceSmall") or a local folder.
        device: "cpu" or "cuda:0".
        language: "auto" or one of zh, en, yue, ja, ko.
        use_itn: Inverse text normalisation (punctuation, digits) in the output.
        hub: "ms" (ModelScope) or "hf" (Hugging Face) for model ids.

    Raises:
        SightlineError: `backend_missing` without the `sensevoice` extra; `stt_failed` when the
            model cannot be loaded.
    """

    name = "sensevoice"
    capabilities = SttCapabilities(
        streaming=False,
        interim=False,
        languages=("zh", "en", "yue", "ja", "ko"),
        grammar=False,
        offline=True,
    )

    def __init__(
        self,
        model: str = "iic/SenseVoiceSmall",
        device: str = "cpu",
        language: str = "auto",
        use_itn: bool = True,
        hub: str = "ms",
    ) -> None:
        funasr = require_module("funasr", "sensevoice")
        postprocess = require_module("funasr.utils.postprocess_utils", "sensevoice")
        try:
            self._model: Any = funasr.AutoModel(
                model=model, device=device, hub=hub, disable_update=True, disable_pbar=True
            )
        except Exception as error:
            raise SightlineError("stt_failed", f"SenseVoice model {model!r}: {error}") from error
        self._postprocess: Any = postprocess.rich_transcription_postprocess
        self._model_name = model
        self._language = language
        self._use_itn = use_itn

    def _decode(self, pcm: bytes, language: str) -> tuple[str, str]:
        result = self._model.generate(
            input=pcm_to_samples(pcm), cache={}, language=language, use_itn=self._use_itn
        )
        raw = str(result[0]["text"]) if result else ""
        tag = _LANGUAGE_TAG.search(raw)
        detected = tag.group(1) if tag and tag.group(1) != "nospeech" else language
        return str(self._postprocess(raw)).strip(), detected

    async def transcribe(self, pcm: bytes, language: str | None = None) -> Transcript:
        """Recognise one utterance (see `SpeechToText.transcribe`)."""
        check_pcm(pcm)
        self.check_language(language)
        started = time.perf_counter()
        wanted = language.split("-")[0] if language else self._language
        try:
            text, detected = await asyncio.to_thread(self._decode, pcm, wanted)
        except Exception as error:
            raise SightlineError("stt_failed", f"SenseVoice failed: {error}") from error
        return Transcript(
            text,
            None,
            detected if detected != "auto" else "und",
            model=f"sensevoice/{self._model_name}",
            elapsed_ms=(time.perf_counter() - started) * 1000,
            audio_ms=duration_s(pcm) * 1000,
        )


def options_from_settings(
    settings: Settings, examples: Mapping[str, Sequence[str]] | None
) -> dict[str, object]:
    """The model from configuration (`SIGHTLINE_STT_MODEL`), when one is set."""
    return {"model": settings.stt_model} if settings.stt_model else {}
