"""`sightline bench connect`: many paired devices connecting to one hub at once."""

from __future__ import annotations

import json

import typer

from sightline.cli.common import console


def connect(
    devices: int = typer.Option(200, "--devices", min=1, help="Devices connecting at once."),
    rounds: int = typer.Option(2, "--rounds", min=1, help="Bursts, each after all left."),
    audio: bool = typer.Option(
        False, "--audio", help="Each device then sends 0.5 s of audio (its pipeline is made)."
    ),
    clients: int = typer.Option(4, "--clients", min=1, help="Client processes sharing them."),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
) -> None:
    """Start a hub, pair devices and connect them all at once: welcome times and memory."""
    from sightline.bench.connect import run_connect_benchmark

    summary = run_connect_benchmark(
        devices=devices, rounds=rounds, audio=audio, clients=clients
    ).summary()
    if as_json:
        print(json.dumps(summary))
        return
    console.print(f"{summary['devices']} devices, hub RSS at start {summary['rss_base_mb']} MB")
    for n, figures in enumerate(summary["rounds"], 1):
        console.print(
            f"round {n}: welcomed {figures['welcomed']} ({figures['welcomed_pct']} %) within "
            f"{summary['deadline_s']:g} s; welcome p50 {figures['welcome_p50_ms']} ms, "
            f"p95 {figures['welcome_p95_ms']} ms, max {figures['welcome_max_ms']} ms "
            f"(from hello: p50 {figures['hello_to_welcome_p50_ms']} ms, "
            f"p95 {figures['hello_to_welcome_p95_ms']} ms; in the hub: p95 <= "
            f"{figures['hub_welcome_p95_ms_at_most']:g} ms); "
            f"RSS {figures['rss_connected_mb']} MB connected "
            f"({figures['rss_per_session_mb']} MB a session), "
            f"{figures['rss_after_mb']} MB after they left"
        )
