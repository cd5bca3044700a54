"""Fake media for Chromium: a spoken command as WAV (flite) and a still photo as Y4M video."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import numpy as np
import soundfile as sf
import soxr
from PIL import Image

WAV_RATE = 48_000


def spoken_wav(
    text: str, target: Path, voice: str = "slt", lead_s: float = 0.5, tail_s: float = 2.5
) -> Path:
    """`text` spoken by flite, at 48 kHz (a browser microphone's rate), with silence around it.

    Chromium loops the file, so the silence after it lets the hub's turn detection end the
    utterance before it is heard again.
    """
    with tempfile.TemporaryDirectory() as folder:
        raw = Path(folder) / "raw.wav"
        subprocess.run(["flite", "-voice", voice, "-t", text, "-o", str(raw)], check=True)
        samples, rate = sf.read(raw, dtype="float32")
    samples = soxr.resample(samples, rate, WAV_RATE)
    padded = np.concatenate(
        [np.zeros(int(lead_s * WAV_RATE)), samples, np.zeros(int(tail_s * WAV_RATE))]
    )
    sf.write(target, (padded * 32767).astype("<i2"), WAV_RATE, subtype="PCM_16")
    return target


def photo_y4m(photo: Path, target: Path, frames: int = 2) -> Path:
    """A still photo as a YUV4MPEG2 (4:2:0, full-range JPEG colours) video of a few frames."""
    with Image.open(photo) as opened:
        image = opened.convert("RGB")
    width, height = image.width - image.width % 2, image.height - image.height % 2
    ycc = np.asarray(image.crop((0, 0, width, height)).convert("YCbCr"), dtype=np.float32)
    luma = ycc[..., 0].astype(np.uint8)
    chroma = [
        ycc[..., band].reshape(height // 2, 2, width // 2, 2).mean(axis=(1, 3)).round()
        for band in (1, 2)
    ]
    with target.open("wb") as out:
        out.write(f"YUV4MPEG2 W{width} H{height} F30:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(frames):
            out.write(b"FRAME\n")
            out.write(luma.tobytes())
            for plane in chroma:
                out.write(plane.astype(np.uint8).tobytes())
    return target
