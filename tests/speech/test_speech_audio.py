"""PCM checks and conversions, resampling, sound files, and noise mixing."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
import soundfile

from sightline.errors import SightlineError
from sightline.speech.audio import (
    PcmResampler,
    check_pcm,
    decode_audio,
    pcm_to_samples,
    resample,
    samples_to_pcm,
    wav_bytes,
)
from sightline.speech.audiofile import read_audio_file
from sightline.speech.noise import fit_noise, load_noises, mix_at_snr


def test_pcm_errors_have_stable_codes() -> None:
    with pytest.raises(SightlineError) as empty:
        check_pcm(b"")
    assert empty.value.code == "empty_audio"
    with pytest.raises(SightlineError) as odd:
        check_pcm(b"\x00\x01\x02")
    assert odd.value.code == "bad_audio"
    check_pcm(b"", allow_empty=True)
    check_pcm(b"\x00\x01")


def test_pcm_round_trip_and_clipping() -> None:
    samples = np.array([0.0, 0.5, -0.5, 0.999], dtype=np.float32)
    assert np.allclose(pcm_to_samples(samples_to_pcm(samples)), samples, atol=1 / 32768)
    loud = pcm_to_samples(samples_to_pcm(np.array([2.0, -2.0])))
    assert loud.tolist() == pytest.approx([32767 / 32768, -1.0])


def test_resampling_keeps_duration() -> None:
    second = np.sin(np.linspace(0, 2 * np.pi * 440, 8000)).astype(np.float32)
    assert len(resample(second, 8000)) == 16000
    streamed = PcmResampler(24000)
    pcm = samples_to_pcm(np.zeros(24000))
    out = b"".join(streamed.push(pcm[i : i + 1001]) for i in range(0, len(pcm), 1001))
    out += streamed.push(b"", last=True)
    assert len(out) == 32000
    same = PcmResampler(16000)
    assert same.push(b"\x01\x02\x03") == b"\x01\x02" and same.push(b"\x04") == b"\x03\x04"


def test_sound_files_decode_to_16k_mono(tmp_path: Path) -> None:
    stereo = np.zeros((4410, 2), dtype=np.float32)
    buffer = io.BytesIO()
    soundfile.write(buffer, stereo, 44100, format="FLAC")
    assert len(decode_audio(buffer.getvalue())) == 1600
    with pytest.raises(SightlineError) as bad:
        decode_audio(b"not audio at all")
    assert bad.value.code == "bad_audio"
    wav = wav_bytes(samples_to_pcm(np.zeros(160)))
    assert wav[:4] == b"RIFF" and len(decode_audio(wav)) == 160
    raw = tmp_path / "clip.raw"
    raw.write_bytes(samples_to_pcm(np.zeros(320)) + b"\x00")
    assert len(read_audio_file(raw)) == 320


def test_real_recordings_of_every_format_are_read(speech_data: Path) -> None:
    noises = load_noises(speech_data / "noise")
    assert {"bus.opus", "hens.ogg", "tap.wav"} <= set(noises)
    assert len(noises["bus.opus"]) == pytest.approx(0.764 * 16000, abs=200)
    assert len(read_audio_file(speech_data / "clips" / "jfk.flac")) == 11 * 16000


def test_noise_loops_from_an_offset() -> None:
    noise = np.arange(5, dtype=np.float32)
    assert fit_noise(noise, 12, offset=3).tolist() == [3, 4, 0, 1, 2, 3, 4, 0, 1, 2, 3, 4]


@pytest.mark.parametrize("snr", [10.0, 5.0, 0.0, -5.0])
def test_mixing_reaches_the_requested_snr(snr: float) -> None:
    rng = np.random.default_rng(1)
    speech = (0.1 * rng.standard_normal(16000)).astype(np.float32)
    noise = (0.3 * rng.standard_normal(7000)).astype(np.float32)
    mixed = mix_at_snr(speech, noise, snr, offset=123)
    added = mixed.astype(np.float64) - speech
    measured = 10 * np.log10(np.mean(speech.astype(np.float64) ** 2) / np.mean(added**2))
    assert measured == pytest.approx(snr, abs=0.01)


def test_a_mix_that_would_clip_is_scaled_down_whole() -> None:
    speech = np.full(100, 0.9, dtype=np.float32)
    mixed = mix_at_snr(speech, np.ones(10, dtype=np.float32), 0.0)
    assert np.max(np.abs(mixed)) <= 0.999
    with pytest.raises(ValueError):
        mix_at_snr(speech, np.zeros(10, dtype=np.float32), 0.0)


def test_rnnoise_suppresses_noise_and_keeps_length() -> None:
    pytest.importorskip("pyrnnoise", reason="pyrnnoise (pipecat-ai[rnnoise]) is not installed")
    from sightline.speech.denoise import rnnoise

    hiss = (0.1 * np.random.default_rng(0).standard_normal(16000)).astype(np.float32)
    quiet = rnnoise(hiss)
    assert len(quiet) == len(hiss) and quiet.dtype == np.float32
    assert float(np.std(quiet)) < 0.2 * float(np.std(hiss))
    assert len(rnnoise(np.zeros(0, dtype=np.float32))) == 0
