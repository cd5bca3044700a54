"""Images for the memory and privacy tests: rendered signs, and a real photo of a person."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")


def sign(*lines: str, size: tuple[int, int] = (640, 480)) -> bytes:
    """A PNG of a sign: white capitals on a blue panel, one line each (DejaVu Sans Bold)."""
    image = Image.new("RGB", size, (205, 205, 200))
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT), 40) if FONT.exists() else ImageFont.load_default(40)
    draw.rectangle((60, 100, size[0] - 60, 140 + 70 * len(lines)), fill=(20, 60, 140))
    for i, line in enumerate(lines):
        draw.text((90, 130 + 70 * i), line, font=font, fill="white")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def astronaut_png() -> bytes:
    """scikit-image's `data.astronaut()`: Eileen Collins, NASA photo (public domain), shipped
    inside the scikit-image wheel."""
    from skimage import data

    out = io.BytesIO()
    Image.fromarray(data.astronaut()).save(out, format="PNG")
    return out.getvalue()
