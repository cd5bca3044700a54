"""The ASR benchmark on recorded speech (`../shared/data/speech/clips`) mixed with real noise."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sightline.bench.asr_scoring import (
    Prefilter,
    Progress,
    Utterance,
    score_utterances,
    to_stderr,
)
from sightline.errors import SightlineError
from sightline.speech.audiofile import AUDIO_SUFFIXES, read_audio_file
from sightline.speech.noise import load_noises
from sightline.speech.stt import SpeechToText

KNOWN_TRANSCRIPTS = {
    "goforward.raw": "go forward ten meters",
    "jfk.flac": "and so my fellow americans ask not what your country can do for you "
    "ask what you can do for your country",
}
"""Transcripts of well-known public clips that come without a `.txt` (pocketsphinx's test
recording; the JFK inaugural excerpt that whisper.cpp ships)."""


def load_clips(clips_dir: Path) -> tuple[list[Utterance], list[dict[str, str]]]:
    """Read every clip with a transcript: `name.txt` beside it, else `KNOWN_TRANSCRIPTS`.

    Blocking (file decoding): call it from a worker thread on an event loop.

    Returns:
        The clips (16 kHz mono), and the files skipped with the reason (no transcript, or a
        format that could not be decoded).

    Raises:
        SightlineError: `bad_data` when the folder holds no usable clip.
    """
    clips, skipped = [], []
    files = sorted(clips_dir.iterdir()) if clips_dir.is_dir() else []
    for path in (p for p in files if p.suffix.lower() in AUDIO_SUFFIXES):
        transcript = path.with_suffix(".txt")
        if transcript.exists():
            reference = transcript.read_text(encoding="utf-8").strip()
        elif path.name in KNOWN_TRANSCRIPTS:
            reference = KNOWN_TRANSCRIPTS[path.name]
        else:
            skipped.append({"file": path.name, "reason": "no transcript (.txt) beside it"})
            continue
        try:
            clips.append(Utterance(path.name, reference, read_audio_file(path)))
        except SightlineError as error:
            skipped.append({"file": path.name, "reason": error.message})
    if not clips:
        raise SightlineError("bad_data", f"no clips with transcripts in {clips_dir}")
    return clips, skipped


async def run_asr_benchmark(
    stt: SpeechToText,
    clips_dir: Path,
    noise_dir: Path,
    snrs: Sequence[float | None] = (None, 10, 5, 0),
    progress: Progress | None = to_stderr,
    prefilter: Prefilter | None = None,
) -> dict[str, Any]:
    """Word error rate and speed of a recogniser on real read speech, clean and noisy.

    Each clip is fed as a stream in 100 ms chunks; for every SNR it is mixed with one of the
    noise recordings (looped to the clip's length, scaled by power, see `mix_at_snr`). Words
    are compared after `normalise_text` on both sides.

    Args:
        stt: A `SpeechToText` (for open speech, pocketsphinx in mode "general" or "auto").
        clips_dir: Audio files with a `.txt` transcript each (or listed in
            `KNOWN_TRANSCRIPTS`).
        noise_dir: Noise recordings (WAV, FLAC, OGG, Opus).
        snrs: Conditions in dB; None is the clean audio.
        progress: Called with a line of text per step (default: printed to stderr).
        prefilter: Applied to each utterance before recognition (e.g. `denoise.rnnoise`, as
            the session pipeline filters the microphone).

    Returns:
        See `score_utterances`, plus `title`, `clips_dir`, `noise_dir`, `noises` and `skipped`.
    """
    if progress:
        progress(f"reading clips in {clips_dir} and noise in {noise_dir}")
    clips, skipped = await asyncio.to_thread(load_clips, clips_dir)
    wants_noise = any(snr is not None for snr in snrs)
    noises = await asyncio.to_thread(load_noises, noise_dir) if wants_noise else {}
    for note in skipped:
        if progress:
            progress(f"skipped {note['file']}: {note['reason']}")
    result = await score_utterances(stt, clips, noises, snrs, progress, prefilter=prefilter)
    return {
        "title": "ASR benchmark (read speech)",
        "clips_dir": str(clips_dir),
        "noise_dir": str(noise_dir),
        "noises": sorted(noises),
        "skipped": skipped,
        **result,
    }
