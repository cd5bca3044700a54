"""Decoding barcodes and 2D codes in a camera frame with zxing-cpp.

The pipeline never reads less than the library it wraps: the first attempt is plain
`zxingcpp.read_barcodes` with its default options on the untouched frame, then on the frame
turned as its EXIF orientation says. Only when those find nothing does it make extra attempts,
each only when its expected cost still fits the frame's processor-time budget
(`EXTRA_BUDGET_S`):

1. A grey copy with transparency flattened onto white (a palette or transparent frame whose
   pixels zxing would read as indices or black).
2. A reduced copy when the frame's longer side is over `MAX_SIDE` (zxing's own pyramid
   misses some codes in very large frames).
3. The grey copy turned 45° for linear codes only (zxing's row scan reads bars tilted up to
   about 25°, and tries quarter turns itself, so one 45° turn covers tilts of 25–65° either
   way: EAN/UPC at 30–45°).
4. Small frames (longer side up to `UPSCALE_MAX_SIDE`) enlarged twice (bicubic) with the
   global-histogram binarizer: thin bars, soft or noisy modules in low-resolution photos.

Codes beside those already found (a row scan stops at the first linear code on a row) are
looked for with the found ones blanked out. Measured with `sightline bench scan`, which prints
our rate and plain zxing-cpp's side by side.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator, Sequence

import numpy as np
import zxingcpp
from numpy.typing import NDArray
from PIL import Image, ImageOps

from sightline.scene import SceneItem

MAX_SIDE = 1600
"""A frame whose longer side is over this also gets a reduced attempt (pixels)."""

UPSCALE_MAX_SIDE = 520
"""The enlarged attempt runs only on frames up to this longer side."""

EXTRA_BUDGET_S = 0.026
"""Processor time (seconds, this thread) a frame may take: an extra attempt is made only when
the time spent plus its expected cost (the first read's cost per pixel, scaled by `COST`)
fits."""

TILTS = (45.0,)
"""Turns (degrees) of the linear-code attempts (the enlarged attempt comes after the first).
One 45° turn suffices: zxing reads linear codes tilted up to about 25° and tries quarter
turns itself."""

TILT_MAX_SIDE = 1000
"""The turned copies are made from the frame reduced to at most this longer side."""

_TEXT_CONTROLS = frozenset("\t\n\r")
_LINEAR_FORMATS = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.LinearCodes)
_LINEAR_LIST = zxingcpp.barcode_formats_list(_LINEAR_FORMATS)
_LINEAR = frozenset(_LINEAR_LIST[i] for i in range(len(_LINEAR_LIST)))
_EXIF_ORIENTATION = 0x0112
Reader = Callable[[Image.Image], list[zxingcpp.Barcode]]
Attempt = tuple[Image.Image, float, Reader, tuple[int, int]]
"""(image to read, its turn in degrees, how to read it, its size before the turn)."""


_PLAIN_TEXT = zxingcpp.TextMode.Plain


def _plain(image: Image.Image) -> list[zxingcpp.Barcode]:
    """zxing-cpp's default options (the text as encoded, not its HRI rendering)."""
    return list(zxingcpp.read_barcodes(image, text_mode=_PLAIN_TEXT))


def _enlarged_read(image: Image.Image) -> list[zxingcpp.Barcode]:
    return list(
        zxingcpp.read_barcodes(
            image, text_mode=_PLAIN_TEXT, binarizer=zxingcpp.Binarizer.GlobalHistogram
        )
    )


def _linear_read(image: Image.Image) -> list[zxingcpp.Barcode]:
    return list(zxingcpp.read_barcodes(image, text_mode=_PLAIN_TEXT, formats=_LINEAR_FORMATS))


COST: dict[Reader, float] = {_plain: 1.0, _enlarged_read: 0.75, _linear_read: 0.6}
"""Expected processor time of a read per pixel, relative to the first (full) read."""


def _gs1_as_hri(
    image: Image.Image, found: list[zxingcpp.Barcode]
) -> dict[tuple[str, int, int], str]:
    """GS1 data in its human-readable form ("(01)09501101530008(17)..."), by format and
    position, read again only when the frame holds GS1 data."""
    if all(barcode.content_type != zxingcpp.ContentType.GS1 for barcode in found):
        return {}
    again = _safe(lambda frame: list(zxingcpp.read_barcodes(frame)), image)
    return {
        (b.format.name, b.position.top_left.x, b.position.top_left.y): b.text
        for b in again
        if b.content_type == zxingcpp.ContentType.GS1
    }


def detect_codes(image: Image.Image | NDArray[np.uint8]) -> list[SceneItem]:
    """Decode every barcode and 2D code visible in a frame.

    Reads QR (and Micro QR, rMQR), EAN-13/EAN-8, UPC-A/UPC-E, PDF417, Aztec, DataMatrix,
    MaxiCode, Code 128, Code 39/93, Codabar, ITF, DataBar and zxing-cpp's other linear formats.
    Text is the content as encoded (line breaks and control characters kept), except GS1 data,
    given in its human-readable form "(01)09501101530008(17)...". An EAN-13 starting with 0 is
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
    started = time.thread_time()
    frame = image if isinstance(image, Image.Image) else Image.fromarray(image)
    width, height = frame.size
    if width == 0 or height == 0:
        return []
    per_pixel = 0.0
    for attempt, (source, turn, read, base) in enumerate(_attempts(frame)):
        spent = time.thread_time() - started
        expected = per_pixel * base[0] * base[1] * COST.get(read, 1.0)
        if attempt > 0 and spent + expected > EXTRA_BUDGET_S:
            continue  # a cheaper attempt later may still fit
        found = [barcode for barcode in _safe(read, source) if barcode.valid]
        if attempt == 0:
            per_pixel = (time.thread_time() - started) / max(1, width * height)
        if found:
            found += _beside(source, found, read)
            to_frame = _to_frame(source.size, turn, base, (width, height))
            return _items(found, to_frame, (width, height), _gs1_as_hri(source, found))
    return []


def _safe(read: Reader, image: Image.Image) -> list[zxingcpp.Barcode]:
    try:
        return read(image)
    except (ValueError, TypeError):  # a pixel format zxing does not take: the grey copy will
        return []


def _attempts(frame: Image.Image) -> Iterator[Attempt]:
    """The frames to try, in order (see the module's docstring); built only when reached."""
    yield frame, 0.0, _plain, frame.size
    if frame.getexif().get(_EXIF_ORIENTATION, 1) != 1:
        turned = ImageOps.exif_transpose(frame)
        yield turned, 0.0, _plain, turned.size  # its boxes are in the turned frame
    grey = _grey(frame)
    if frame.mode not in ("L", "RGB"):
        yield grey, 0.0, _plain, grey.size
    work = _reduced(grey, MAX_SIDE)
    if work is not grey:
        yield work, 0.0, _plain, work.size
    tilt_source = _reduced(work, TILT_MAX_SIDE)
    for turn in TILTS:
        turned = tilt_source.rotate(turn, Image.Resampling.BILINEAR, expand=True, fillcolor=255)
        yield turned, turn, _linear_read, tilt_source.size
    if max(work.size) <= UPSCALE_MAX_SIDE:
        size = (work.width * 2, work.height * 2)
        yield work.resize(size, Image.Resampling.BICUBIC), 0.0, _enlarged_read, size


MORE_PASSES = 2
"""Extra passes over a frame with the codes already found blanked out (see `_beside`)."""


def _beside(
    work: Image.Image,
    found: Sequence[zxingcpp.Barcode],
    read: Reader,
) -> list[zxingcpp.Barcode]:
    """Codes beside those already found: a row scan stops at the first linear code on a row,
    so two products side by side on a shelf need the first one blanked and another look."""
    if all(barcode.format not in _LINEAR for barcode in found):
        return []
    more: list[zxingcpp.Barcode] = []
    blanked = _grey(work)
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
        latest = [barcode for barcode in _safe(read, blanked) if barcode.valid]
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
        text = binary_text(barcode.bytes, barcode.bytes.decode("latin-1"))
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


Point = tuple[float, float]


def _to_frame(
    read_size: tuple[int, int], turn: float, base: tuple[int, int], frame: tuple[int, int]
) -> Callable[[Point], Point]:
    """Maps a point of the image read (turned by `turn` degrees from a copy of size `base`)
    to the frame's pixels."""
    angle = math.radians(turn)
    cos, sin = math.cos(angle), math.sin(angle)
    centre = (read_size[0] / 2, read_size[1] / 2)
    base_centre = (base[0] / 2, base[1] / 2)
    scale_x, scale_y = frame[0] / base[0], frame[1] / base[1]

    def to_frame(point: Point) -> Point:
        dx, dy = point[0] - centre[0], point[1] - centre[1]
        x = base_centre[0] + dx * cos - dy * sin
        y = base_centre[1] + dx * sin + dy * cos
        return x * scale_x, y * scale_y

    return to_frame


def _items(
    found: Sequence[zxingcpp.Barcode],
    to_frame: Callable[[Point], Point],
    size: tuple[int, int],
    gs1: dict[tuple[str, int, int], str],
) -> list[SceneItem]:
    items: list[SceneItem] = []
    seen: set[tuple[str, str, tuple[float, float, float, float]]] = set()
    for barcode in found:
        fmt, text = code_text(barcode)
        corner = barcode.position.top_left
        text = gs1.get((barcode.format.name, corner.x, corner.y), text)
        box = _box([to_frame((p.x, p.y)) for p in _corners(barcode.position)], size)
        if (fmt, text, box) in seen:
            continue
        seen.add((fmt, text, box))
        items.append(SceneItem(kind="code", text=text, format=fmt, box=box))
    return items


def _box(corners: list[Point], size: tuple[int, int]) -> tuple[float, float, float, float]:
    width, height = size

    def clip(value: float, limit: int) -> float:
        return float(round(min(max(value, 0.0), float(limit)), 1))

    xs = [x for x, _ in corners]
    ys = [y for _, y in corners]
    return (
        clip(min(xs), width),
        clip(min(ys), height),
        clip(max(xs) + 1, width),
        clip(max(ys) + 1, height),
    )
