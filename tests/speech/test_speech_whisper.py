"""The embedded Whisper recogniser: bundled weights checked, decoding, the gate, speculation."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from speech_helpers import synthesize

from sightline.errors import SightlineError
from sightline.speech import build_stt
from sightline.speech.audio import SAMPLE_RATE, samples_to_pcm
from sightline.speech.hybrid import HybridSTT
from sightline.speech.whisper import FasterWhisperSTT
from sightline.speech.whisper_decode import WhisperReading
from sightline.speech.whisper_gate import WhisperGate, drop_repeats, routable_text
from sightline.speech.whisper_model import BUNDLED_FILES, bundled_model_dir, verify_model_files

SILENCE_200MS = b"\x00\x00" * (SAMPLE_RATE // 5)


def test_a_changed_model_file_is_refused_with_a_clear_code(tmp_path: Path) -> None:
    for name in BUNDLED_FILES:
        shutil.copy(bundled_model_dir() / name, tmp_path / name)
    verify_model_files(tmp_path, BUNDLED_FILES)
    with (tmp_path / "vocabulary.txt").open("a") as handle:
        handle.write("extra\n")
    with pytest.raises(SightlineError) as changed:
        verify_model_files(tmp_path, BUNDLED_FILES)
    assert changed.value.code == "model_checksum" and "vocabulary.txt" in changed.value.message
    (tmp_path / "model.bin").unlink()
    with pytest.raises(SightlineError) as missing:
        verify_model_files(tmp_path, BUNDLED_FILES)
    assert missing.value.code == "model_checksum"


def _reading(text: str, logprob: float, no_speech: float = 0.01) -> WhisperReading:
    return WhisperReading(text, logprob, no_speech, len(text.split()))


def test_the_gate_marks_unsure_silent_and_weak_confirmations() -> None:
    gate = WhisperGate()
    sure = gate.transcript(_reading(" Play some jazz.", -0.2), "whisper/tiny.en")
    assert (sure.text, sure.unsure) == ("play some jazz", False)
    assert gate.transcript(_reading("Okay, and so...", -1.3), "w").unsure
    silent = gate.transcript(_reading("Thank you.", -1.2, no_speech=0.9), "w")
    assert (silent.text, silent.unsure) == ("", False)
    assert gate.transcript(_reading("Confirm.", -0.6), "w").unsure
    assert not gate.transcript(_reading("Confirm.", -0.1), "w").unsure
    assert not gate.transcript(_reading("Navigate to the station.", -0.6), "w").unsure
    primed = gate.priming("Play me some music. Pay this.")
    assert primed.transcript(_reading("Play me some music.", -0.6), "w").unsure
    assert not primed.transcript(_reading("Play me some music.", -0.1), "w").unsure


def test_routable_text_keeps_numbers_and_drops_sentence_punctuation() -> None:
    assert routable_text("Pay $23.50 to Anna, please.") == "pay $23.50 to anna please"
    assert routable_text("It's 1,200 metres!") == "it's 1,200 metres"
    assert drop_repeats("Play jazz. Play jazz. play jazz.") == "Play jazz."
    assert drop_repeats("Stop. Play jazz.") == "Stop. Play jazz."
    assert drop_repeats("Pay Ann 25. Pay Ann 25. Pay Ann") == "Pay Ann 25."


@given(st.text(max_size=60))
def test_routable_text_is_idempotent(text: str) -> None:
    once = routable_text(text)
    assert routable_text(once) == once


@pytest.mark.slow
async def test_whisper_hears_a_command_and_speculation_is_reused_or_redone(
    flite: str, tmp_path: Path
) -> None:
    stt = build_stt("whisper", companion="none")
    assert isinstance(stt, FasterWhisperSTT)
    pcm = synthesize(flite, "play some jazz in the kitchen", "slt", tmp_path)
    heard = await stt.transcribe(pcm)
    assert "jazz" in heard.text and not heard.unsure and heard.model == "whisper/tiny.en"

    hybrid = HybridSTT(stt, None)
    stream = hybrid.stream()
    await stream.feed(pcm)
    stream.speculate()
    await stream.feed(SILENCE_200MS)
    reused = await stream.finish()
    assert stream.speculation_used and reused.text == heard.text

    stream = hybrid.stream()
    third = len(pcm) // 6 * 2
    await stream.feed(pcm[:third])
    stream.speculate()
    await stream.feed(pcm[third:])  # the speech went on: the guess is too short
    redone = await stream.finish()
    assert not stream.speculation_used and "jazz" in redone.text


@pytest.mark.slow
def test_noise_alone_gives_no_words() -> None:
    import numpy as np

    stt = build_stt("whisper", companion="none")
    noise = np.random.default_rng(1).normal(0, 0.05, SAMPLE_RATE).astype(np.float32)
    import asyncio

    heard = asyncio.run(stt.transcribe(samples_to_pcm(noise)))
    assert heard.text == "" or heard.unsure


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("unshare") is None, reason="needs unshare (util-linux)")
def test_transcribes_with_networking_off(flite: str, tmp_path: Path) -> None:
    pcm = synthesize(flite, "navigate to the station", "rms", tmp_path)
    (tmp_path / "utterance.pcm").write_bytes(pcm)
    script = (
        "import asyncio, pathlib, sys\n"
        "from sightline.speech import build_stt\n"
        "stt = build_stt('whisper', companion='none')\n"
        "pcm = pathlib.Path(sys.argv[1]).read_bytes()\n"
        "print(asyncio.run(stt.transcribe(pcm)).text)\n"
    )
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"unshare -n is not permitted here: {probe.stderr.decode().strip()}")
    env = {k: v for k, v in os.environ.items() if not k.startswith("HF_")}
    done = subprocess.run(
        ["unshare", "-n", sys.executable, "-c", script, str(tmp_path / "utterance.pcm")],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert "station" in done.stdout


def test_fusion_takes_whispers_words_and_pocketsphinxs_evidence() -> None:
    from sightline.sdk.context import SpokenAlternative
    from sightline.speech.hybrid import fuse
    from sightline.speech.stt import Transcript

    evidence = (SpokenAlternative(agent="music", text="play some jazz", evidence=0.0),)
    sphinx = Transcript("play some shoes", 0.4, "en", alternatives=evidence)
    sure = Transcript("play some chess", 0.8, "en", model="whisper/tiny.en")
    fused = fuse(sure, sphinx)
    assert fused.text == "play some chess" and fused.alternatives == evidence
    unsure = Transcript("okay and so", 0.3, "en", unsure=True)
    assert fuse(unsure, sphinx).unsure and not fuse(unsure, sphinx).alternatives
    assert fuse(None, sphinx) is sphinx
    with pytest.raises(SightlineError):
        fuse(None, None)


def test_a_confirmation_word_both_recognisers_heard_is_sure() -> None:
    from sightline.speech.hybrid import fuse
    from sightline.speech.stt import Transcript

    whisper = Transcript("confirm", 0.45, "en", model="whisper/tiny.en", unsure=True)
    assert not fuse(whisper, Transcript("confirm the", 0.5, "en")).unsure
    assert not fuse(whisper, Transcript("confirmed", 0.5, "en")).unsure
    assert fuse(whisper, Transcript("cancel", 0.5, "en")).unsure
    assert fuse(whisper, Transcript("", 0.5, "en")).unsure
    faint = Transcript("confirm", 0.1, "en", model="whisper/tiny.en", unsure=True)
    assert fuse(faint, Transcript("confirm", 0.5, "en")).unsure
    sentence = Transcript("play some jazz", 0.3, "en", unsure=True)
    assert fuse(sentence, Transcript("play some jazz", 0.5, "en")).unsure
