"""`sightline bench latency` and `sightline bench asr`: the voice path's figures."""

from __future__ import annotations

import asyncio
import json
import secrets
from pathlib import Path

import typer
from rich.table import Table

from sightline.cli.common import console, err_console, fail
from sightline.config import Settings
from sightline.errors import SightlineError

DEFAULT_NOISE = Path("../shared/data/speech/noise")
DEFAULT_CLIPS = Path("../shared/data/speech/clips")


def latency(
    snr: float | None = typer.Option(None, "--snr", help="Mix recorded noise at this SNR (dB)."),
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

    if url is not None:
        results = run(url, token)
    else:
        registry = open_registry(Settings())
        paired = registry.pair(registry.new_pairing_code().code, device_id, "bench latency")
        err_console.print("starting a hub (sightline serve)…")
        try:
            with hub_process() as base:
                results = run(base, paired)
        finally:
            registry.revoke(device_id)
    report = summarise(results)
    condition = "clean" if snr is None else f"{snr:g} dB SNR"
    table = Table(title=f"Speech end → card / first audio, {len(results)} commands, {condition}")
    table.add_column("figure")
    table.add_column("value", justify="right")
    for key, value in report.items():
        table.add_row(key, str(value))
    console.print(table)
    if as_json:
        err_console.print(results_json(results))
        print(json.dumps(report))


def asr(
    snr: list[float] = typer.Option(
        [10.0, 5.0, 0.0], "--snr", help="Noise conditions in dB (clean is always measured)."
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
    denoise: bool = typer.Option(False, "--denoise", help="Clean the audio with RNNoise first."),
    as_json: bool = typer.Option(False, "--json", help="End with one JSON object."),
) -> None:
    """Word error rate and real-time factor of the configured recogniser, clean and noisy."""
    from sightline.hub.speech import stt_options
    from sightline.speech import build_stt, format_asr_table, run_asr_benchmark
    from sightline.speech import run_command_benchmark as run_commands
    from sightline.speech.denoise import rnnoise

    settings = Settings()
    options = stt_options(settings, None)
    if settings.stt_backend == "pocketsphinx":
        if mode not in ("general", "domain", "auto"):
            raise fail("bad_mode", f"--mode must be general, domain or auto, not {mode!r}")
        options["mode"] = mode
        options["agent_models"] = False  # word error rates; routing here reads the text alone
    try:
        stt = build_stt(settings.stt_backend, **options)
    except SightlineError as exc:
        raise fail(exc.code, exc.message) from None
    snrs: tuple[float | None, ...] = (None, *snr)
    prefilter = rnnoise if denoise else None

    async def run() -> dict[str, object]:
        if commands is None:
            return await run_asr_benchmark(stt, clips_dir, noise_dir, snrs, prefilter=prefilter)
        from sightline.cli.common import load_runtime

        edge = load_runtime(settings).router.edge

        async def route(text: str) -> str:
            return (await asyncio.to_thread(edge.decide, text))[0]

        return await run_commands(stt, commands, noise_dir, snrs, route=route, prefilter=prefilter)

    try:
        result = asyncio.run(run())
    except SightlineError as exc:
        raise fail(exc.code, exc.message) from None
    console.print(format_asr_table(result))
    if as_json:
        print(json.dumps(result, default=str))
