"""The hub over a real socket: HTTP endpoints, typed and spoken turns, bad input, reconnects."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import numpy as np
import pytest
import websockets
from hub_client import ADMIN, RATE, Device, connect, spoken, ws_url

from sightline.protocol import FrameKind


def test_health_agents_and_metrics(hub_url: str) -> None:
    assert httpx.get(f"{hub_url}/healthz").json()["status"] == "ok"
    agents = {a["name"]: a for a in httpx.get(f"{hub_url}/agents", headers=ADMIN).json()}
    assert {"assistant", "music", "navigation", "shopping", "payment", "travel"} <= set(agents)
    assert "play" in agents["music"]["tools"]
    metrics = httpx.get(f"{hub_url}/metrics", headers=ADMIN).text
    assert "sightline_sessions" in metrics


async def test_typed_request_gets_card_speech_and_trace(hub_url: str) -> None:
    ws, device, welcome = await connect(hub_url, "typed-1")
    assert welcome["resumed"] is False
    await device.send(type="text", text="play some jazz")
    card = await device.until("card")
    assert "playing" in " ".join(card["card"]["lines"]).lower()
    trace = await device.until("trace")
    assert trace["agent"] == "music"
    assert {"routed", "agent_done", "card_sent"} <= set(trace["timings_ms"])
    await device.until("speech_end", wait_s=15)
    assert device.speech_frames > 0
    await ws.close()
    async with httpx.AsyncClient() as client:
        metrics = (await client.get(f"{hub_url}/metrics", headers=ADMIN)).text
    assert 'sightline_turn_stage_seconds_count{stage="card_sent"}' in metrics


async def test_spoken_command_is_routed_and_timed(hub_url: str) -> None:
    ws, device, _ = await connect(hub_url, "voice-1")
    await device.send(type="audio_start", sample_rate=RATE)
    await device.audio(spoken("play some jazz", voice="rms"))
    trace = await device.until("trace", wait_s=15)
    assert trace["agent"] == "music", trace
    assert "jazz" in trace["transcript"]
    stages = trace["timings_ms"]
    for stage in ("turn_end", "transcript_final", "routed", "agent_done", "card_sent"):
        assert stage in stages, stages
    assert stages["card_sent"] >= stages["transcript_final"] >= stages["turn_end"] > 0
    await ws.close()


async def test_other_sample_rates_are_resampled_and_bad_ones_refused(hub_url: str) -> None:
    ws, device, _ = await connect(hub_url, "rate-1")
    await device.send(type="audio_start", sample_rate=44_100)
    await device.audio(spoken("play some jazz", voice="slt", rate=44_100), rate=44_100)
    trace = await device.until("trace", wait_s=15)
    assert trace["agent"] == "music", trace
    await device.send(type="audio_start", sample_rate=96_000)
    error = await device.until("error")
    assert error["code"] == "invalid_message"
    await ws.close()


async def test_garbage_and_malformed_input_get_errors_and_the_session_goes_on(
    hub_url: str,
) -> None:
    ws, device, _ = await connect(hub_url, "garbage-1")
    await ws.send(b"\x00\x01garbage that is not a frame")
    assert (await device.until("error"))["code"] == "bad_frame"
    await ws.send("{not json")
    assert (await device.until("error"))["code"] == "bad_json"
    await device.send(type="teleport", to="mars")
    assert (await device.until("error"))["code"] == "unknown_type"
    await device.send(type="gaze", x="left")
    assert (await device.until("error"))["code"] == "invalid_message"
    await device.image(b"this is not an image", FrameKind.IMAGE_JPEG)
    assert (await device.until("error"))["code"] == "bad_image"
    await device.send(type="ping")
    await device.until("pong")
    await device.send(type="text", text="what time is it")
    assert (await device.until("trace"))["agent"] == "assistant"
    await ws.close()


async def test_minutes_of_silence_produce_nothing_and_keep_the_session(hub_url: str) -> None:
    ws, device, _ = await connect(hub_url, "silence-1")
    await device.send(type="audio_start", sample_rate=RATE)
    silence = np.zeros(RATE * 180, dtype="<i2").tobytes()
    await device.audio(silence, paced=False)
    await device.send(type="ping")
    await device.until("pong", wait_s=60)
    assert not [m for m in device.received if m["type"] in ("card", "error")]
    await device.send(type="text", text="play some jazz")
    assert (await device.until("trace"))["agent"] == "music"
    await ws.close()


async def test_barcode_in_view_reaches_the_shopping_agent(hub_url: str, shared_data: Path) -> None:
    photo = next((shared_data / "scan" / "ean13-1").glob("*.png"))
    ws, device, _ = await connect(hub_url, "camera-1")
    await device.image(photo.read_bytes(), FrameKind.IMAGE_PNG)
    await asyncio.sleep(1.0)
    await device.send(type="text", text="is this cheaper online")
    trace = await device.until("trace")
    assert trace["agent"] == "shopping"
    card = next(m for m in device.received if m["type"] == "card")
    assert "scan" not in card["card"]["title"].lower() or card["card"]["lines"]
    await ws.close()


async def test_reconnect_mid_utterance_resumes_the_session(hub_url: str) -> None:
    ws, device, first = await connect(hub_url, "reconnect-1")
    await device.send(type="audio_start", sample_rate=RATE)
    command = spoken("what time is it", voice="slt", tail_s=0.0)
    await device.audio(command[: len(command) * 4 // 5])
    await ws.close()
    await asyncio.sleep(0.5)
    ws2, device2, welcome = await connect(hub_url, "reconnect-1")
    assert welcome["resumed"] is True
    assert welcome["session_id"] == first["session_id"]
    card = await device2.until("card")  # the cut-off question was answered and kept
    assert card["card"]["glyph"] == "clock", card
    await device2.send(type="text", text="play some jazz")
    assert (await device2.until("trace", transcript="play some jazz"))["agent"] == "music"
    await ws2.close()


async def test_connections_without_hello_or_with_another_version_are_closed(
    hub_url: str,
) -> None:
    async with websockets.connect(ws_url(hub_url)) as ws:
        await ws.send('{"type": "ping"}')
        error = Device(ws)
        assert (await error.until("error"))["code"] == "hello_expected"
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await ws.recv()
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 1008
    async with websockets.connect(ws_url(hub_url)) as ws:
        await ws.send('{"type": "hello", "device_id": "old", "protocol": 2}')
        assert (await Device(ws).until("error"))["code"] == "unsupported_version"
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await ws.recv()
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 4406


async def test_speaking_over_the_reply_stops_its_speech(hub_url: str) -> None:
    ws, device, _ = await connect(hub_url, "barge-1")
    await device.send(type="audio_start", sample_rate=RATE)
    await device.send(type="text", text="how do I get to the nearest pharmacy from here")
    await device.until("speech_start")
    await device.audio(spoken("stop", voice="awb", tail_s=0.5))
    control = await device.until("control", wait_s=10)
    assert control["action"] == "stop_speaking"
    await ws.close()
