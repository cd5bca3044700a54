"""Pairing and auth over a real server: POST /v1/pair, the WebSocket's 4401 refusals, the
device endpoints (render, profiles, traces, places) and the simulator's static files."""

from __future__ import annotations

import asyncio
import inspect
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import websockets
from PIL import Image

from hub_web import web_hub
from local_server import serving
from sightline.cards import get_profile
from sightline.cards.fitting import action_slots, compute_layout
from sightline.cards.model import Card
from sightline.cards.render import render_card
from sightline.hub.hub import Hub
from sightline.pairing import DeviceRegistry
from sightline.runtime import Runtime

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> DeviceRegistry:
    return DeviceRegistry(tmp_path_factory.mktemp("devices") / "devices.sqlite3")


@pytest.fixture(scope="module")
def base(runtime: Runtime, registry: DeviceRegistry) -> Iterator[str]:
    with serving(web_hub(runtime, registry)) as url:
        yield url


def pair(base: str, registry: DeviceRegistry, device_id: str) -> str:
    code = registry.new_pairing_code().code
    answer = httpx.post(f"{base}/v1/pair", json={"code": code, "device_id": device_id})
    assert answer.status_code == 200, answer.text
    token: str = answer.json()["token"]
    return token


async def apair(base: str, registry: DeviceRegistry, device_id: str) -> str:
    code = registry.new_pairing_code().code
    async with httpx.AsyncClient() as client:
        answer = await client.post(f"{base}/v1/pair", json={"code": code, "device_id": device_id})
    assert answer.status_code == 200, answer.text
    token: str = answer.json()["token"]
    return token


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def open_session(base: str, device_id: str, token: str | None) -> tuple[Any, dict[str, Any]]:
    """Connect and say hello; returns the socket and the hub's first message."""
    ws = await websockets.connect(base.replace("http", "ws") + "/v1/glasses")
    hello: dict[str, Any] = {"type": "hello", "protocol": 1, "device_id": device_id}
    if token is not None:
        hello["token"] = token
    await ws.send(json.dumps(hello))
    return ws, json.loads(await ws.recv())


async def refusal(base: str, device_id: str, token: str | None) -> tuple[str, int, str]:
    """The error code, close code and close reason of a refused hello."""
    ws, first = await open_session(base, device_id, token)
    assert first["type"] == "error", first
    with pytest.raises(websockets.ConnectionClosed) as closed:
        await ws.recv()
    received = closed.value.rcvd
    assert received is not None
    return first["code"], received.code, received.reason


async def test_devices_without_a_valid_token_are_refused_with_4401(
    base: str, registry: DeviceRegistry
) -> None:
    code, close, reason = await refusal(base, "nobody-1", None)
    assert (code, close) == ("token_missing", 4401)
    assert reason.startswith("token_missing: pair this device")
    assert (await refusal(base, "nobody-1", "slt_madeup"))[:2] == ("token_invalid", 4401)
    token = await apair(base, registry, "owner-1")
    assert (await refusal(base, "intruder-1", token))[:2] == ("device_mismatch", 4401)
    ws, welcome = await open_session(base, "owner-1", token)
    assert welcome["type"] == "welcome"
    await ws.close()
    registry.revoke("owner-1")
    code, close, reason = await refusal(base, "owner-1", token)
    assert (code, close) == ("token_revoked", 4401)
    assert reason == "token_revoked: this device's token was revoked"


async def test_revoking_cuts_an_open_session(base: str, registry: DeviceRegistry) -> None:
    if "watch_token" not in inspect.signature(Hub).parameters:
        pytest.skip("the hub does not run DeviceAuth.watch yet (Hub(watch_token=...) not wired)")
    token = await apair(base, registry, "cut-1")
    ws, welcome = await open_session(base, "cut-1", token)
    assert welcome["type"] == "welcome"
    registry.revoke("cut-1")
    with pytest.raises(websockets.ConnectionClosed) as closed:
        await asyncio.wait_for(ws.recv(), 10)
    assert closed.value.rcvd is not None
    assert (closed.value.rcvd.code, closed.value.rcvd.reason.split(":")[0]) == (
        4401,
        "token_revoked",
    )


def test_pairing_over_http(base: str, registry: DeviceRegistry) -> None:
    wrong = httpx.post(f"{base}/v1/pair", json={"code": "ABCD-EFGH", "device_id": "p-1"})
    assert (wrong.status_code, wrong.json()["detail"]["code"]) == (403, "pairing_code_invalid")
    code = registry.new_pairing_code(name="hall glasses").code
    first = httpx.post(f"{base}/v1/pair", json={"code": code.lower(), "device_id": "p-1"})
    assert first.status_code == 200
    assert first.json()["name"] == "hall glasses"
    assert first.json()["device_id"] == "p-1"
    again = httpx.post(f"{base}/v1/pair", json={"code": code, "device_id": "p-2"})
    assert (again.status_code, again.json()["detail"]["code"]) == (403, "pairing_code_used")
    taken = httpx.post(
        f"{base}/v1/pair", json={"code": registry.new_pairing_code().code, "device_id": "p-1"}
    )
    assert (taken.status_code, taken.json()["detail"]["code"]) == (409, "device_id_taken")
    assert httpx.post(f"{base}/v1/pair", json={"code": code}).status_code == 422


async def test_traces_are_the_callers_own(base: str, registry: DeviceRegistry) -> None:
    mine, other = await apair(base, registry, "traces-a"), await apair(base, registry, "traces-b")
    ws, _ = await open_session(base, "traces-a", mine)
    await ws.send(json.dumps({"type": "text", "text": "what time is it"}))
    while True:
        raw = await asyncio.wait_for(ws.recv(), 15)
        if isinstance(raw, str) and json.loads(raw)["type"] == "trace":
            break
    client = httpx.AsyncClient(base_url=base)
    own = (await client.get("/v1/traces", headers=bearer(mine))).json()
    assert own["device_id"] == "traces-a"
    assert [t["agent"] for t in own["traces"]] == ["assistant"]
    assert "routed" in own["traces"][0]["timings_ms"]
    theirs = (await client.get("/v1/traces", headers=bearer(other))).json()
    assert theirs == {"device_id": "traces-b", "traces": []}
    await ws.close()
    missing = await client.get("/v1/traces")
    assert (missing.status_code, missing.json()["detail"]["code"]) == (401, "token_missing")
    assert missing.headers["www-authenticate"] == "Bearer"
    registry.revoke("traces-b")
    revoked = await client.get("/v1/traces", headers=bearer(other))
    assert (revoked.status_code, revoked.json()["detail"]["code"]) == (401, "token_revoked")
    await client.aclose()


def test_render_is_the_profiles_exact_pixels(base: str, registry: DeviceRegistry) -> None:
    token = pair(base, registry, "render-1")
    card = Card(title="Pay €12.50?", lines=("To Café Nord",), actions=("Confirm", "Cancel"))
    for name in ("green-640x480", "mono-576x136"):
        one = {"card": card.model_dump(mode="json"), "profile": name}
        answer = httpx.post(f"{base}/v1/render", json=one, headers=bearer(token))
        assert answer.status_code == 200, answer.text
        assert answer.headers["content-type"] == "image/png"
        shown = Image.open(io.BytesIO(answer.content))
        expected = render_card(card, get_profile(name))
        assert (shown.size, shown.mode) == (expected.size, expected.mode)
        assert shown.tobytes() == expected.tobytes()
    long_card = Card(title="Route", lines=tuple(f"Step {i}: walk on" for i in range(30)))
    body: dict[str, Any] = {
        "card": long_card.model_dump(mode="json"),
        "profile": "mono-576x136",
        "page": 2,
    }
    paged = httpx.post(f"{base}/v1/render", json=body, headers=bearer(token))
    assert paged.headers["x-page"] == "2" and int(paged.headers["x-page-count"]) > 3
    body["page"] = 99
    beyond = httpx.post(f"{base}/v1/render", json=body, headers=bearer(token))
    assert (beyond.status_code, beyond.json()["detail"]["code"]) == (400, "page_out_of_range")
    body["profile"] = "vr-8k"
    unknown = httpx.post(f"{base}/v1/render", json=body, headers=bearer(token))
    assert unknown.json()["detail"]["code"] == "unknown_profile"
    assert httpx.post(f"{base}/v1/render", json=body).status_code == 401


def test_profiles_carry_the_action_targets(base: str) -> None:
    profiles = {p["name"]: p for p in httpx.get(f"{base}/v1/profiles").json()}
    assert {"green-640x480", "mono-576x136", "mono-640x400"} <= set(profiles)
    green = profiles["green-640x480"]
    assert (green["width"], green["height"], green["bit_depth"], green["default"]) == (
        640,
        480,
        4,
        True,
    )
    profile = get_profile("green-640x480")
    expected = action_slots(profile, compute_layout(profile, True), 2)
    assert green["action_slots"]["2"] == [list(box) for box in expected]


def test_places_need_a_token_and_are_empty_without_a_map(
    base: str, registry: DeviceRegistry
) -> None:
    assert httpx.get(f"{base}/v1/places").status_code == 401
    token = pair(base, registry, "places-1")
    assert httpx.get(f"{base}/v1/places", headers=bearer(token)).json() == {"places": []}


def test_the_simulator_page_is_served(base: str) -> None:
    page = httpx.get(f"{base}/")
    assert page.status_code == 200 and "glasses simulator" in page.text
    assert page.headers["cache-control"] == "no-cache"
    for name in ("app.js", "protocol.js", "mic-worklet.js", "style.css"):
        asset = httpx.get(f"{base}/static/{name}")
        assert asset.status_code == 200, name
        assert asset.headers["cache-control"] == "no-cache"
    assert httpx.get(f"{base}/static/../web.py").status_code == 404


def test_preset_places_come_from_the_map(shared_data: Path, tmp_path: Path) -> None:
    from sightline.navigation import load_map
    from sightline.navigation.presets import preset_places

    nav = load_map(shared_data / "maps" / "monaco.osm.pbf", tmp_path)
    places = preset_places(nav)
    assert 4 <= len(places) <= 8
    assert len({p["category"] for p in places}) == len(places)
    for place in places:
        assert place["name"] and 43.6 < place["lat"] < 43.8 and 7.3 < place["lon"] < 7.6
