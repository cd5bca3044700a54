"""A hub process looks at frames in capped workers (its default): over the socket, a frame over
the device's display profile's camera limit is refused with `image_too_large` before decoding,
and a frame whose reading needs more than a worker may use leaves the hub serving."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

import httpx
import pytest
from hub_client import connect
from PIL import Image

from sightline.bench.hub_process import hub_server
from sightline.config import Settings
from sightline.pairing import open_registry
from sightline.protocol import FrameKind

pytestmark = pytest.mark.slow

CAP_MB = 16


def blank_png(width: int, height: int) -> bytes:
    """A white PNG: a few kilobytes that decode to width × height × 3 bytes."""
    out = io.BytesIO()
    Image.new("RGB", (width, height), (255, 255, 255)).save(out, format="PNG")
    return out.getvalue()


def test_a_hub_process_refuses_frames_over_its_workers_cap_and_the_profiles_limit(
    tmp_path: Path,
) -> None:
    registry = open_registry(Settings(cache_dir=tmp_path))
    tokens = {
        name: registry.pair(registry.new_pairing_code().code, name)
        for name in ("glasses-green", "glasses-mono")
    }
    env = {
        "SIGHTLINE_CACHE_DIR": str(tmp_path),
        "SIGHTLINE_PERCEPTION_WORKERS": "1",
        "SIGHTLINE_PERCEPTION_MEMORY_MB": str(CAP_MB),
        "SIGHTLINE_STT_BACKEND": "pocketsphinx",
    }
    with hub_server(env) as hub:

        async def scenario() -> None:
            ws, device, _ = await connect(
                hub.base,
                "glasses-mono",
                token=tokens["glasses-mono"],
                display_profile="mono-576x136",
            )
            await device.image(blank_png(3001, 2000), FrameKind.IMAGE_PNG)
            error = await device.until("error", wait_s=30)
            assert error["code"] == "image_too_large" and "5 megapixels" in error["message"]
            await ws.close()

            ws, device, _ = await connect(hub.base, "glasses-green", token=tokens["glasses-green"])
            await device.image(blank_png(4000, 2900), FrameKind.IMAGE_PNG)  # 35 MB decoded;
            await asyncio.sleep(5.0)  # its text is read in a worker capped far below what OCR needs
            await device.send(type="text", text="what time is it")
            card = await device.until("card", wait_s=30)
            assert card["card"]["title"]
            await ws.close()

        asyncio.run(scenario())
        assert httpx.get(f"{hub.base}/healthz").status_code == 200
