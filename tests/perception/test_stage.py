"""The perception stage: decoding frames, stable errors, the cache, focus, text on request."""

from __future__ import annotations

import asyncio
import io
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import zxingcpp
from PIL import Image, ImageDraw, ImageFont

from sightline.errors import SightlineError
from sightline.perception import Perception, TextReader, decode_image, stage
from sightline.scene import SceneItem

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")


def _qr(content: str, scale: int = 6) -> Image.Image:
    barcode = zxingcpp.create_barcode(content, zxingcpp.BarcodeFormat.QRCode)
    return Image.fromarray(np.asarray(zxingcpp.write_barcode_to_image(barcode, scale=scale)))


def _frame(size: tuple[int, int] = (640, 480)) -> Image.Image:
    frame = Image.new("RGB", size, (200, 205, 210))
    frame.paste(_qr("left").convert("RGB"), (40, 100))
    frame.paste(_qr("right").convert("RGB"), (size[0] - 240, 100))
    return frame


def _encode(image: Image.Image, fmt: str, **options: Any) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


class CountingExecutor(ThreadPoolExecutor):
    """A thread pool that counts submitted jobs."""

    def __init__(self) -> None:
        super().__init__(max_workers=1)
        self.jobs = 0

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        self.jobs += 1
        return super().submit(fn, *args, **kwargs)


@pytest.mark.parametrize(
    ("fmt", "media_type"),
    [("PNG", "image/png"), ("JPEG", "image/jpeg"), ("WEBP", "image/webp")],
)
async def test_perceive_each_format(fmt: str, media_type: str) -> None:
    data = _encode(_frame(), fmt, quality=95) if fmt != "PNG" else _encode(_frame(), fmt)
    async with Perception() as perception:
        scene = await perception.perceive(data, gaze=(560, 200))
    assert scene.image == data and scene.media_type == media_type
    assert sorted(item.text for item in scene.items) == ["left", "right"]
    assert scene.gaze == (560, 200)
    assert scene.focus is not None and scene.items[scene.focus].text == "right"


async def test_runs_off_the_event_loop_in_the_given_executor(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    executor = CountingExecutor()
    perception = Perception(executor)
    loop_thread = threading.get_ident()
    seen: list[int] = []
    original = stage.analyse

    def spy(*args: Any) -> Any:
        seen.append(threading.get_ident())
        return original(*args)

    monkeypatch.setattr(stage, "analyse", spy)
    await perception.perceive(_encode(_frame(), "PNG"))
    assert executor.jobs == 1 and seen and seen[0] != loop_thread
    perception.close()
    assert (await asyncio.wrap_future(executor.submit(lambda: 7))) == 7  # not shut down
    executor.shutdown()


async def test_cache_hit_skips_the_work() -> None:
    executor = CountingExecutor()
    perception = Perception(executor, cache_size=2)
    first, second, third = (_encode(_frame((640 + i, 480)), "PNG") for i in range(3))
    one = await perception.perceive(first, gaze=(100, 150))
    again = await perception.perceive(first, gaze=(560, 200))
    assert executor.jobs == 1 and perception.hits == 1
    assert again.items == one.items and again.gaze == (560, 200)
    assert again.focus != one.focus  # focus follows this request's gaze
    await perception.perceive(second)
    await perception.perceive(third)  # evicts `first` (least recently used)
    await perception.perceive(first)
    assert executor.jobs == 4
    executor.shutdown()


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "bad_image"),
        (b"definitely not an image", "bad_image"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "bad_image"),
        (_encode(_frame(), "GIF"), "bad_image"),
        (_encode(_frame(), "BMP"), "bad_image"),
        (_encode(_frame(), "JPEG")[:600], "bad_image"),
        (_encode(Image.new("1", (8000, 6000)), "PNG"), "image_too_large"),
        (_encode(Image.new("1", (20000, 20000)), "PNG"), "image_too_large"),
    ],
    ids=["empty", "text", "png-header", "gif", "bmp", "truncated", "48mp", "bomb"],
)
async def test_bad_frames_raise_stable_codes(data: bytes, code: str) -> None:
    async with Perception() as perception:
        with pytest.raises(SightlineError) as raised:
            await perception.perceive(data)
    assert raised.value.code == code


def test_too_many_bytes_is_refused_before_decoding() -> None:
    with pytest.raises(SightlineError) as raised:
        decode_image(b"\xff\xd8" + b"\x00" * 100, max_bytes=50)
    assert raised.value.code == "image_too_large"


async def test_large_jpeg_decoded_reduced_but_boxes_in_full_pixels() -> None:
    frame = Image.new("RGB", (4000, 3000), (150, 150, 160))
    qr = _qr("far away", scale=14)
    frame.paste(qr.convert("RGB"), (2800, 2000))
    quiet = 4 * 14  # the quiet zone: four modules
    data = _encode(frame, "JPEG", quality=90)
    assert decode_image(data, min_side=1600).scale == 2.0
    async with Perception() as perception:
        scene = await perception.perceive(data, gaze=(3000, 2200))
    (item,) = scene.items
    left, top, right, bottom = item.box
    assert abs(left - (2800 + quiet)) < 15 and abs(top - (2000 + quiet)) < 15
    assert abs(right - (2800 + qr.width - quiet)) < 15
    assert abs(bottom - (2000 + qr.height - quiet)) < 15
    assert scene.focus == 0


class FakeReader(TextReader):
    """Counts calls instead of running OCR."""

    def __init__(self) -> None:
        super().__init__()
        self.calls = 0

    def read(self, image: Image.Image | Any) -> list[SceneItem]:
        self.calls += 1
        return [SceneItem(kind="text", text="EXIT", box=(10.0, 10.0, 90.0, 40.0))]


async def test_text_only_when_asked_and_cached_with_the_frame() -> None:
    reader = FakeReader()
    data = _encode(_frame(), "PNG")
    async with Perception(text_reader=reader) as perception:
        codes_only = await perception.perceive(data)
        assert reader.calls == 0 and all(i.kind == "code" for i in codes_only.items)
        with_text = await perception.perceive(data, gaze=(20, 20), want_text=True)
        assert reader.calls == 1
        assert [i.kind for i in with_text.items] == ["code", "code", "text"]
        assert with_text.focus == 2
        await perception.perceive(data, want_text=True)
        assert reader.calls == 1 and perception.hits == 1


@pytest.mark.skipif(not FONT.exists(), reason=f"{FONT} is not installed")
async def test_real_ocr_through_the_stage() -> None:
    frame = Image.new("RGB", (640, 240), "white")
    font = ImageFont.truetype(str(FONT), 44)
    ImageDraw.Draw(frame).text((30, 90), "Coffee 3.50", font=font, fill="black")
    async with Perception() as perception:
        scene = await perception.perceive(_encode(frame, "PNG"), want_text=True)
    assert "".join(i.text for i in scene.items).replace(" ", "") == "Coffee3.50"
    assert scene.focus == 0
