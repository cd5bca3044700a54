"""A turn is never lost silently: a hub killed mid-turn leaves a mark in the shared store, and
the hub that resumes the wearer says the turn was lost (`turn_lost`, a card asking to repeat,
bearing the turn's id); a device that reconnects to the same hub mid-turn is told the turn is
still running, and its card follows."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import time
import uuid
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
import websockets
from hub_client import Device

from fake_llm import FakeChatServer, Scripted, running
from redis_fixtures import redis_url
from sightline.bench.hub_process import hub_server
from sightline.config import Settings
from sightline.conversation.turn_lost import SAY_IT_AGAIN, TURN_LOST
from sightline.hub.link import CLOSE_SESSION_BUSY
from sightline.pairing import open_registry
from sightline.protocol.messages import Hello, encode_message

__all__ = ["redis_url"]

pytestmark = pytest.mark.slow

SLOW_S = 12.0


async def resume(base: str, device_id: str, token: str, wait_s: float = 20.0) -> Any:
    """Connect as the device; while another hub's lease is live (`session_busy`), try again
    with back-off, as glasses do. Returns (the socket, the device, the welcome)."""
    url = base.replace("http://", "ws://") + "/v1/glasses"
    deadline = time.monotonic() + wait_s
    delay = 0.25
    while True:
        ws = await websockets.connect(url)
        await ws.send(encode_message(Hello(device_id=device_id, protocol=1, token=token)))
        first = json.loads(await asyncio.wait_for(ws.recv(), 10))
        if first["type"] == "welcome":
            return ws, Device(ws), first
        assert first.get("code") == "session_busy", first
        with pytest.raises(websockets.ConnectionClosed):
            await asyncio.wait_for(ws.recv(), 5)
        assert ws.close_code == CLOSE_SESSION_BUSY
        assert time.monotonic() < deadline, "the dead hub's lease never lapsed"
        await asyncio.sleep(delay)
        delay = min(delay * 2, 2.0)


def hub_env(cache: Path, store: str, llm: FakeChatServer) -> dict[str, str]:
    """Hubs that share a device registry and a session store, and answer through a chat model
    that takes its time (so a turn is still running when its hub is killed)."""
    return {
        "SIGHTLINE_CACHE_DIR": str(cache),
        "SIGHTLINE_SESSION_STORE": store,
        "SIGHTLINE_TIER": "cloud",
        "SIGHTLINE_LLM_BASE_URL": llm.base_url,
        "SIGHTLINE_LLM_TIMEOUT_S": str(SLOW_S),
        "SIGHTLINE_STT_BACKEND": "pocketsphinx",
    }


def test_a_turn_whose_hub_is_killed_is_told_lost_by_the_hub_that_resumes(
    tmp_path: Path, redis_url: str
) -> None:
    device_id = f"glasses-{uuid.uuid4().hex[:8]}"
    registry = open_registry(Settings(cache_dir=tmp_path))
    token = registry.pair(registry.new_pairing_code().code, device_id)
    with ExitStack() as stack:
        llm = stack.enter_context(running(FakeChatServer()))
        llm.script = [Scripted(text="a slow answer", delay_s=SLOW_S)] * 4
        env = hub_env(tmp_path, redis_url, llm)
        doomed = stack.enter_context(hub_server(env))
        survivor = stack.enter_context(hub_server(env))

        async def scenario() -> None:
            ws, device, welcome = await resume(doomed.base, device_id, token)
            assert welcome["resumed"] is False
            await device.send(type="text", text="what is the tallest mountain in europe")
            deadline = time.monotonic() + 10
            while not llm.requests:  # the turn is running: the chat model has the request
                assert time.monotonic() < deadline, "the turn never reached the chat model"
                await asyncio.sleep(0.05)
            os.kill(doomed.pid, signal.SIGKILL)
            with pytest.raises(websockets.ConnectionClosed):
                await asyncio.wait_for(ws.recv(), 10)

            ws_b, device_b, welcome_b = await resume(survivor.base, device_id, token)
            assert welcome_b["resumed"] is True
            assert welcome_b["session_id"] == welcome["session_id"]
            assert "running_turn_id" not in welcome_b
            error = await device_b.until("error", code=TURN_LOST)
            card = next(m for m in device_b.received if m["type"] == "card")  # sent first
            assert error["turn_id"] and card["turn_id"] == error["turn_id"]
            assert card["card"]["title"] == SAY_IT_AGAIN
            assert welcome_b.get("last_turn_id") != error["turn_id"]
            await ws_b.close()

            ws_c, device_c, welcome_c = await resume(survivor.base, device_id, token)
            assert welcome_c["last_turn_id"] == error["turn_id"]  # told once, not again
            await asyncio.sleep(1.0)
            assert not [m for m in device_c.received if m.get("code") == TURN_LOST]
            await ws_c.close()

        asyncio.run(scenario())


def test_a_device_back_on_the_same_hub_mid_turn_is_told_its_card_follows(
    tmp_path: Path, redis_url: str
) -> None:
    device_id = f"glasses-{uuid.uuid4().hex[:8]}"
    registry = open_registry(Settings(cache_dir=tmp_path))
    token = registry.pair(registry.new_pairing_code().code, device_id)
    with ExitStack() as stack:
        llm = stack.enter_context(running(FakeChatServer()))
        llm.script = [Scripted(text="Mont Blanc, 4,806 metres.", delay_s=3.0)]
        hub = stack.enter_context(hub_server(hub_env(tmp_path, redis_url, llm)))

        async def scenario() -> None:
            ws, device, _ = await resume(hub.base, device_id, token)
            await device.send(type="text", text="what is the tallest mountain in europe")
            deadline = time.monotonic() + 10
            while not llm.requests:
                assert time.monotonic() < deadline, "the turn never reached the chat model"
                await asyncio.sleep(0.05)
            await ws.close()
            ws_b, device_b, welcome_b = await resume(hub.base, device_id, token)
            assert welcome_b["resumed"] is True
            running_turn = welcome_b["running_turn_id"]
            card = await device_b.until("card", wait_s=15, turn_id=running_turn)
            assert "Mont Blanc" in json.dumps(card["card"])
            assert not [m for m in device_b.received if m.get("code") == TURN_LOST]
            await ws_b.close()

        asyncio.run(scenario())
