"""Choosing a speech back-end by its configured name."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sightline.errors import SightlineError
from sightline.speech.stt import SpeechToText
from sightline.speech.tts import TextToSpeech

T = TypeVar("T")


def _sphinx(**options: Any) -> SpeechToText:
    from sightline.speech.sphinx import PocketsphinxSTT

    return PocketsphinxSTT(**options)


def _whisper(**options: Any) -> SpeechToText:
    from sightline.speech.hybrid import build_whisper

    return build_whisper(**options)


def _sensevoice(**options: Any) -> SpeechToText:
    from sightline.speech.sensevoice import SenseVoiceSTT

    return SenseVoiceSTT(**options)


def _openai_stt(**options: Any) -> SpeechToText:
    from sightline.speech.openai_stt import OpenAITranscriptionSTT

    return OpenAITranscriptionSTT(**options)


def _flite(**options: Any) -> TextToSpeech:
    from sightline.speech.command_tts import FliteTTS

    return FliteTTS(**options)


def _espeak(**options: Any) -> TextToSpeech:
    from sightline.speech.command_tts import EspeakTTS

    return EspeakTTS(**options)


def _piper(**options: Any) -> TextToSpeech:
    from sightline.speech.piper import PiperTTS

    return PiperTTS(**options)


def _openai_tts(**options: Any) -> TextToSpeech:
    from sightline.speech.openai_tts import OpenAISpeechTTS

    return OpenAISpeechTTS(**options)


STT_BACKENDS: dict[str, Callable[..., SpeechToText]] = {
    "pocketsphinx": _sphinx,
    "whisper": _whisper,
    "sensevoice": _sensevoice,
    "openai": _openai_stt,
}
"""Recognisers by configuration name."""

TTS_BACKENDS: dict[str, Callable[..., TextToSpeech]] = {
    "flite": _flite,
    "espeak-ng": _espeak,
    "piper": _piper,
    "openai": _openai_tts,
}
"""Synthesisers by configuration name."""


def build_stt(name: str, **options: Any) -> SpeechToText:
    """Build a recogniser: "whisper" (the default), "pocketsphinx", "sensevoice" or "openai".

    Args:
        name: The back-end.
        **options: Its constructor's arguments (e.g. `cache_dir` for pocketsphinx, `base_url`,
            `api_key` and `model` for openai).

    Raises:
        SightlineError: `unknown_backend`; `bad_config` for arguments it does not take;
            `backend_missing` when its extra is not installed.
    """
    return _build(STT_BACKENDS, "speech recogniser", name, options)


def build_tts(name: str, **options: Any) -> TextToSpeech:
    """Build a synthesiser: "flite", "espeak-ng", "piper" or "openai" (see `build_stt`)."""
    return _build(TTS_BACKENDS, "speech synthesiser", name, options)


def _build(table: dict[str, Callable[..., T]], kind: str, name: str, options: Any) -> T:
    try:
        factory = table[name]
    except KeyError:
        raise SightlineError(
            "unknown_backend", f"no {kind} {name!r} (have: {', '.join(table)})"
        ) from None
    try:
        return factory(**options)
    except TypeError as error:
        raise SightlineError("bad_config", f"{kind} {name!r}: {error}") from error
