"""Memory through a real hub (simulator protocol over a socket) and through the CLI."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from images import sign

from local_server import serving
from sightline.hub.hub import Hub, HubOptions
from sightline.hub.server import create_app
from sightline.hub.speech import agent_examples, build_speech
from sightline.memory import MemoryService, MomentQuery
from sightline.protocol import FrameKind
from sightline.runtime import Runtime

sys.path.insert(0, str(Path(__file__).parents[1] / "hub"))
from hub_client import Device, connect


@pytest.fixture(scope="module")
def hub_url(runtime: Runtime) -> Iterator[str]:
    """A running hub on embedded defaults, sharing the session's runtime."""
    speech = build_speech(runtime.settings, agent_examples(runtime.registry))
    hub = Hub(runtime, speech, HubOptions(grace_s=60.0))
    with serving(create_app(hub)) as base:
        yield base


async def _say(device: Device, text: str) -> dict[str, Any]:
    device.received.clear()
    await device.send(type="text", text=text)
    await device.until("trace", wait_s=30)
    return next(m for m in device.received if m["type"] == "card")["card"]


async def _until(check: Any, timeout_s: float = 30.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not check():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.2)


async def _read_until(device: Device, word: str) -> dict[str, Any]:
    """Ask "read this" until the hub has read the frame's text (it reads in the background)."""
    deadline = time.monotonic() + 30
    while True:
        card = await _say(device, "read this")
        if word in card["lines"] or time.monotonic() > deadline:
            return card
        await asyncio.sleep(0.5)


async def test_the_wearer_looks_at_a_sign_asks_later_and_forgets(
    hub_url: str, runtime: Runtime
) -> None:
    memory: MemoryService = runtime.runner.services["memory"]
    memory.store.forget()
    file = runtime.settings.cache_dir / "memory.sqlite3"
    ws, device, _ = await connect(hub_url, "memory-1")
    try:
        assert (await _say(device, "start remembering"))["title"] == "Memory on"
        await device.image(sign("PHARMACY", "OPEN TODAY"), FrameKind.IMAGE_PNG)
        await _until(lambda: memory.store.count() > 0)  # recorded once the text was read
        stored = memory.store.search(MomentQuery())
        (moment,) = stored
        assert moment.moment.text == "PHARMACY\nOPEN TODAY" and moment.moment.thumbnail
        assert b"PHARMACY" in file.read_bytes()
        answer = await _say(device, "what did that sign say")
        assert "PHARMACY" in answer["lines"] and "OPEN TODAY" in answer["lines"]
        forgot = await _say(device, "forget the last ten minutes")
        assert forgot["title"] == "Forgotten"
        again = await _say(device, "what did that sign say")
        assert again["title"] == "Nothing remembered"
        data = file.read_bytes()
        assert b"PHARMACY" not in data and b"OPEN TODAY" not in data
        assert moment.moment.embedding is not None
        assert moment.moment.embedding.tobytes()[:64] not in data
        assert moment.moment.thumbnail is not None and moment.moment.thumbnail[200:264] not in data
        # Memory off: a new sign is read on request, and nothing is stored.
        assert (await _say(device, "stop remembering"))["title"] == "Memory off"
        await device.image(sign("BAKERY", "FRESH BREAD"), FrameKind.IMAGE_PNG)
        read = await _read_until(device, "BAKERY")
        assert read["lines"][:2] == ["BAKERY", "FRESH BREAD"]
        await asyncio.sleep(1.0)  # a moment would be written in the background by now
        assert memory.store.count() == 0 and b"BAKERY" not in file.read_bytes()
    finally:
        await ws.close()
        memory.store.set_on(False)
        memory.store.forget()


@pytest.mark.slow
def test_the_cli_remembers_a_sign_between_commands(tmp_path: Path) -> None:
    env = {**os.environ, "SIGHTLINE_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("SIGHTLINE_LLM_BASE_URL", None)
    image = tmp_path / "sign.png"
    image.write_bytes(sign("PLATFORM 4", "TRAINS TO NICE"))

    def sightline(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "sightline", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    assert "on" in sightline("memory", "on")
    read = json.loads(sightline("ask", "read this", "--image", str(image), "--json"))
    assert read["tool"] == "read" and read["card"]["lines"][:2] == ["PLATFORM 4", "TRAINS TO NICE"]
    recalled = json.loads(sightline("ask", "what did that sign say", "--json"))
    assert recalled["agent"] == "memory" and "PLATFORM 4" in recalled["card"]["lines"]
    status = json.loads(sightline("memory", "status", "--json"))
    assert status["on"] and status["moments"] >= 1
    assert "Forgot" in sightline("memory", "forget", "--all")
    assert json.loads(sightline("memory", "status", "--json"))["moments"] == 0
    file = (tmp_path / "cache" / "memory.sqlite3").read_bytes()
    assert b"PLATFORM" not in file
    sightline("memory", "off")
    sightline("ask", "read this", "--image", str(image), "--json")
    assert json.loads(sightline("memory", "status", "--json")) == {"on": False, "moments": 0}
