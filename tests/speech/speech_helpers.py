"""Helpers for the speech tests: speaking with flite, making tones."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import soundfile

from sightline.speech.audio import SAMPLE_RATE, resample, samples_to_pcm


def synthesize(flite: str, text: str, voice: str, folder: Path) -> bytes:
    """Speak `text` with flite into `folder`; return 16 kHz 16-bit mono PCM."""
    out = folder / f"{voice}-{abs(hash(text))}.wav"
    subprocess.run([flite, "-voice", voice, "-t", text, "-o", str(out)], check=True, timeout=30)
    samples, rate = soundfile.read(out, dtype="float32")
    return samples_to_pcm(resample(samples, int(rate)))


def tone(seconds: float, hz: float = 440.0, level: float = 0.3) -> bytes:
    """A sine tone as 16 kHz PCM."""
    t = np.arange(int(seconds * SAMPLE_RATE)) / SAMPLE_RATE
    return samples_to_pcm(level * np.sin(2 * np.pi * hz * t))
