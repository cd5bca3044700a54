"""The admin surface and browser origins over a real socket: /metrics, /docs and /openapi.json
only with the admin token (not served without one), /agents only with a device token, and the
WebSocket refusing pages from origins not allowed while the hub's own page keeps working."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest
import websockets
from hub_client import ADMIN, ADMIN_TOKEN, ws_url

from hub_web import web_hub
from local_server import serving
from sightline.pairing import DeviceRegistry
from sightline.runtime import Runtime

ADMIN_PATHS = ("/metrics", "/openapi.json", "/docs")
ALLOWED = "https://glasses-app.example"


@pytest.fixture(scope="module")
def base(runtime: Runtime, registry: DeviceRegistry) -> Iterator[str]:
    app = web_hub(runtime, registry, admin_token=ADMIN_TOKEN, allowed_origins=(ALLOWED,))
    with serving(app) as url:
        yield url


@pytest.fixture(scope="module")
def closed_base(runtime: Runtime, registry: DeviceRegistry) -> Iterator[str]:
    with serving(web_hub(runtime, registry)) as url:
        yield url


def test_admin_paths_need_the_admin_token(base: str, registry: DeviceRegistry) -> None:
    device_token = registry.pair(registry.new_pairing_code().code, "admin-probe")
    for path in ADMIN_PATHS:
        assert httpx.get(f"{base}{path}").status_code == 401, path
        wrong = httpx.get(f"{base}{path}", headers={"Authorization": "Bearer nope"})
        assert (wrong.status_code, wrong.json()["detail"]["code"]) == (401, "admin_token_invalid")
        as_device = httpx.get(f"{base}{path}", headers={"Authorization": f"Bearer {device_token}"})
        assert as_device.status_code == 401, path
        assert httpx.get(f"{base}{path}", headers=ADMIN).status_code == 200, path
    assert "sightline_sessions" in httpx.get(f"{base}/metrics", headers=ADMIN).text
    assert "/v1/pair" in httpx.get(f"{base}/openapi.json", headers=ADMIN).json()["paths"]


def test_without_an_admin_token_the_admin_paths_are_not_served(closed_base: str) -> None:
    for path in ADMIN_PATHS:
        answer = httpx.get(f"{closed_base}{path}", headers={"Authorization": "Bearer x"})
        assert (answer.status_code, answer.json()["detail"]["code"]) == (404, "admin_disabled")
    assert httpx.get(f"{closed_base}/healthz").status_code == 200


def test_agents_need_a_device_token(base: str, registry: DeviceRegistry) -> None:
    assert httpx.get(f"{base}/agents").status_code == 401
    bad = httpx.get(f"{base}/agents", headers={"Authorization": "Bearer slt_forged"})
    assert bad.status_code == 401
    token = registry.pair(registry.new_pairing_code().code, "agents-reader")
    listing = httpx.get(f"{base}/agents", headers={"Authorization": f"Bearer {token}"})
    assert listing.status_code == 200
    assert "payment" in {agent["name"] for agent in listing.json()}


async def hello_answer(base: str, registry: DeviceRegistry, origin: str | None) -> str:
    device_id = f"origin-{abs(hash(origin))}"
    token = registry.pair(registry.new_pairing_code().code, device_id)
    headers = {"Origin": origin} if origin else None
    async with websockets.connect(ws_url(base), additional_headers=headers) as ws:
        hello = {"type": "hello", "protocol": 1, "device_id": device_id, "token": token}
        await ws.send(json.dumps(hello))
        answer: str = json.loads(await ws.recv())["type"]
        return answer


async def test_websocket_origins(base: str, registry: DeviceRegistry) -> None:
    own = base  # the simulator page served by the hub itself
    assert await hello_answer(base, registry, own) == "welcome"
    assert await hello_answer(base, registry, ALLOWED) == "welcome"
    assert await hello_answer(base, registry, None) == "welcome"  # glasses send no Origin
    for foreign in ("https://evil.example", "null", base.replace("127.0.0.1", "localhost")):
        with pytest.raises(websockets.InvalidStatus) as refused:
            await hello_answer(base, registry, foreign)
        assert refused.value.response.status_code == 403, foreign
