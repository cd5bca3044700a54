"""The ASR benchmarks on small data: structure, skipping, table, routing figures."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import soundfile
from speech_helpers import synthesize

from sightline.bench.asr import load_clips, run_asr_benchmark
from sightline.bench.asr_commands import run_command_benchmark, select_commands
from sightline.bench.asr_scoring import format_asr_table
from sightline.errors import SightlineError
from sightline.speech.audio import pcm_to_samples
from sightline.speech.domain import DomainModel
from sightline.speech.sphinx import PocketsphinxSTT

CROSSCHECK = Path(__file__).resolve().parents[1] / "data" / "routing_crosscheck.jsonl"


def _noise_dir(folder: Path) -> Path:
    folder.mkdir()
    rng = np.random.default_rng(0)
    soundfile.write(folder / "hiss.wav", 0.1 * rng.standard_normal(8000), 8000)
    (folder / "LICENSE").write_text("not audio")
    return folder


async def test_clip_benchmark_scores_each_snr(
    flite: str, tmp_path: Path, speech_cache: Path, domain_model: DomainModel
) -> None:
    clips = tmp_path / "clips"
    clips.mkdir()
    pcm = synthesize(flite, "take me to the nearest pharmacy", "slt", tmp_path)
    soundfile.write(clips / "a.wav", pcm_to_samples(pcm), 16000)
    (clips / "a.txt").write_text("take me to the nearest pharmacy\n")
    (clips / "goforward.raw").write_bytes(
        synthesize(flite, "go forward ten meters", "rms", tmp_path)
    )
    soundfile.write(clips / "unlabelled.wav", np.zeros(1600), 16000)
    lines: list[str] = []
    stt = PocketsphinxSTT(speech_cache, mode="domain")
    result = await run_asr_benchmark(
        stt, clips, _noise_dir(tmp_path / "noise"), snrs=(None, 5), progress=lines.append
    )
    await stt.aclose()
    assert result["utterances"] == 2 and result["noises"] == ["hiss.wav"]
    assert result["skipped"] == [
        {"file": "unlabelled.wav", "reason": "no transcript (.txt) beside it"}
    ]
    clean, noisy = result["conditions"]
    assert clean["snr_db"] is None and noisy["snr_db"] == 5
    assert clean["wer"] <= 0.2 and clean["words"] == 10
    assert noisy["by_noise"].keys() == {"hiss.wav"}
    assert clean["rtf"] > 0 and clean["finish_ms_p95"] >= clean["finish_ms_p50"]
    assert len(result["results"]) == 4
    assert any("clean: WER" in line for line in lines)
    json.dumps(result)
    table = format_asr_table(result)
    assert "clean" in table and "5 dB" in table and "skipped unlabelled.wav" in table


def test_clip_folder_without_clips_is_bad_data(tmp_path: Path) -> None:
    with pytest.raises(SightlineError) as error:
        load_clips(tmp_path)
    assert error.value.code == "bad_data"


def test_real_clips_all_have_transcripts(speech_data: Path) -> None:
    clips, skipped = load_clips(speech_data / "clips")
    assert skipped == []
    assert {c.name for c in clips} >= {"goforward.raw", "jfk.flac"}
    assert all(c.reference for c in clips)


def test_commands_are_picked_evenly_and_speakably() -> None:
    commands = select_commands(CROSSCHECK, per_agent=3)
    agents = [a for a, _ in commands]
    assert len(commands) == 18 and all(agents.count(a) == 3 for a in set(agents))
    assert ("music", "play some jazz") in commands


async def test_command_benchmark_reports_routing(
    flite: str, tmp_path: Path, speech_cache: Path, domain_model: DomainModel
) -> None:
    async def route(text: str) -> str:
        return "music" if "play" in text or "song" in text else "other"

    stt = PocketsphinxSTT(speech_cache, mode="domain")
    result = await run_command_benchmark(
        stt, CROSSCHECK, tmp_path, snrs=(None,), per_agent=1, route=route, progress=None
    )
    await stt.aclose()
    assert result["utterances"] == 6
    assert 0.0 <= result["routed_reference"] <= 1.0
    assert 0.0 <= result["conditions"][0]["routed"] <= 1.0
    assert result["conditions"][0]["wer"] < 0.5
