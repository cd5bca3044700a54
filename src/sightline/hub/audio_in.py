"""Microphone audio from a device, brought to 16 kHz mono 16-bit PCM."""

from __future__ import annotations

import numpy as np
import soxr

from sightline.protocol import ProtocolError

TARGET_RATE = 16_000


class AudioInput:
    """Converts one device's microphone frames to the pipeline's 16 kHz.

    Any rate the protocol admits (8–48 kHz) is resampled, streaming, so chunk edges leave no
    clicks; 16 kHz passes through untouched.
    """

    def __init__(self) -> None:
        self.sample_rate = TARGET_RATE
        self._stream: soxr.ResampleStream | None = None

    def start(self, sample_rate: int) -> None:
        """Frames from now on are at `sample_rate`."""
        self.sample_rate = sample_rate
        self._stream = (
            None
            if sample_rate == TARGET_RATE
            else soxr.ResampleStream(sample_rate, TARGET_RATE, 1, dtype="int16")
        )

    def convert(self, payload: bytes) -> bytes:
        """One frame's samples at 16 kHz (possibly empty while the resampler fills).

        Raises:
            ProtocolError: `bad_frame` for an odd number of bytes.
        """
        if len(payload) % 2:
            raise ProtocolError("bad_frame", "audio frames hold whole 16-bit samples")
        if self._stream is None:
            return payload
        samples = np.frombuffer(payload, dtype=np.int16)
        out: np.ndarray = self._stream.resample_chunk(samples)
        return out.astype(np.int16).tobytes()
