"""Text reading with RapidOCR on a rendered sign."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from sightline.perception import TextReader, read_text

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")


def _sign(lines: list[str], size: tuple[int, int] = (640, 360)) -> Image.Image:
    if not FONT.exists():
        pytest.skip(f"{FONT} is not installed")
    image = Image.new("RGB", size, (250, 250, 245))
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT), 40)
    for row, line in enumerate(lines):
        draw.text((40, 40 + row * 90), line, font=font, fill=(20, 20, 30))
    return image


def test_read_text_finds_every_line_with_boxes() -> None:
    image = _sign(["GATE B12", "Departs 14:35", "Platform 9"])
    items = read_text(image)
    assert all(item.kind == "text" and item.format == "" for item in items)
    rows: dict[int, list[str]] = {}
    for item in items:
        left, top, right, bottom = item.box
        assert 0 <= left < right <= 640 and 0 <= top < bottom <= 360
        row = round((top - 40) / 90)
        assert 30 + row * 90 <= top < bottom <= 100 + row * 90
        rows.setdefault(row, []).append(item.text)
    found = ["".join(parts).replace(" ", "") for _, parts in sorted(rows.items())]
    assert found == ["GATEB12", "Departs14:35", "Platform9"]


def test_blank_and_tiny_images_have_no_text() -> None:
    reader = TextReader(threads=1)
    assert reader.read(Image.new("RGB", (320, 240), "white")) == []
    assert reader.read(np.zeros((1, 1, 3), np.uint8)) == []
