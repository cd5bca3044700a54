"""The one audio format of the speech back-ends: 16 kHz, 16-bit signed little-endian, mono PCM."""

from __future__ import annotations

import io

import numpy as np
import numpy.typing as npt
import soundfile  # type: ignore[import-untyped, unused-ignore]
import soxr  # type: ignore[import-untyped, unused-ignore]

from sightline.errors import SightlineError

SAMPLE_RATE = 16_000
"""Samples per second of every PCM buffer the speech back-ends take or give."""

SAMPLE_WIDTH = 2
"""Bytes per sample (signed 16-bit little-endian)."""

BYTES_PER_SECOND = SAMPLE_RATE * SAMPLE_WIDTH

Samples = npt.NDArray[np.float32]
"""Mono audio as float32 in [-1, 1]."""


def check_pcm(pcm: bytes, *, allow_empty: bool = False) -> None:
    """Check that `pcm` is a whole number of 16-bit samples.

    Args:
        pcm: Raw 16 kHz 16-bit mono PCM.
        allow_empty: Accept zero bytes (a stream chunk may be empty; an utterance may not).

    Raises:
        SightlineError: `empty_audio` for no samples, `bad_audio` for an odd byte count.
    """
    if not pcm and not allow_empty:
        raise SightlineError("empty_audio", "no audio: the utterance has zero samples")
    if len(pcm) % SAMPLE_WIDTH:
        raise SightlineError(
            "bad_audio", f"{len(pcm)} bytes is not a whole number of 16-bit samples"
        )


def pcm_to_samples(pcm: bytes) -> Samples:
    """Convert 16-bit PCM bytes to float32 samples in [-1, 1]."""
    check_pcm(pcm, allow_empty=True)
    return (np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768.0).astype(np.float32)


def samples_to_pcm(samples: npt.NDArray[np.floating]) -> bytes:
    """Convert float samples in [-1, 1] to 16-bit PCM bytes (clipping what lies outside)."""
    scaled = np.clip(np.asarray(samples, dtype=np.float64) * 32768.0, -32768, 32767)
    return np.rint(scaled).astype("<i2").tobytes()


def resample(samples: npt.NDArray[np.floating], rate: int, target: int = SAMPLE_RATE) -> Samples:
    """Resample mono float samples from `rate` to `target` (default 16 kHz; soxr, HQ)."""
    data = np.asarray(samples, dtype=np.float32)
    if rate == target:
        return data
    return np.asarray(soxr.resample(data, rate, target), dtype=np.float32)


def decode_audio(data: bytes) -> Samples:
    """Decode a WAV/FLAC/OGG/Opus file's bytes to 16 kHz mono float samples.

    Args:
        data: The whole file, in any format libsndfile reads.

    Returns:
        The audio, channels averaged, resampled to 16 kHz.

    Raises:
        SightlineError: `bad_audio` when the bytes are not a readable sound file.
    """
    try:
        frames, rate = soundfile.read(io.BytesIO(data), dtype="float32", always_2d=True)
    except (RuntimeError, ValueError) as error:
        raise SightlineError("bad_audio", f"unreadable sound file: {error}") from error
    return resample(np.asarray(frames, dtype=np.float32).mean(axis=1), int(rate))


def wav_bytes(pcm: bytes) -> bytes:
    """Wrap 16 kHz 16-bit mono PCM in a WAV container (for HTTP upload)."""
    check_pcm(pcm)
    out = io.BytesIO()
    samples = np.frombuffer(pcm, dtype="<i2")
    soundfile.write(out, samples, SAMPLE_RATE, format="WAV", subtype="PCM_16")
    return out.getvalue()


def duration_s(pcm: bytes) -> float:
    """Seconds of audio in a 16 kHz 16-bit mono PCM buffer."""
    return len(pcm) / BYTES_PER_SECOND


class PcmResampler:
    """Streams 16-bit mono PCM at any rate to 16 kHz, chunk by chunk (odd bytes carried over).

    Args:
        rate: The input's sample rate.
    """

    def __init__(self, rate: int) -> None:
        self.rate = rate
        self._carry = b""
        self._stream = (
            soxr.ResampleStream(rate, SAMPLE_RATE, 1, dtype="int16", quality="HQ")
            if rate != SAMPLE_RATE
            else None
        )

    def push(self, pcm: bytes, last: bool = False) -> bytes:
        """Resample the next chunk; with `last`, flush what the filter still holds."""
        data = self._carry + pcm
        cut = len(data) - len(data) % SAMPLE_WIDTH
        self._carry = data[cut:]
        samples = np.frombuffer(data[:cut], dtype="<i2")
        if self._stream is None:
            return samples.tobytes()
        return np.asarray(self._stream.resample_chunk(samples, last=last), dtype="<i2").tobytes()
