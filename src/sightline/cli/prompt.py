"""The interactive prompt: the main job until the hub serves real glasses.

Typed lines are the wearer's requests. Slash commands play the glasses' other inputs on the
card just shown: `/gaze confirm 900`, `/gaze away 3500`, `/tap`, `/wait 31`, `/say confirm`.
"""

from __future__ import annotations

import asyncio

from rich.prompt import Prompt

from sightline.cli.common import console, load_runtime, print_turn
from sightline.cli.device import (
    STEP_HELP,
    DeviceSimulator,
    VirtualClock,
    load_ears,
    parse_command,
)
from sightline.config import Settings
from sightline.errors import SightlineError
from sightline.sdk.context import TurnInput
from sightline.session import Session

HELP = 'Type a request ("play some jazz", "what time is it"); \'quit\' or Ctrl-D to leave.'
DEVICE_HELP = "Device input: /gaze TARGET MS (confirm, cancel, away), /tap, /wait SECONDS."


def interactive() -> None:
    """Read requests from the terminal and show each turn's card and speech, in one session."""
    asyncio.run(_conversation(Settings()))


async def _conversation(settings: Settings) -> None:
    clock = VirtualClock()
    runtime = await asyncio.to_thread(load_runtime, settings, clock)
    device = DeviceSimulator(runtime.runner, Session(), clock)
    try:  # /say speaks and recognises: load it before any card's window opens
        await load_ears()
    except SightlineError as exc:
        console.print(f"[dim]/say unavailable: {exc.message}[/]")
    console.print(f"[bold green]Sightline[/] · {len(runtime.registry.agents)} agents · {HELP}")
    console.print(f"[dim]{DEVICE_HELP}[/]")
    cloud = "configured" if settings.cloud_configured else "not configured (offline)"
    console.print(f"[dim]tier {settings.tier} · cloud model {cloud}[/]")
    while True:
        try:
            text = (await asyncio.to_thread(Prompt.ask, "[bold green]you[/]")).strip()
        except (EOFError, KeyboardInterrupt):
            console.print()
            return
        if text.lower() in ("quit", "exit", ":q"):
            return
        lapsed = await runtime.runner.expire(device.session)  # the hub's tick, between lines
        if lapsed is not None:
            print_turn(await device.show(lapsed), settings.display_profile)
        if not text:
            continue
        if text.startswith("/"):
            await _device_step(device, text, settings.display_profile)
            continue
        turn = TurnInput(utterance=text, source="typed")
        result = await device.show(await runtime.runner.run(device.session, turn))
        print_turn(result, settings.display_profile)


async def _device_step(device: DeviceSimulator, line: str, profile: str) -> None:
    """Run one slash command and show what it decided."""
    if line.strip().lower() in ("/help", "/?"):
        console.print(f"{DEVICE_HELP}\n[dim]as --then steps: {STEP_HELP}[/]")
        return
    try:
        result = await device.step(parse_command(line))
    except SightlineError as exc:
        console.print(f"[red]{exc.code}:[/] {exc.message}")
        return
    if result is None:
        console.print("[dim](recorded)[/]")
    else:
        print_turn(result, profile)
