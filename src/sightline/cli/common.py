"""Helpers shared by the CLI commands: building the runtime, reading images, printing turns."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import typer
from rich.console import Console

from sightline.cards import card_preview, get_profile
from sightline.config import Settings
from sightline.confirm import utc_now
from sightline.runtime import Runtime, build_runtime
from sightline.turns import TurnResult

console = Console()
err_console = Console(stderr=True)

EXIT_USAGE = 2


def fail(code: str, message: str) -> typer.Exit:
    """Print an error with its stable code to stderr and return the exit to raise."""
    err_console.print(f"[bold red]error[/] {code}: {message}")
    return typer.Exit(EXIT_USAGE)


def load_runtime(
    settings: Settings | None = None, clock: Callable[[], datetime] | None = None
) -> Runtime:
    """Build the runtime, with a status line while the router loads.

    Args:
        settings: The configuration; from the environment by default.
        clock: The confirmation gate's clock (the CLI's simulated device moves it).
    """
    settings = settings or Settings()
    gate_clock = clock or utc_now
    if sys.stderr.isatty():
        with err_console.status("loading agents and the edge router…"):
            return build_runtime(settings, clock=gate_clock)
    return build_runtime(settings, clock=gate_clock)


def read_image(path: Path) -> bytes:
    """Read an image file's bytes (perception checks that they are an image).

    Raises:
        typer.Exit: With code `bad_image` when the file cannot be read.
    """
    try:
        return path.read_bytes()
    except OSError as exc:
        raise fail("bad_image", f"cannot read {path}: {exc.strerror or exc}") from None


def print_turn(result: TurnResult, profile_name: str) -> None:
    """Show a turn in the terminal: the card preview, the speech and the route."""
    console.print(card_preview(result.reply.card, get_profile(profile_name)))
    console.print(f"[bold]Speech:[/] {result.reply.speech}")
    route = result.route
    total = result.trace.timings_ms().get("agent_done", 0.0)
    line = (
        f"[dim]{route.agent}.{route.tool} {route.arguments} · {route.tier} tier · "
        f"confidence {route.confidence:.2f} · {total:.0f} ms[/]"
    )
    console.print(line)
    if route.note:
        console.print(f"[yellow]note:[/] {route.note}")
    if result.error:
        console.print(f"[red]error {result.error['code']}:[/] {result.error['message']}")
