"""The interactive prompt: the main job until the hub serves real glasses."""

from __future__ import annotations

import asyncio

from rich.prompt import Prompt

from sightline.cli.common import console, load_runtime, print_turn
from sightline.config import Settings
from sightline.sdk.context import TurnInput
from sightline.session import Session

HELP = 'Type a request ("play some jazz", "what time is it"); \'quit\' or Ctrl-D to leave.'


def interactive() -> None:
    """Read requests from the terminal and show each turn's card and speech, in one session."""
    asyncio.run(_conversation(Settings()))


async def _conversation(settings: Settings) -> None:
    runtime = await asyncio.to_thread(load_runtime, settings)
    session = Session()
    console.print(f"[bold green]Sightline[/] · {len(runtime.registry.agents)} agents · {HELP}")
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
        if not text:
            continue
        result = await runtime.runner.run(session, TurnInput(utterance=text))
        print_turn(result, settings.display_profile)
