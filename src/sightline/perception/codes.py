"""Decoding barcodes and 2D codes in a camera frame with zxing-cpp.

Strategy, measured on the dev photos in `../shared/data/scan`, on 816 altered copies of them
(blurred, rotated, dimmed, noisy, JPEG-compressed, enlarged, pasted small into a large frame,
perspective-skewed) and on 72 code-free images (photos, diagrams, text, stripes, noise):

1. The frame as grey levels (transparency flattened onto white), its longer side reduced to at
   most `MAX_SIDE` pixels: zxing's own search (all formats, 90° rotations, its downscaled
   pyramid, inverted codes). The cap bounds the time on large frames; 1280 lost small codes in
   large frames, 2000 found none more and cost a third more.
2. Only when that finds nothing and the working copy is small (longer side up to
   `UPSCALE_MAX_SIDE`): the copy enlarged twice (bicubic) with zxing's global-histogram
   binarizer. It recovers thin bars and soft or noisy modules in low-resolution photos (+3 dev
   photos, +34 altered copies) with no false decode; it costs about 20 ms on a code-free
   640×480 frame.

Left out, measured: contrast stretch, equalisation, blur, halving, other binarizers at the
same size and a full-resolution pass on large frames (each a few codes for as much time);
unsharp masking (+8 on blurred copies, +28 ms on every frame without a code); linear passes
on copies turned ±20° (tilted barcodes: +6 to +12 of 34 at 15–25°, +8 ms per code-free frame).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import zxingcpp
from numpy.typing import NDArray
from PIL import Image

from sightline.scene import SceneItem

MAX_SIDE = 1600
"""Longer side of the working copy (pixels); larger frames are reduced first."""

UPSCALE_MAX_SIDE = 1000
"""The enlarged second pass runs only on working copies up to this longer side."""

_TEXT_CONTROLS = frozenset("\t\n\r")


def detect_codes(image: Image.Image | NDArray[np.uint8]) -> list[SceneItem]:
    """Decode every barcode and 2D code visible in a frame.

    Reads QR (and Micro QR, rMQR), EAN-13/EAN-8, UPC-A/UPC-E, PDF417, Aztec, DataMatrix,
    MaxiCode, Code 128, Code 39/93, Codabar, ITF, DataBar and zxing-cpp's other linear formats.
    Text is zxing's plain transcoding of the content (character set from ECI or guessed), so
    line breaks and control characters are kept as encoded. An EAN-13 starting with 0 is
    reported as the UPC-A it is (12 digits), a UPC-E as its 8 printed digits. Binary content is
    returned as UTF-8 text when it is valid UTF-8, else as the guessed transcoding when that
    has no control characters, else with every non-printable byte escaped as `\\xNN`.

    Args:
        image: A Pillow image (any mode) or a uint8 array (grey, RGB or RGBA).

    Returns:
        One `SceneItem(kind="code")` per code, with the format name (for example "QRCode",
        "EAN13", "UPCA", "PDF417") and the box (left, top, right, bottom) in the image's
        pixels. Empty when nothing was decoded.
    """
    grey = _grey(image if isinstance(image, Image.Image) else Image.fromarray(image))
    width, height = grey.size
    if width == 0 or height == 0:
        return []
    work = _reduced(grey, MAX_SIDE)
    factor = width / work.width
    found = list(zxingcpp.read_barcodes(work, text_mode=zxingcpp.TextMode.Plain))
    found += _beside(work, found)
    if not found and max(work.size) <= UPSCALE_MAX_SIDE:
        enlarged = work.resize((work.width * 2, work.height * 2), Image.Resampling.BICUBIC)
        found = zxingcpp.read_barcodes(
            enlarged,
            text_mode=zxingcpp.TextMode.Plain,
            binarizer=zxingcpp.Binarizer.GlobalHistogram,
        )
        factor /= 2
    return _items(found, factor, (width, height))


MORE_PASSES = 2
"""Extra passes over a frame with the codes already found blanked out (see `_beside`)."""


def _beside(work: Image.Image, found: Sequence[zxingcpp.Barcode]) -> list[zxingcpp.Barcode]:
    """Codes beside those already found: a row scan stops at the first linear code on a row,
    so two products side by side on a shelf need the first one blanked and another look."""
    more: list[zxingcpp.Barcode] = []
    blanked = work
    latest = list(found)
    for _ in range(MORE_PASSES):
        if not latest:
            break
        blanked = blanked.copy()
        for barcode in latest:
            xs = [p.x for p in _corners(barcode.position)]
            ys = [p.y for p in _corners(barcode.position)]
            pad = max(8, (max(xs) - min(xs)) // 10)
            blanked.paste(255, (min(xs) - pad, min(ys) - pad, max(xs) + pad, max(ys) + pad))
        latest = list(zxingcpp.read_barcodes(blanked, text_mode=zxingcpp.TextMode.Plain))
        more += latest
    return more


def _corners(position: zxingcpp.Position) -> tuple[zxingcpp.Point, ...]:
    return (position.top_left, position.top_right, position.bottom_right, position.bottom_left)


def code_text(barcode: zxingcpp.Barcode) -> tuple[str, str]:
    """The format name and text reported for one decoded code (see `detect_codes`).

    Args:
        barcode: A zxing-cpp result.

    Returns:
        (format name, text).
    """
    fmt = barcode.format
    text = barcode.text
    if fmt == zxingcpp.BarcodeFormat.EAN13 and len(text) == 13 and text.startswith("0"):
        return "UPCA", text[1:]
    if fmt == zxingcpp.BarcodeFormat.UPCE:
        extra = barcode.extra
        printed = extra.get("UPCE") if isinstance(extra, dict) else None
        if isinstance(printed, str) and printed:
            return "UPCE", printed
    if barcode.content_type == zxingcpp.ContentType.Binary:
        text = binary_text(barcode.bytes, text)
    return fmt.name, text


def binary_text(data: bytes, guessed: str) -> str:
    """Text for binary content: UTF-8, else zxing's guess, else bytes escaped as `\\xNN`.

    Args:
        data: The raw bytes of the code.
        guessed: zxing's transcoding of them.

    Returns:
        Text safe to show.
    """
    try:
        decoded = data.decode("utf-8")
    except UnicodeDecodeError:
        decoded = None
    for candidate in (decoded, guessed):
        if candidate is not None and not _has_controls(candidate):
            return candidate
    return "".join(chr(b) if 0x20 <= b < 0x7F and b != 0x5C else f"\\x{b:02x}" for b in data)


def _has_controls(text: str) -> bool:
    return any((ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0) and c not in _TEXT_CONTROLS for c in text)


def _grey(image: Image.Image) -> Image.Image:
    """Grey levels, with any transparency flattened onto white."""
    if image.mode == "L":
        return image
    if image.has_transparency_data:
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(white, rgba)
    return image.convert("L")


def _reduced(image: Image.Image, max_side: int) -> Image.Image:
    longest = max(image.size)
    if longest <= max_side:
        return image
    ratio = max_side / longest
    size = (max(1, round(image.width * ratio)), max(1, round(image.height * ratio)))
    return image.resize(size, Image.Resampling.BOX)


def _items(
    found: Sequence[zxingcpp.Barcode], factor: float, size: tuple[int, int]
) -> list[SceneItem]:
    items: list[SceneItem] = []
    seen: set[tuple[str, str, tuple[float, float, float, float]]] = set()
    for barcode in found:
        if not barcode.valid:
            continue
        fmt, text = code_text(barcode)
        box = _box(barcode.position, factor, size)
        if (fmt, text, box) in seen:
            continue
        seen.add((fmt, text, box))
        items.append(SceneItem(kind="code", text=text, format=fmt, box=box))
    return items


def _box(
    position: zxingcpp.Position, factor: float, size: tuple[int, int]
) -> tuple[float, float, float, float]:
    corners = (position.top_left, position.top_right, position.bottom_right, position.bottom_left)
    xs = [p.x for p in corners]
    ys = [p.y for p in corners]
    width, height = size

    def clip(value: float, limit: int) -> float:
        return float(min(max(value, 0.0), float(limit)))

    return (
        clip(min(xs) * factor, width),
        clip(min(ys) * factor, height),
        clip((max(xs) + 1) * factor, width),
        clip((max(ys) + 1) * factor, height),
    )
