"""Frames looked at in worker processes under a memory cap: a frame that needs more than the cap
fails with `image_too_large` in the worker, the hub process's memory does not grow, the worker
goes on serving frames, and a worker that dies is replaced. A display profile's camera limit
applies before any pixel is decoded."""

from __future__ import annotations

import asyncio
import io
import os
import resource
import signal
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from PIL import Image

from pay_fixtures import qr_png
from sightline.cards.profiles import get_profile
from sightline.errors import SightlineError
from sightline.hub.camera import camera_pixels
from sightline.perception import Perception

pytestmark = pytest.mark.slow

CAP_MB = 48


def blank_png(width: int, height: int) -> bytes:
    """A white PNG: a few kilobytes that decode to width × height × 3 bytes."""
    out = io.BytesIO()
    Image.new("RGB", (width, height), (255, 255, 255)).save(out, format="PNG")
    return out.getvalue()


@pytest_asyncio.fixture
async def workers() -> AsyncIterator[Perception]:
    perception = Perception.isolated(1, CAP_MB)
    await perception.warm()
    yield perception
    perception.close()


async def test_codes_and_text_are_read_in_a_worker(workers: Perception) -> None:
    scene = await workers.perceive(qr_png("HELLO WORKER"), want_text=True)
    assert [item.text for item in scene.items if item.kind == "code"] == ["HELLO WORKER"]


async def test_a_frame_over_the_memory_cap_fails_there_and_the_worker_goes_on(
    workers: Perception,
) -> None:
    bomb = blank_png(4000, 2900)  # 11.6 MP, under the pixel limit: 35 MB decoded, then OCR
    assert len(bomb) < 100_000
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(SightlineError) as refused:
        await workers.perceive(bomb, want_text=True)
    assert refused.value.code == "image_too_large"
    assert "memory" in refused.value.message
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown_kb < 20_000  # the decoded pixels never entered this process
    scene = await workers.perceive(qr_png("STILL HERE"))
    assert [item.text for item in scene.items] == ["STILL HERE"]


async def test_a_worker_that_dies_is_replaced(workers: Perception) -> None:
    pids = await asyncio.get_running_loop().run_in_executor(
        workers._executor,
        os.getpid,
    )
    os.kill(pids, signal.SIGKILL)
    await asyncio.sleep(0.2)
    with pytest.raises(SightlineError) as failed:
        await workers.perceive(qr_png("LOST"))
    assert failed.value.code == "bad_image"
    await workers.warm()
    scene = await workers.perceive(qr_png("NEW WORKER"))
    assert [item.text for item in scene.items] == ["NEW WORKER"]


async def test_a_profiles_camera_limit_is_checked_before_decoding() -> None:
    small_camera = camera_pixels("mono-576x136")
    assert small_camera == get_profile("mono-576x136").camera_max_pixels == 5_000_000
    assert camera_pixels("no-such-profile") is None
    async with Perception() as perception:
        frame = blank_png(3000, 2000)  # 6 MP: within the hub's 12 MP, over the profile's 5
        scene = await perception.perceive(frame)
        assert scene.items == ()
        with pytest.raises(SightlineError) as refused:
            await perception.perceive(blank_png(3001, 2000), max_pixels=small_camera)
        assert refused.value.code == "image_too_large"
        assert "5 megapixels" in refused.value.message
