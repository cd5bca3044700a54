"""The embedded synthesisers: real flite and espeak-ng output is 16 kHz PCM, streamed."""

from __future__ import annotations

import asyncio
import shutil
import time

import numpy as np
import pytest

from sightline.errors import SightlineError
from sightline.speech import extras
from sightline.speech.audio import pcm_to_samples
from sightline.speech.command_tts import EspeakTTS, FliteTTS
from sightline.speech.tts import TextToSpeech, split_sentences

TEXT = "Turn left in fifty metres. The pharmacy is on your right!"


def _backends() -> list[TextToSpeech]:
    found: list[TextToSpeech] = []
    if shutil.which("flite"):
        found += [FliteTTS("slt"), FliteTTS("kal")]  # kal speaks at 8 kHz: resampled
    if shutil.which("espeak-ng"):
        found.append(EspeakTTS())
    if not found:
        pytest.skip("neither flite nor espeak-ng is installed")
    return found


def test_split_sentences() -> None:
    assert split_sentences(TEXT) == ["Turn left in fifty metres.", "The pharmacy is on your right!"]
    assert split_sentences("one\n\ntwo; three") == ["one", "two;", "three"]
    assert split_sentences("  ") == []


async def test_output_is_16k_pcm_of_plausible_length() -> None:
    for tts in _backends():
        started = time.perf_counter()
        first_chunk_s = None
        chunks = []
        async for chunk in tts.synthesize(TEXT):
            first_chunk_s = first_chunk_s or time.perf_counter() - started
            assert len(chunk) % 2 == 0
            chunks.append(chunk)
        pcm = b"".join(chunks)
        seconds = len(pcm) / 32000
        assert 2.0 < seconds < 8.0, (tts.name, seconds)
        samples = pcm_to_samples(pcm)
        assert float(np.sqrt(np.mean(samples**2))) > 0.01, tts.name
        assert first_chunk_s is not None and first_chunk_s < 2.0
        assert len(chunks) >= 2  # sentence by sentence, in pieces


async def test_nothing_to_say_yields_nothing() -> None:
    for tts in _backends():
        assert await tts.synthesize_all(" \n ") == b""


async def test_unknown_voices_are_refused() -> None:
    if shutil.which("flite"):
        with pytest.raises(SightlineError) as flite:
            FliteTTS("nosuch")
        assert flite.value.code == "unknown_voice"
    if shutil.which("espeak-ng"):
        with pytest.raises(SightlineError) as espeak:
            await EspeakTTS().synthesize_all("hello", voice="nosuch")
        assert espeak.value.code == "unknown_voice"


async def test_stopping_early_ends_the_program() -> None:
    for tts in _backends():
        stream = tts.synthesize(TEXT)
        assert await anext(stream)
        await asyncio.wait_for(stream.aclose(), timeout=5)


def test_missing_binaries_name_their_debian_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(extras.shutil, "which", lambda _name: None)
    for build, package in [(FliteTTS, "flite"), (EspeakTTS, "espeak-ng")]:
        with pytest.raises(SightlineError) as missing:
            build()
        assert missing.value.code == "backend_missing"
        assert f"apt-get install {package}" in missing.value.message
