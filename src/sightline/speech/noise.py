"""Mixing recorded noise into speech at a chosen signal-to-noise ratio."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from sightline.errors import SightlineError
from sightline.speech.audio import Samples
from sightline.speech.audiofile import AUDIO_SUFFIXES, read_audio_file


def load_noises(noise_dir: Path) -> dict[str, Samples]:
    """Every readable recording in a folder, by file name, as 16 kHz mono samples.

    Raises:
        SightlineError: `bad_data` when the folder holds no readable recording.
    """
    found = {}
    for path in sorted(noise_dir.iterdir()) if noise_dir.is_dir() else []:
        if path.suffix.lower() in AUDIO_SUFFIXES:
            samples = read_audio_file(path)
            if np.any(samples):
                found[path.name] = samples
    if not found:
        raise SightlineError("bad_data", f"no readable noise recordings in {noise_dir}")
    return found


def fit_noise(noise: Samples, length: int, offset: int = 0) -> Samples:
    """Loop `noise` from `offset` until it is `length` samples long."""
    if not len(noise):
        raise ValueError("empty noise")
    start = offset % len(noise)
    reps = -(-(start + length) // len(noise))
    return np.tile(noise, reps)[start : start + length]


def mix_at_snr(speech: Samples, noise: Samples, snr_db: float, offset: int = 0) -> Samples:
    """Add noise to speech so that speech power / noise power = `snr_db` (power over the clip).

    The noise is looped to the speech's length and scaled; if the mix would clip, the whole mix
    is scaled down (which keeps the ratio).

    Args:
        speech: The clean utterance.
        noise: A noise recording of any length (not silent).
        snr_db: The signal-to-noise ratio in decibels.
        offset: Where in the noise to start (vary it between clips).

    Returns:
        The noisy utterance, as long as `speech`.
    """
    fitted = fit_noise(noise, len(speech), offset).astype(np.float64)
    speech_power = float(np.mean(np.square(speech, dtype=np.float64)))
    noise_power = float(np.mean(np.square(fitted)))
    if noise_power == 0.0:
        raise ValueError("silent noise")
    scale = np.sqrt(speech_power / (noise_power * 10.0 ** (snr_db / 10.0)))
    mixed = speech.astype(np.float64) + scale * fitted
    peak = float(np.max(np.abs(mixed))) if len(mixed) else 0.0
    if peak > 0.999:
        mixed *= 0.999 / peak
    return np.asarray(mixed, dtype=np.float32)
