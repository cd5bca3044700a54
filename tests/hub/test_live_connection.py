"""One live connection per device: a new connection takes over, the old one is closed with 4409
`replaced` (never left a zombie), and a session is never reaped while a connection is live."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx
import pytest
import websockets
from hub_client import connect

from local_server import serving
from sightline.hub.hub import Hub, HubOptions
from sightline.hub.link import CLOSE_REPLACED
from sightline.hub.server import create_app
from sightline.hub.speech import build_speech
from sightline.runtime import Runtime

GRACE_S = 0.6


@pytest.fixture(scope="module")
def short_grace_hub(runtime: Runtime) -> Iterator[str]:
    """A hub whose sessions outlive their connection by only 0.6 s (reaped every 0.15 s)."""
    hub = Hub(runtime, build_speech(runtime.settings), HubOptions(grace_s=GRACE_S))
    with serving(create_app(hub)) as base:
        yield base


def sessions(base: str) -> int:
    return int(httpx.get(f"{base}/healthz").json()["sessions"])


async def test_a_second_connection_takes_over_and_the_session_lives(short_grace_hub: str) -> None:
    base = short_grace_hub
    first_ws, first, welcome = await connect(base, "glasses-z")
    second_ws, second, resumed = await connect(base, "glasses-z")
    assert resumed["resumed"] is True and resumed["session_id"] == welcome["session_id"]
    with pytest.raises(websockets.ConnectionClosed):  # closed, not a zombie left open
        await first.until("pong", wait_s=5)
    assert first_ws.close_code == CLOSE_REPLACED == 4409
    assert (first_ws.close_reason or "").startswith("replaced")
    await asyncio.sleep(GRACE_S * 3)  # well past the grace period, while connected
    await second.send(type="ping")
    await second.until("pong")  # output goes to the live connection
    await second.send(type="text", text="what time is it")
    assert (await second.until("card"))["card"]["title"]
    assert sessions(base) == 1  # never reaped while connected
    third_ws, third, again = await connect(base, "glasses-z")
    assert again["session_id"] == welcome["session_id"] and again["resumed"] is True
    await third.send(type="ping")
    await third.until("pong")
    with pytest.raises(websockets.ConnectionClosed):
        await second.until("pong", wait_s=5)
    assert second_ws.close_code == CLOSE_REPLACED
    await third_ws.close()
    await asyncio.sleep(GRACE_S * 3)
    assert sessions(base) == 0  # reaped once no connection was live for the grace period
