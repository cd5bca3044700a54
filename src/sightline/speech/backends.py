"""Every built-in speech back-end, one line each (see `sightline.speech.registry`).

To add one: write its module in `sightline/speech/` (the back-end, plus an
`options_from_settings(settings, examples)` when it has settings) and register it here, or
declare it from another package in the `sightline.stt` / `sightline.tts` entry-point group.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sightline.speech.registry import BackendRegistry

if TYPE_CHECKING:
    from sightline.speech.stt import SpeechToText
    from sightline.speech.tts import TextToSpeech

STT: BackendRegistry[SpeechToText] = BackendRegistry("speech recogniser", "sightline.stt")
"""Recognisers by configuration name (`SIGHTLINE_STT_BACKEND`)."""
TTS: BackendRegistry[TextToSpeech] = BackendRegistry("speech synthesiser", "sightline.tts")
"""Synthesisers by configuration name (`SIGHTLINE_TTS_BACKEND`; "none" speaks nothing)."""


def _builtin(registry: BackendRegistry[Any], name: str, module: str, factory: str) -> None:
    """Register a back-end of `sightline.speech.<module>` whose options reader is that
    module's `options_from_settings`."""
    path = f"sightline.speech.{module}"
    registry.register(name, f"{path}:{factory}", f"{path}:options_from_settings")


_builtin(STT, "whisper", "hybrid", "build_whisper")
_builtin(STT, "pocketsphinx", "sphinx", "PocketsphinxSTT")
_builtin(STT, "sensevoice", "sensevoice", "SenseVoiceSTT")
_builtin(STT, "openai", "openai_stt", "OpenAITranscriptionSTT")
_builtin(TTS, "flite", "command_tts", "FliteTTS")
_builtin(TTS, "espeak-ng", "command_tts", "EspeakTTS")
_builtin(TTS, "piper", "piper", "PiperTTS")
_builtin(TTS, "openai", "openai_tts", "OpenAISpeechTTS")
