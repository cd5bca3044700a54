"""`sightline bench latency` and `sightline bench asr`: the voice path's figures."""

from __future__ import annotations

import asyncio
import json
import secrets
from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from sightline.cli.common import console, err_console, fail
from sightline.config import Settings
from sightline.errors import SightlineError

DEFAULT_NOISE = Path("../shared/data/speech/noise")
DEFAULT_CLIPS = Path("../shared/data/speech/clips")


def latency(
    snr: float | None = typer.Option(None, "--snr", help="Mix recorded noise at this SNR (dB)."),
    stt: str = typer.Option(
        "",
        "--stt",
        help="Recognisers side by side, comma-separated (whisper, pocketsphinx, …): a hub is "
        "started for each; default: the configured one.",
    ),
    noise_dir: Path = typer.Option(DEFAULT_NOISE, "--noise-dir", help="Noise recordings."),
    noise_names: list[str] = typer.Option(
        ["perfect-alley1.ogg", "bus.opus"],
        "--noise",
        help="Recordings in --noise-dir to mix, commands taking them in turn (street, bus).",
    ),
    url: str | None = typer.Option(
        None, "--url", help="A running hub's base URL; by default one is started."
    ),
    token: str | None = typer.Option(
        None, "--token", help="Device token for --url (a started hub is paired automatically)."
    ),
    limit: int = typer.Option(0, "--limit", help="Only the first N commands (0 = all)."),
    as_json: bool = typer.Option(False, "--json", help="End with one JSON object."),
) -> None:
    """Speak the fixed commands into a hub in real time; time the card and the first audio."""
    from sightline.bench.hub_process import hub_process
    from sightline.bench.latency import (
        CommandResult,
        results_json,
        run_latency_benchmark,
        summarise,
    )
    from sightline.bench.spoken import load_commands, prepare
    from sightline.pairing import open_registry
    from sightline.speech.noise import load_noises

    commands = load_commands()
    commands = commands[:limit] if limit > 0 else commands
    noise = None
    if snr is not None:
        try:
            found = load_noises(noise_dir)
        except SightlineError as exc:
            raise fail(exc.code, exc.message) from None
        missing = [name for name in noise_names if name not in found]
        if missing:
            raise fail("bad_data", f"not in {noise_dir}: {', '.join(missing)}")
        noise = [found[name] for name in noise_names]
    err_console.print(f"synthesising {len(commands)} commands with flite…")
    try:
        spoken = prepare(commands, noise, snr)
    except SightlineError as exc:
        raise fail(exc.code, exc.message) from None

    device_id = f"bench-latency-{secrets.token_hex(4)}"

    def run(base: str, token: str | None) -> list[CommandResult]:
        ws = base.replace("http://", "ws://").rstrip("/") + "/v1/glasses"
        return asyncio.run(run_latency_benchmark(ws, spoken, device_id, token=token))

    names = [name.strip() for name in stt.split(",") if name.strip()] or [""]
    reports: dict[str, dict[str, Any]] = {}
    for name in names:
        label = name or Settings().stt_backend
        if url is not None:
            results = run(url, token)
        else:
            registry = open_registry(Settings())
            paired = registry.pair(registry.new_pairing_code().code, device_id, "bench latency")
            err_console.print(f"starting a hub (sightline serve, recogniser {label})…")
            env = {"SIGHTLINE_STT_BACKEND": name} if name else None
            try:
                with hub_process(env) as base:
                    results = run(base, paired)
            finally:
                registry.revoke(device_id)
        reports[label] = summarise(results)
        if as_json:
            err_console.print(results_json(results))
    condition = "clean" if snr is None else f"{snr:g} dB SNR"
    table = Table(title=f"Speech end → card / first audio, {len(spoken)} commands, {condition}")
    table.add_column("figure")
    for label in reports:
        table.add_column(label, justify="right")
    for key in next(iter(reports.values())):
        table.add_row(key, *(str(report[key]) for report in reports.values()))
    console.print(table)
    if as_json:
        print(json.dumps(reports if len(reports) > 1 else next(iter(reports.values()))))


def asr(
    snr: list[float] = typer.Option(
        [10.0, 5.0, 0.0], "--snr", help="Noise conditions in dB (clean is always measured)."
    ),
    stt: str = typer.Option(
        "",
        "--stt",
        help="Recognisers side by side, comma-separated (whisper, pocketsphinx, …); "
        "default: the configured one.",
    ),
    mode: str = typer.Option(
        "general", "--mode", help="pocketsphinx model: general (open speech), domain or auto."
    ),
    clips_dir: Path = typer.Option(DEFAULT_CLIPS, "--clips-dir", help="Clips with transcripts."),
    noise_dir: Path = typer.Option(DEFAULT_NOISE, "--noise-dir", help="Noise recordings."),
    commands: Path | None = typer.Option(
        None,
        "--commands",
        help="Instead of the clips: labelled commands (JSON lines) spoken by flite, with routing.",
    ),
    fold: int | None = typer.Option(
        None, "--fold", help="With --commands: only this fold (e.g. 10 of HWU64)."
    ),
    per_agent: int = typer.Option(7, "--per-agent", help="With --commands: commands per agent."),
    noise_names: list[str] = typer.Option(
        [], "--noise", help="With --commands: only these recordings of --noise-dir (default all)."
    ),
    denoise: bool = typer.Option(False, "--denoise", help="Clean the audio with RNNoise first."),
    as_json: bool = typer.Option(False, "--json", help="End with one JSON object."),
) -> None:
    """Word error rate, routing, time and memory of recognisers side by side, clean and noisy."""
    from sightline.bench.asr_compare import format_side_by_side
    from sightline.speech.denoise import rnnoise

    settings = Settings()
    names = [name.strip() for name in (stt or settings.stt_backend).split(",") if name.strip()]
    if mode not in ("general", "domain", "auto"):
        raise fail("bad_mode", f"--mode must be general, domain or auto, not {mode!r}")
    snrs: tuple[float | None, ...] = (None, *snr)
    prefilter = rnnoise if denoise else None
    route = None
    if commands is not None:
        from sightline.cli.common import load_runtime

        edge = load_runtime(settings).router.edge

        async def route(text: str) -> str:
            return (await asyncio.to_thread(edge.decide, text))[0]

    results = []
    for name in names:
        try:
            result = asyncio.run(
                _asr_one(
                    name,
                    settings,
                    mode,
                    snrs,
                    clips_dir,
                    noise_dir,
                    commands,
                    route,
                    prefilter,
                    fold,
                    per_agent,
                    noise_names,
                )
            )
        except SightlineError as exc:
            raise fail(exc.code, exc.message) from None
        results.append(result)
    print(format_side_by_side(results))
    if as_json:
        print(json.dumps(results if len(results) > 1 else results[0], default=str))


async def _asr_one(
    name: str,
    settings: Settings,
    mode: str,
    snrs: tuple[float | None, ...],
    clips_dir: Path,
    noise_dir: Path,
    commands: Path | None,
    route: Any,
    prefilter: Any,
    fold: int | None,
    per_agent: int,
    noise_names: list[str],
) -> dict[str, Any]:
    """One recogniser's run, with the memory it added to this process and its children."""
    from sightline.bench.asr import run_asr_benchmark
    from sightline.bench.asr_commands import run_command_benchmark
    from sightline.speech import build_stt
    from sightline.speech.factory import stt_options
    from sightline.speech.process_memory import tree_rss_mb

    before = tree_rss_mb() or 0.0
    options = stt_options(settings.model_copy(update={"stt_backend": name}), None)
    if name == "pocketsphinx":
        options["mode"] = mode
        options["agent_models"] = False  # word error rates; routing here reads the text alone
    if name == "whisper":
        options["companion"] = "none"  # the words are Whisper's; pocketsphinx only stands by
    recogniser = build_stt(name, **options)
    try:
        await recogniser.load()
        if commands is None:
            result = await run_asr_benchmark(
                recogniser, clips_dir, noise_dir, snrs, prefilter=prefilter
            )
        else:
            result = await run_command_benchmark(
                recogniser,
                commands,
                noise_dir,
                snrs,
                per_agent=per_agent,
                route=route,
                prefilter=prefilter,
                fold=fold,
                noise_names=noise_names,
            )
        after = tree_rss_mb()
        result["rss_mb"] = None if after is None else round(after - before, 1)
        return result
    finally:
        await recogniser.aclose()
