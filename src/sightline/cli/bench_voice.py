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
