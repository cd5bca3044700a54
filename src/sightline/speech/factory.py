"""Building a speech back-end by its configured name (through `sightline.speech.backends`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from sightline.speech.backends import STT, TTS
from sightline.speech.stt import SpeechToText
from sightline.speech.tts import TextToSpeech

if TYPE_CHECKING:
    from sightline.config import Settings

NO_SPEECH = "none"
"""The `SIGHTLINE_TTS_BACKEND` value for display-only replies."""


def build_stt(name: str, **options: Any) -> SpeechToText:
    """Build a recogniser: "whisper" (the default), "pocketsphinx", "sensevoice", "openai" or
    a plugin's.

    Args:
        name: The back-end.
        **options: Its constructor's arguments (e.g. `cache_dir` for pocketsphinx, `base_url`,
            `api_key` and `model` for openai).

    Raises:
        SightlineError: `unknown_backend`; `bad_config` for arguments it does not take;
            `backend_missing` when its extra is not installed.
    """
    return STT.build(name, **options)


def build_tts(name: str, **options: Any) -> TextToSpeech:
    """Build a synthesiser: "flite", "espeak-ng", "piper", "openai" or a plugin's (see
    `build_stt`)."""
    return TTS.build(name, **options)


def stt_options(
    settings: Settings, examples: Mapping[str, Sequence[str]] | None = None
) -> dict[str, Any]:
    """The configured recogniser's options read from `settings` (`examples`: by agent)."""
    return STT.options_for(settings.stt_backend, settings, examples)


def stt_from_settings(
    settings: Settings, examples: Mapping[str, Sequence[str]] | None = None
) -> SpeechToText:
    """The configured recogniser (`SIGHTLINE_STT_BACKEND` and its options)."""
    return STT.from_settings(settings.stt_backend, settings, examples)


def tts_from_settings(settings: Settings) -> TextToSpeech | None:
    """The configured synthesiser; None when `SIGHTLINE_TTS_BACKEND` is "none"."""
    if settings.tts_backend == NO_SPEECH:
        return None
    return TTS.from_settings(settings.tts_backend, settings)
