"""A scripted device for the hub tests: flite speech, frames, waiting for messages."""

from __future__ import annotations

import asyncio
import json
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import soundfile as sf
import soxr
import websockets

from sightline.protocol import BinaryFrame, FrameKind, decode_frame, encode_frame
from sightline.protocol.messages import Hello, encode_message

RATE = 16_000
ADMIN_TOKEN = "admin-test-token"
"""The admin token of the test hubs."""
ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}


def ws_url(base: str) -> str:
    """The glasses endpoint of a hub."""
    return base.replace("http://", "ws://") + "/v1/glasses"


def spoken(
    text: str, voice: str = "slt", rate: int = RATE, lead_s: float = 0.3, tail_s: float = 1.5
) -> bytes:
    """`text` spoken by flite as 16-bit PCM at `rate`, with silence around it."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "s.wav"
        subprocess.run(["flite", "-voice", voice, "-t", text, "-o", str(out)], check=True)
        samples, native = sf.read(out, dtype="float32")
    samples = soxr.resample(samples, native, rate)
    padded = np.concatenate([np.zeros(int(lead_s * rate)), samples, np.zeros(int(tail_s * rate))])
    return (padded * 32767).astype("<i2").tobytes()


class Device:
    """A scripted device on one connection, collecting what the hub sends."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.received: list[dict[str, Any]] = []
        self.speech_frames = 0
        self._seq = 0

    async def send(self, **message: Any) -> None:
        await self.ws.send(json.dumps(message))

    async def audio(self, pcm: bytes, rate: int = RATE, paced: bool = True) -> None:
        """Send PCM in 20 ms chunks (at real time when `paced`)."""
        step = rate // 50 * 2
        for offset in range(0, len(pcm), step):
            self._seq += 1
            frame = BinaryFrame(FrameKind.AUDIO_PCM16, self._seq, 0, pcm[offset : offset + step])
            await self.ws.send(encode_frame(frame))
            if paced:
                await asyncio.sleep(0.02)

    async def image(self, data: bytes, kind: FrameKind = FrameKind.IMAGE_PNG) -> None:
        self._seq += 1
        await self.ws.send(encode_frame(BinaryFrame(kind, self._seq, 0, data)))

    async def until(self, kind: str, wait_s: float = 10.0, **match: Any) -> dict[str, Any]:
        """Wait for a message of type `kind` (with the given field values)."""

        async def wait() -> dict[str, Any]:
            while True:
                raw = await self.ws.recv()
                if isinstance(raw, bytes):
                    if decode_frame(raw).kind == FrameKind.SPEECH_PCM16:
                        self.speech_frames += 1
                    continue
                message = json.loads(raw)
                self.received.append(message)
                if message["type"] == kind and all(message.get(k) == v for k, v in match.items()):
                    return message

        return await asyncio.wait_for(wait(), wait_s)


async def connect(base: str, device_id: str, **hello: Any) -> tuple[Any, Device, dict[str, Any]]:
    """Open a connection and say hello; returns the socket, the device and the welcome."""
    ws = await websockets.connect(ws_url(base), max_size=None)
    await ws.send(encode_message(Hello(device_id=device_id, protocol=1, **hello)))
    device = Device(ws)
    welcome = await device.until("welcome")
    return ws, device, welcome
