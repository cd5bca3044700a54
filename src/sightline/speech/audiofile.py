"""Reading sound files of any common format as 16 kHz mono samples (benchmarks and tools)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np

from sightline.errors import SightlineError
from sightline.speech.audio import Samples, decode_audio, pcm_to_samples

AUDIO_SUFFIXES = (".wav", ".flac", ".ogg", ".opus", ".mp3", ".raw")
"""File types the benchmark looks for; `.raw` is headerless 16 kHz 16-bit mono PCM."""


def read_audio_file(path: Path) -> Samples:
    """Read a sound file as 16 kHz mono float samples.

    libsndfile (through soundfile) reads WAV, FLAC, OGG Vorbis and Opus; `sox` is tried for
    anything it cannot read. `.raw` files are taken as 16 kHz 16-bit little-endian mono PCM.
    Blocking: call it from a worker thread when on an event loop.

    Raises:
        SightlineError: `bad_audio` when neither reader can decode the file.
    """
    data = path.read_bytes()
    if path.suffix.lower() == ".raw":
        return pcm_to_samples(data[: len(data) - len(data) % 2])
    try:
        return decode_audio(data)
    except SightlineError:
        sox = shutil.which("sox")
        if sox is None:
            raise
    done = subprocess.run(
        [sox, str(path), "-t", "raw", "-r", "16000", "-b", "16", "-e", "signed", "-c", "1", "-"],
        capture_output=True,
        timeout=60,
        check=False,
    )
    if done.returncode != 0 or not done.stdout:
        message = done.stderr.decode(errors="replace").strip()
        raise SightlineError("bad_audio", f"cannot decode {path.name}: {message}")
    return np.asarray(pcm_to_samples(done.stdout[: len(done.stdout) // 2 * 2]))
