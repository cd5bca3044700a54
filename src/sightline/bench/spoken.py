"""Spoken test commands for the latency benchmark: synthesised with flite, optionally noisy."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from sightline.errors import SightlineError
from sightline.speech.audio import Samples
from sightline.speech.audiofile import read_audio_file
from sightline.speech.noise import fit_noise

VOICES = ("slt", "rms", "awb", "kal16")
RATE = 16_000
LEAD_S = 0.4
TAIL_S = 1.6
VOICED = 0.02


@dataclass(frozen=True)
class SpokenCommand:
    """One command as the device will send it.

    Attributes:
        agent: The agent that should answer.
        text: The words.
        voice: The flite voice that spoke them.
        samples: 16 kHz mono audio: lead-in, the command, a tail of silence (or noise).
        speech_end_s: Where the last voiced sample is, in seconds from the start.
    """

    agent: str
    text: str
    voice: str
    samples: Samples
    speech_end_s: float


def load_commands() -> list[tuple[str, str]]:
    """The benchmark's fixed (agent, words) list."""
    raw = resources.files("sightline.bench").joinpath("latency_commands.tsv").read_text()
    rows = [line.split("\t") for line in raw.splitlines() if line and not line.startswith("#")]
    return [(agent, text) for agent, text in rows]


def synthesise(text: str, voice: str) -> Samples:
    """Speak `text` with a flite voice, as 16 kHz mono samples.

    Raises:
        SightlineError: `backend_missing` when flite is not installed.
    """
    flite = shutil.which("flite")
    if flite is None:
        raise SightlineError("backend_missing", "flite is not installed (apt-get install flite)")
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "speech.wav"
        subprocess.run([flite, "-voice", voice, "-t", text, "-o", str(out)], check=True)
        return read_audio_file(out)


def prepare(
    commands: list[tuple[str, str]],
    noises: list[Samples] | None = None,
    snr_db: float | None = None,
) -> list[SpokenCommand]:
    """Synthesise every command (voices in turn) and pad it; mix noise at `snr_db` if given.

    The ratio is taken over the spoken part; the noise (the recordings in turn) runs through
    the lead-in and the tail too, as it would in a street.
    """
    prepared = []
    for index, (agent, text) in enumerate(commands):
        voice = VOICES[index % len(VOICES)]
        speech = synthesise(text, voice)
        voiced = np.nonzero(np.abs(speech) > VOICED)[0]
        speech = speech[voiced[0] : voiced[-1] + 1] if len(voiced) else speech
        lead, tail = np.zeros(int(LEAD_S * RATE)), np.zeros(int(TAIL_S * RATE))
        samples = np.concatenate([lead, speech, tail])
        if noises and snr_db is not None:
            noise = noises[index % len(noises)]
            speech_power = float(np.mean(np.square(speech, dtype=np.float64)))
            fitted = fit_noise(noise, len(samples), offset=index * 7919).astype(np.float64)
            scale = np.sqrt(speech_power / (np.mean(np.square(fitted)) * 10 ** (snr_db / 10)))
            samples = samples + scale * fitted
            peak = float(np.max(np.abs(samples)))
            if peak > 0.99:
                samples = samples * (0.99 / peak)
        end_s = LEAD_S + len(speech) / RATE
        prepared.append(SpokenCommand(agent, text, voice, samples.astype(np.float32), end_s))
    return prepared


def to_pcm(samples: Samples) -> bytes:
    """Float samples to 16-bit little-endian PCM."""
    return (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2").tobytes()
