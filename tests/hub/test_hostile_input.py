"""Hostile input over a real socket, against the hub as `sightline serve` builds it: JSON past
the parser's limits before and after hello, NaN/Infinity, image bombs. Each case gets an error
with a stable code (never a traceback or a 1006 close) and the hub still answers afterwards."""

from __future__ import annotations

import io
import json
import resource
from typing import Any

import httpx
import pytest
import websockets
from hub_client import Device, ws_url
from PIL import Image

from sightline.pairing import DeviceRegistry
from sightline.protocol import FrameKind

DEEP = "[" * 30_000 + "]" * 30_000
HUGE_INT = '{"type": "gaze", "x": 1' + "0" * 5000 + ', "y": 1}'

HOSTILE_JSON = {
    "deep arrays": (DEEP, "message_too_deep"),
    "deep objects": ('{"a":' * 40 + "1" + "}" * 40, "message_too_deep"),
    "5000-digit integer": (HUGE_INT, "bad_number"),
    "NaN": ('{"type": "gaze", "x": NaN, "y": 1}', "bad_number"),
    "Infinity": ('{"type": "gaze", "x": Infinity, "y": 1}', "bad_number"),
    "float overflow": ('{"type": "gaze", "x": 1e999, "y": 1}', "bad_number"),
    "oversized": ('{"type": "text", "text": "' + "a" * 70_000 + '"}', "message_too_large"),
    "not json": ('{"type": "text", "text": ', "bad_json"),
    "escaped lone surrogate": ('{"type": "text", "text": "\\ud800"}', "bad_json"),
}


def paired_hello(registry: DeviceRegistry, device_id: str) -> dict[str, Any]:
    token = registry.pair(registry.new_pairing_code().code, device_id)
    return {"type": "hello", "protocol": 1, "device_id": device_id, "token": token}


async def open_session(base: str, registry: DeviceRegistry, device_id: str) -> tuple[Any, Device]:
    ws = await websockets.connect(ws_url(base), max_size=None)
    await ws.send(json.dumps(paired_hello(registry, device_id)))
    device = Device(ws)
    await device.until("welcome")
    return ws, device


@pytest.mark.parametrize("case", sorted(HOSTILE_JSON))
async def test_hostile_json_before_hello_is_refused_with_its_code(base: str, case: str) -> None:
    raw, code = HOSTILE_JSON[case]
    async with websockets.connect(ws_url(base), max_size=None) as ws:
        await ws.send(raw)
        error = json.loads(await ws.recv())
        assert (error["type"], error["code"]) == ("error", code)
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await ws.recv()
    assert closed.value.rcvd is not None, "closed without a close frame (1006)"
    assert closed.value.rcvd.code == 1008
    assert closed.value.rcvd.reason.startswith(code)
    async with httpx.AsyncClient() as client:
        assert (await client.get(f"{base}/healthz")).json()["status"] == "ok"


async def test_hostile_json_after_hello_is_an_error_and_the_session_goes_on(
    base: str, registry: DeviceRegistry
) -> None:
    ws, device = await open_session(base, registry, "hostile-after")
    for case in sorted(HOSTILE_JSON):
        raw, code = HOSTILE_JSON[case]
        await ws.send(raw)
        error = await device.until("error")
        assert error["code"] == code, (case, error)
        await device.send(type="ping")
        await device.until("pong")
    await ws.close()


async def test_nan_and_infinity_in_gaze_are_refused(base: str, registry: DeviceRegistry) -> None:
    ws, device = await open_session(base, registry, "hostile-nan")
    for value in ("NaN", "-Infinity", "1e400"):
        await ws.send(f'{{"type": "gaze", "x": {value}, "y": 10, "dwell_ms": 900}}')
        assert (await device.until("error"))["code"] == "bad_number"
    await ws.close()


def png(size: tuple[int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("L", size).save(out, "PNG", optimize=True)
    return out.getvalue()


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


async def test_an_image_bomb_is_refused_from_its_header_with_our_limit(
    base: str, registry: DeviceRegistry
) -> None:
    bomb = png((6000, 6000))
    assert len(bomb) < 64_000
    ws, device = await open_session(base, registry, "hostile-bomb")
    before = rss_mb()
    for _ in range(5):
        await device.image(bomb, FrameKind.IMAGE_PNG)
        error = await device.until("error")
        assert error["code"] == "image_too_large"
        assert "6000×6000" in error["message"] and "12 megapixels" in error["message"]
    assert rss_mb() - before < 60, "the bomb's pixels were decoded"
    await device.send(type="ping")
    await device.until("pong")
    await ws.close()


async def test_pillows_own_bomb_limit_is_reported_as_ours(
    base: str, registry: DeviceRegistry
) -> None:
    ws, device = await open_session(base, registry, "hostile-bomb-2")
    await device.image(png((20_000, 20_000)), FrameKind.IMAGE_PNG)
    error = await device.until("error", wait_s=20)
    assert error["code"] == "image_too_large"
    assert "12 megapixels" in error["message"] and "Pillow" not in error["message"]
    await ws.close()


async def test_binary_frames_before_hello_are_refused(base: str) -> None:
    async with websockets.connect(ws_url(base)) as ws:
        await ws.send(b"SL\x01\x02" + b"\x00" * 12 + b"\x89PNG")
        error = json.loads(await ws.recv())
        assert error["code"] == "hello_expected"
