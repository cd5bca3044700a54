"""Scoring a recogniser on utterances, clean and mixed with noise: WER, speed, latency."""

from __future__ import annotations

import asyncio
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from sightline.bench.stats import percentile_or_none
from sightline.speech.audio import SAMPLE_RATE, Samples, samples_to_pcm
from sightline.speech.noise import mix_at_snr
from sightline.speech.stt import SpeechToText, Transcript
from sightline.speech.wer import WerCounter

CHUNK_S = 0.1
"""Audio is fed to streams in chunks of this length, as a device would send it."""

Progress = Callable[[str], None]
Prefilter = Callable[[Samples], Samples]
"""Audio processing before recognition, e.g. `sightline.speech.denoise.rnnoise`."""


def to_stderr(message: str) -> None:
    """The default progress report: one line on stderr."""
    print(message, file=sys.stderr, flush=True)


@dataclass(frozen=True)
class Utterance:
    """One test utterance: a name, what was said, and the audio (16 kHz mono float)."""

    name: str
    reference: str
    samples: Samples


async def _recognise(stt: SpeechToText, pcm: bytes) -> tuple[Transcript, float, float]:
    """Feed as a stream in chunks; return the transcript, finish latency ms, total seconds."""
    step = int(CHUNK_S * SAMPLE_RATE) * 2
    started = time.perf_counter()
    async with stt.stream() as stream:
        for i in range(0, len(pcm), step):
            await stream.feed(pcm[i : i + step])
        result = await stream.finish()
    return result, result.elapsed_ms, time.perf_counter() - started


async def score_utterances(
    stt: SpeechToText,
    utterances: Sequence[Utterance],
    noises: dict[str, Samples],
    snrs: Sequence[float | None],
    progress: Progress | None = to_stderr,
    seed: int = 0,
    prefilter: Prefilter | None = None,
) -> dict[str, Any]:
    """Recognise every utterance at every SNR and score it.

    Utterance i is mixed with noise i mod len(noises) (sorted by name) from a seeded random
    offset, so runs are repeatable and every noise is used.

    Args:
        stt: The recogniser (fed as a stream in 100 ms chunks, as fast as it takes them).
        utterances: The test set.
        noises: Noise recordings by name (needed only for SNRs that are not None).
        snrs: Signal-to-noise ratios in dB; None is the clean audio.
        progress: Called with a line of text per condition.
        seed: Seed of the noise offsets.
        prefilter: Applied to each (noisy) utterance before recognition, e.g. RNNoise.

    Returns:
        `backend`, `utterances`, `audio_s`, and `conditions`: per SNR `snr_db`, `wer`,
        `errors`, `words`, `exact`, `unsure` (transcripts marked unsure), `rtf` (processing
        time / audio time), `finish_ms_p50` and `finish_ms_p95` (from the end of the audio
        to the transcript), `sources` (transcripts per model, e.g. pocketsphinx/general)
        and `by_noise` (WER per noise); and `results`, each utterance's hypothesis per
        condition.
    """
    names = sorted(noises)
    offsets = np.random.default_rng(seed).integers(0, 2**31, size=len(utterances))
    audio_s = sum(len(u.samples) for u in utterances) / SAMPLE_RATE
    conditions, results = [], []
    for snr in snrs:
        counter, finish, busy, unsure = WerCounter(), [], 0.0, 0
        by_noise: dict[str, WerCounter] = defaultdict(WerCounter)
        sources: dict[str, int] = defaultdict(int)
        for i, utt in enumerate(utterances):
            samples, noise = utt.samples, ""
            if snr is not None:
                noise = names[i % len(names)]
                samples = await asyncio.to_thread(
                    mix_at_snr, utt.samples, noises[noise], snr, int(offsets[i])
                )
            if prefilter is not None:
                samples = await asyncio.to_thread(prefilter, samples)
            heard, finish_ms, seconds = await _recognise(stt, samples_to_pcm(samples))
            text, model = heard.text, heard.model
            unsure += heard.unsure
            counter.add(utt.reference, text)
            if noise:
                by_noise[noise].add(utt.reference, text)
            finish.append(finish_ms)
            busy += seconds
            sources[model] += 1
            results.append(
                {
                    "name": utt.name,
                    "snr_db": snr,
                    "hypothesis": text,
                    "model": model,
                    "unsure": heard.unsure,
                }
            )
        conditions.append(
            {
                "snr_db": snr,
                "wer": round(counter.wer, 4),
                "errors": counter.errors,
                "words": counter.reference_words,
                "exact": counter.exact,
                "unsure": unsure,
                "rtf": round(busy / audio_s, 4) if audio_s else None,
                "finish_ms_p50": percentile_or_none(finish, 50),
                "finish_ms_p95": percentile_or_none(finish, 95),
                "sources": dict(sources),
                "by_noise": {k: round(v.wer, 4) for k, v in sorted(by_noise.items())},
            }
        )
        if progress:
            label = "clean" if snr is None else f"{snr:g} dB"
            progress(f"{label}: WER {counter.wer:.1%} over {counter.utterances} utterances")
    return {
        "backend": stt.name,
        "prefilter": getattr(prefilter, "__name__", None) if prefilter else None,
        "utterances": len(utterances),
        "audio_s": round(audio_s, 2),
        "conditions": conditions,
        "results": results,
    }


def format_asr_table(result: dict[str, Any]) -> str:
    """A plain-text table of a benchmark result: one row per SNR."""
    lines = [
        f"{result.get('title', 'ASR benchmark')}: {result['backend']}"
        f"{' + ' + result['prefilter'] if result.get('prefilter') else ''}, "
        f"{result['utterances']} utterances, {result['audio_s']:.1f} s of audio",
        f"{'SNR':>6}  {'WER':>6}  {'exact':>7}  {'RTF':>6}  {'finish p50':>10}  {'finish p95':>10}",
    ]
    for row in result["conditions"]:
        snr = "clean" if row["snr_db"] is None else f"{row['snr_db']:g} dB"
        lines.append(
            f"{snr:>6}  {row['wer']:>6.1%}  {row['exact']:>3}/{result['utterances']:<3}  "
            f"{row['rtf'] or 0:>6.3f}  {row['finish_ms_p50'] or 0:>7.1f} ms  "
            f"{row['finish_ms_p95'] or 0:>7.1f} ms"
        )
    for note in result.get("skipped", []):
        lines.append(f"skipped {note['file']}: {note['reason']}")
    return "\n".join(lines)
