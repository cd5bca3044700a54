"""DeviceAuth without a hub: the hello check, the watch that cuts a revoked device, and
the wrong-code limit of POST /v1/pair."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from sightline.hub.auth import CLOSE_UNAUTHORIZED, DeviceAuth
from sightline.hub.connection import ConnectionRefused
from sightline.hub.web_pairing import pairing_routes
from sightline.pairing import DeviceRegistry
from sightline.protocol.messages import Hello


class FakeSocket:
    def __init__(self) -> None:
        self.closed: tuple[int, str | None] | None = None

    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        self.closed = (code, reason)


@pytest.fixture
def registry(tmp_path: Path) -> DeviceRegistry:
    return DeviceRegistry(tmp_path / "devices.sqlite3")


def test_authenticate_refuses_with_4401_and_a_stable_code(registry: DeviceRegistry) -> None:
    auth = DeviceAuth(registry)
    token = registry.pair(registry.new_pairing_code().code, "glasses-1")
    auth.authenticate(Hello(device_id="glasses-1", protocol=1, token=token))
    cases = {
        "token_missing": Hello(device_id="glasses-1", protocol=1),
        "token_invalid": Hello(device_id="glasses-1", protocol=1, token="slt_nope"),
        "device_mismatch": Hello(device_id="glasses-2", protocol=1, token=token),
    }
    for code, hello in cases.items():
        with pytest.raises(ConnectionRefused) as refused:
            auth.authenticate(hello)
        assert (refused.value.code, refused.value.close_code) == (code, CLOSE_UNAUTHORIZED)


async def test_the_watch_closes_a_revoked_device_and_notes_it_seen(
    registry: DeviceRegistry,
) -> None:
    auth = DeviceAuth(registry, recheck_s=0.05)
    token = registry.pair(registry.new_pairing_code().code, "glasses-1")
    socket = FakeSocket()
    hello = Hello(device_id="glasses-1", protocol=1, token=token)
    watch = asyncio.create_task(auth.watch(socket, hello))
    await asyncio.sleep(0.2)
    assert socket.closed is None and not watch.done()
    assert registry.devices()[0].last_seen is not None
    registry.revoke("glasses-1")
    await asyncio.wait_for(watch, 2)
    assert socket.closed == (4401, "token_revoked: this device's token was revoked")


async def test_the_watch_is_cancelled_with_its_connection(registry: DeviceRegistry) -> None:
    auth = DeviceAuth(registry, recheck_s=0.05)
    token = registry.pair(registry.new_pairing_code().code, "glasses-1")
    socket = FakeSocket()
    hello = Hello(device_id="glasses-1", protocol=1, token=token)
    watch = asyncio.create_task(auth.watch(socket, hello))
    await asyncio.sleep(0.1)
    watch.cancel()
    with pytest.raises(asyncio.CancelledError):
        await watch
    assert socket.closed is None


def test_wrong_codes_are_limited_per_client(registry: DeviceRegistry) -> None:
    app = FastAPI()
    app.include_router(pairing_routes(registry))
    client = TestClient(app)
    for _ in range(10):
        wrong = client.post("/v1/pair", json={"code": "AAAAAAAA", "device_id": "g"})
        assert wrong.status_code == 403
    good = registry.new_pairing_code().code
    blocked = client.post("/v1/pair", json={"code": good, "device_id": "g"})
    assert (blocked.status_code, blocked.json()["detail"]["code"]) == (429, "pairing_rate_limited")
