"""`sightline ask`: one request, from the command line, then simulated device input if asked.

`--then` steps act on the reply like glasses would (`gaze:confirm:900`, `say:confirm`, `tap`,
`wait:31`, `gaze:away:3500`): a payment's confirmation can be confirmed or let lapse in the same
process. With `--json` each step prints one JSON object per line, the last line the final state.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import typer

from sightline.cards import get_profile, save_card_png
from sightline.cli.common import console, fail, load_runtime, print_turn, read_image
from sightline.cli.device import (
    STEP_HELP,
    DeviceSimulator,
    Step,
    VirtualClock,
    load_ears,
    parse_step,
)
from sightline.config import Settings, Tier
from sightline.errors import SightlineError
from sightline.perception import Perception
from sightline.scene import Location
from sightline.sdk.context import TurnInput
from sightline.session import Session
from sightline.turns import TurnResult


def _location(value: str | None) -> Location | None:
    if value is None:
        return None
    try:
        lat, lon = (float(v) for v in value.split(","))
    except ValueError:
        raise fail("bad_location", f"--at wants LAT,LON, got {value!r}") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise fail("bad_location", f"{value!r} is not a valid latitude,longitude")
    return Location(lat, lon)


def _gaze(value: str | None) -> tuple[float, float] | None:
    if value is None:
        return None
    try:
        x, y = (float(v) for v in value.split(","))
    except ValueError:
        raise fail("bad_gaze", f"--gaze wants X,Y in image pixels, got {value!r}") from None
    return x, y


def ask(
    text: str = typer.Argument(..., help="The request, as the wearer would say it."),
    image: Path | None = typer.Option(None, "--image", help="A camera image (JPEG/PNG)."),
    tier: str | None = typer.Option(None, "--tier", help="edge, cloud or auto."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
    card_png: Path | None = typer.Option(
        None, "--card-png", help="Write the card as the display shows it."
    ),
    profile: str | None = typer.Option(None, "--profile", help="Display profile name."),
    at: str | None = typer.Option(None, "--at", help="The wearer's location, LAT,LON."),
    map_path: Path | None = typer.Option(
        None, "--map", help="OpenStreetMap extract (.osm.pbf) for navigation."
    ),
    gaze: str | None = typer.Option(
        None, "--gaze", help="Where the wearer looks in the image, X,Y in pixels."
    ),
    then: list[str] | None = typer.Option(
        None, "--then", help=f"A device step after the reply (repeatable): {STEP_HELP}."
    ),
) -> None:
    """Route one request to its agent and show the card and the speech."""
    if tier is not None and tier not in ("edge", "cloud", "auto"):
        raise fail("bad_tier", f"--tier must be edge, cloud or auto, not {tier!r}")
    if not text.strip():
        raise fail("empty_request", "the request is empty")
    settings = Settings()
    if map_path is not None:
        if not map_path.is_file():
            raise fail("bad_map", f"no such map file: {map_path}")
        settings = settings.model_copy(update={"map_path": map_path})
    profile_name = profile or settings.display_profile
    try:
        display = get_profile(profile_name)
    except ValueError as exc:
        raise fail("unknown_profile", str(exc)) from None
    gaze_point = _gaze(gaze)
    if gaze_point is not None and image is None:
        raise fail("gaze_without_image", "--gaze needs --image")
    frame = read_image(image) if image is not None else None
    location = _location(at)
    steps = _steps(then or [])
    clock = VirtualClock()
    runtime = load_runtime(settings, clock)
    chosen: Tier | None = tier  # type: ignore[assignment]

    async def conversation() -> tuple[TurnResult, list[tuple[Step, TurnResult | None]], Any]:
        scene = None
        if frame is not None:
            async with Perception() as perception:
                scene = await perception.perceive(frame, gaze_point, want_text=True)
        if any(step.kind == "say" for step in steps):
            await load_ears()  # before the card's 30 s window opens
        request = TurnInput(text.strip(), scene=scene, location=location, source="typed")
        session = Session()
        device = DeviceSimulator(runtime.runner, session, clock, scene, chosen)
        first = await device.show(await runtime.runner.run(session, request, chosen))
        done = [(step, await device.step(step)) for step in steps]
        await (
            runtime.runner.finish_recording()
        )  # moments being remembered, before the process exits
        return first, done, device.state()

    try:
        result, done, final = asyncio.run(conversation())
    except SightlineError as exc:
        raise fail(exc.code, exc.message) from None
    if card_png is not None:
        save_card_png(result.reply.card, display, card_png)
        result.trace.mark("card_rendered")
    _show(result, None, as_json, profile_name)
    for step, outcome in done:
        _show(outcome, step, as_json, profile_name)
    if steps:
        _show_final(final, as_json)


def _steps(specs: list[str]) -> list[Step]:
    try:
        return [parse_step(spec) for spec in specs]
    except SightlineError as exc:
        raise fail(exc.code, exc.message) from None


def _show(result: TurnResult | None, step: Step | None, as_json: bool, profile: str) -> None:
    """One line of JSON, or the card preview, for the reply or a step."""
    if as_json:
        out: dict[str, Any] = {"step": step.spec} if step is not None else {}
        out.update(result.to_json() if result is not None else {"recorded": True})
        typer.echo(json.dumps(out, ensure_ascii=False))
        return
    if step is not None:
        console.print(f"[bold cyan]→ {step.spec}[/]" + ("" if result else " [dim](recorded)[/]"))
    if result is not None:
        print_turn(result, profile)


def _show_final(final: dict[str, Any], as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps(final, ensure_ascii=False))
        return
    pending = final["pending"]
    if pending is not None:
        line = f"{pending['amount']} {pending['currency']} to {pending['payee']}"
        console.print(f"[bold]Still pending:[/] {line}")
    else:
        console.print("[bold]Nothing pending.[/]")
