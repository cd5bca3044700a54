"""The speech back-end registry: names, options read next to each back-end, plugins."""

from __future__ import annotations

from importlib.metadata import EntryPoint
from pathlib import Path
from typing import Any

import pytest

from sightline.config import Settings
from sightline.errors import SightlineError
from sightline.speech import STT, TTS, stt_from_settings, tts_from_settings
from sightline.speech import registry as registry_module
from sightline.speech.command_tts import EspeakTTS, FliteTTS
from sightline.speech.factory import stt_options
from sightline.speech.registry import BackendRegistry
from sightline.speech.sphinx import PocketsphinxSTT


class Recorder:
    """A stand-in back-end that keeps its options."""

    def __init__(self, voice: str | None = None, examples: Any = None) -> None:
        self.options = {"voice": voice, "examples": examples}


def recorder_options(settings: Settings, examples: Any) -> dict[str, Any]:
    return {"voice": settings.tts_voice, "examples": examples}


def test_builtin_names_are_registered() -> None:
    assert {"whisper", "pocketsphinx", "sensevoice", "openai"} <= set(STT.names())
    assert {"flite", "espeak-ng", "piper", "openai"} <= set(TTS.names())


def test_options_come_from_the_backend_module(tmp_path: Path) -> None:
    settings = Settings(stt_backend="pocketsphinx", cache_dir=tmp_path, stt_mode="domain")
    options = stt_options(settings, {"music": ["play jazz"]})
    assert options["mode"] == "domain" and options["cache_dir"] == tmp_path
    assert options["agent_examples"] == {"music": ["play jazz"]}
    assert isinstance(stt_from_settings(settings), PocketsphinxSTT)


def test_tts_from_settings_voice_and_none(tmp_path: Path) -> None:
    assert isinstance(tts_from_settings(Settings(cache_dir=tmp_path)), FliteTTS)
    espeak = tts_from_settings(Settings(tts_backend="espeak-ng", cache_dir=tmp_path))
    assert isinstance(espeak, EspeakTTS)
    assert tts_from_settings(Settings(tts_backend="none", cache_dir=tmp_path)) is None


@pytest.mark.parametrize(
    ("backend", "field", "code"),
    [("openai", "stt_backend", "bad_config"), ("vosk", "stt_backend", "unknown_backend")],
)
def test_settings_errors_have_stable_codes(
    tmp_path: Path, backend: str, field: str, code: str
) -> None:
    settings = Settings(cache_dir=tmp_path, **{field: backend})
    with pytest.raises(SightlineError) as error:
        stt_from_settings(settings)
    assert error.value.code == code


def test_piper_needs_a_voice_file(tmp_path: Path) -> None:
    with pytest.raises(SightlineError) as error:
        tts_from_settings(Settings(tts_backend="piper", cache_dir=tmp_path))
    assert error.value.code == "bad_config" and "SIGHTLINE_TTS_VOICE" in error.value.message


def test_a_new_backend_is_one_register_line(tmp_path: Path) -> None:
    registry: BackendRegistry[Recorder] = BackendRegistry("test voice", "sightline.test-none")
    here = __name__
    registry.register("recorder", f"{here}:Recorder", f"{here}:recorder_options")
    settings = Settings(tts_voice="kal16", cache_dir=tmp_path)
    built = registry.from_settings("recorder", settings, {"a": ["b"]})
    assert built.options == {"voice": "kal16", "examples": {"a": ["b"]}}
    with pytest.raises(SightlineError) as bad:
        registry.build("recorder", colour="blue")
    assert bad.value.code == "bad_config" and "test voice 'recorder'" in bad.value.message


def test_plugins_come_from_entry_points(monkeypatch: pytest.MonkeyPatch) -> None:
    points = [
        EntryPoint("recorder", f"{__name__}:Recorder", "sightline.stt"),
        EntryPoint("whisper", f"{__name__}:Recorder", "sightline.stt"),  # taken: ignored
    ]
    monkeypatch.setattr(registry_module, "entry_points", lambda group: points)
    registry: BackendRegistry[Any] = BackendRegistry("speech recogniser", "sightline.stt")
    registry.register("whisper", "sightline.speech.hybrid:build_whisper")
    assert registry.names() == ["whisper", "recorder"]
    assert isinstance(registry.build("recorder"), Recorder)
    assert registry.spec("whisper").factory == "sightline.speech.hybrid:build_whisper"
