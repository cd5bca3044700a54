"""RNNoise noise suppression for benchmarks, as the session pipeline applies it before STT."""

from __future__ import annotations

import numpy as np

from sightline.speech.audio import SAMPLE_RATE, Samples, resample
from sightline.speech.extras import require_module

_RNNOISE_RATE = 48_000


def rnnoise(samples: Samples) -> Samples:
    """Suppress noise in a 16 kHz utterance with RNNoise (pyrnnoise, as Pipecat's filter).

    The audio is resampled to RNNoise's 48 kHz and back; the result is as long as the input.
    Blocking (about 1 % of real time): call it from a worker thread on an event loop.

    Raises:
        SightlineError: `backend_missing` when pyrnnoise (`pipecat-ai[rnnoise]`) is absent.
    """
    module = require_module("pyrnnoise", package="pipecat-ai[rnnoise]")
    if not len(samples):
        return samples
    filt = module.RNNoise(_RNNOISE_RATE)
    high = resample(samples, SAMPLE_RATE, _RNNOISE_RATE)
    pcm = np.rint(np.clip(high, -1.0, 1.0) * 32767).astype(np.int16)
    frames = [np.atleast_2d(f) for _, f in filt.denoise_chunk(pcm, partial=True)]
    out = np.concatenate(frames, axis=1)[0] if frames else np.zeros(0)
    scale = 32768.0 if out.dtype == np.int16 else 1.0
    back = resample(out.astype(np.float32) / scale, _RNNOISE_RATE)
    fitted = np.zeros(len(samples), dtype=np.float32)
    fitted[: min(len(back), len(samples))] = back[: len(samples)]
    return fitted
