"""The command benchmark: agent commands spoken by flite voices, recognised clean and noisy."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable, Sequence
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
from sightline.speech.audio import pcm_to_samples
from sightline.speech.command_tts import FliteTTS
from sightline.speech.noise import load_noises
from sightline.speech.pronounce import load_cmudict
from sightline.speech.stt import SpeechToText
from sightline.speech.text import normalise_text

VOICES = ("slt", "rms", "awb", "kal16")
"""flite's 16 kHz voices (two American female and male, a Scottish male, an American male)."""

Route = Callable[[str], Awaitable[str]]
"""Text → the agent a router picks for it."""


def select_commands(
    path: Path, per_agent: int = 7, max_words: int = 12, fold: int | None = None
) -> list[tuple[str, str]]:
    """Pick commands, evenly spread, from a labelled file (JSON lines `{"text", "agent"}`;
    with `fold`, only the rows of that `fold`, as in HWU64).

    Only sentences whose words are all in the CMU dictionary qualify: the typos and rare
    names of a typed test set are not speakable, and would measure the lexicon rather than
    recognition. Blocking (reads the dictionary).

    Returns:
        (agent, text) pairs, `per_agent` for each agent, in file order within each agent.
    """
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    if fold is not None:
        rows = [r for r in rows if int(r.get("fold", 0)) == fold]
    spoken = {normalise_text(r["text"]) for r in rows}
    known = load_cmudict({w for s in spoken for w in s.split()})
    picked = []
    for agent in sorted({r["agent"] for r in rows}):
        texts = [
            r["text"]
            for r in rows
            if r["agent"] == agent
            and 0 < len(normalise_text(r["text"]).split()) <= max_words
            and all(w in known for w in normalise_text(r["text"]).split())
        ]
        step = max(1, len(texts) // per_agent)
        picked += [(agent, t) for t in texts[::step][:per_agent]]
    return picked


async def synthesize_commands(
    commands: Sequence[tuple[str, str]], voices: Sequence[str] = VOICES
) -> list[Utterance]:
    """Speak each command with the next voice in turn (flite, normalised text, 16 kHz)."""
    tts = FliteTTS(voices[0])
    clips = []
    for i, (agent, text) in enumerate(commands):
        voice = voices[i % len(voices)]
        pcm = await tts.synthesize_all(normalise_text(text), voice)
        clips.append(Utterance(f"{i:02d}-{agent}-{voice}", text, pcm_to_samples(pcm)))
    return clips


async def run_command_benchmark(
    stt: SpeechToText,
    commands_file: Path,
    noise_dir: Path,
    snrs: Sequence[float | None] = (None, 10, 5, 0),
    per_agent: int = 7,
    route: Route | None = None,
    progress: Progress | None = to_stderr,
    prefilter: Prefilter | None = None,
    fold: int | None = None,
    noise_names: Sequence[str] = (),
) -> dict[str, Any]:
    """WER of agent commands synthesised by flite, clean and mixed with real noise.

    Args:
        stt: The recogniser.
        commands_file: Labelled sentences not used to build the domain model (e.g.
            `tests/data/routing_crosscheck.jsonl`).
        noise_dir: Noise recordings.
        snrs: Conditions in dB; None is the clean audio.
        per_agent: Commands per agent.
        route: Optional router; adds `routed` (share of transcripts sent to the labelled
            agent; an unsure transcript, which gets "say that again", counts as a miss) per
            condition, and `routed_reference` for the typed sentences.
        progress: Called with a line of text per step (default: printed to stderr).
        prefilter: Applied to each utterance before recognition (e.g. `denoise.rnnoise`).
        fold: Only this `fold` of the file (e.g. HWU64's 10th, which the router was not
            fitted on).
        noise_names: Only these recordings of `noise_dir` (default: all of them, in turn).

    Returns:
        See `score_utterances`, plus `title`, `commands` and the routing figures.
    """
    commands = await asyncio.to_thread(select_commands, commands_file, per_agent, 12, fold)
    if progress:
        progress(f"synthesising {len(commands)} commands with flite ({', '.join(VOICES)})")
    clips = await synthesize_commands(commands)
    wants_noise = any(snr is not None for snr in snrs)
    noises = await asyncio.to_thread(load_noises, noise_dir) if wants_noise else {}
    if noise_names and wants_noise:
        missing = [name for name in noise_names if name not in noises]
        if missing:
            raise SightlineError("bad_data", f"not in {noise_dir}: {', '.join(missing)}")
        noises = {name: noises[name] for name in noise_names}
    result = await score_utterances(stt, clips, noises, snrs, progress, prefilter=prefilter)
    result = {"title": "ASR benchmark (agent commands, flite voices)", **result}
    result["commands"] = [{"agent": a, "text": t} for a, t in commands]
    if route is not None:
        agents = {clip.name: agent for clip, (agent, _) in zip(clips, commands, strict=True)}
        truth = [await route(t) == a for a, t in commands]
        result["routed_reference"] = round(sum(truth) / len(truth), 4)
        for row in result["conditions"]:
            hits = [
                not r.get("unsure") and await route(r["hypothesis"]) == agents[r["name"]]
                for r in result["results"]
                if r["snr_db"] == row["snr_db"]
            ]
            row["routed"] = round(sum(hits) / len(hits), 4)
    return result
