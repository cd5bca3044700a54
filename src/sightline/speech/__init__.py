"""Speech back-ends: recognisers (STT) and synthesisers (TTS) behind two narrow interfaces.

Embedded defaults run offline: pocketsphinx with a language model generated from the agents'
example utterances (falling back to its general model for open speech), and flite or
espeak-ng for speech. faster-whisper, SenseVoice and Piper sit behind pip extras; any
OpenAI-compatible endpoint can recognise or speak too. See docs/speech.md.
"""

from __future__ import annotations

from sightline.speech.audio import SAMPLE_RATE, SAMPLE_WIDTH
from sightline.speech.backends import STT, TTS
from sightline.speech.domain import DomainModel, build_domain_model, builtin_sentences
from sightline.speech.factory import build_stt, build_tts, stt_from_settings, tts_from_settings
from sightline.speech.open_speech import OpenSpeechRule
from sightline.speech.sphinx import PocketsphinxSTT
from sightline.speech.stt import SpeechToText, SttCapabilities, SttStream, Transcript
from sightline.speech.text import normalise_text
from sightline.speech.tts import TextToSpeech, TtsCapabilities
from sightline.speech.wer import word_error_rate

__all__ = [
    "SAMPLE_RATE",
    "SAMPLE_WIDTH",
    "STT",
    "TTS",
    "DomainModel",
    "OpenSpeechRule",
    "PocketsphinxSTT",
    "SpeechToText",
    "SttCapabilities",
    "SttStream",
    "TextToSpeech",
    "Transcript",
    "TtsCapabilities",
    "build_domain_model",
    "build_stt",
    "build_tts",
    "builtin_sentences",
    "normalise_text",
    "stt_from_settings",
    "tts_from_settings",
    "word_error_rate",
]
