"""Decoding camera frames: JPEG, PNG or WebP bytes to a Pillow image, with size limits."""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image

from sightline.errors import SightlineError

MAX_IMAGE_BYTES = 20 * 1024 * 1024
"""Largest encoded frame accepted (20 MB)."""

MAX_IMAGE_PIXELS = 40_000_000
"""Largest frame accepted, in pixels (40 megapixels)."""

MEDIA_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
"""The accepted Pillow formats and their media types."""


@dataclass(frozen=True)
class DecodedImage:
    """A decoded frame.

    Attributes:
        image: The pixels, possibly decoded at a reduced size (see `scale`).
        media_type: "image/jpeg", "image/png" or "image/webp".
        size: The frame's full size in pixels (width, height).
        scale: Full-size pixels per pixel of `image` (1.0 unless a JPEG was decoded reduced).
    """

    image: Image.Image
    media_type: str
    size: tuple[int, int]
    scale: float = 1.0


def decode_image(
    data: bytes,
    *,
    min_side: int | None = None,
    max_bytes: int = MAX_IMAGE_BYTES,
    max_pixels: int = MAX_IMAGE_PIXELS,
) -> DecodedImage:
    """Decode JPEG, PNG or WebP bytes (the first frame of an animation).

    Args:
        data: The encoded image.
        min_side: When set, a large JPEG may be decoded reduced (1/2, 1/4 or 1/8, which is
            nearly free in the JPEG decoder) as long as its longer side stays at least this.
        max_bytes: Larger input is refused before decoding.
        max_pixels: Larger frames are refused before their pixels are decoded.

    Returns:
        The decoded frame.

    Raises:
        SightlineError: `image_too_large` over either limit; `bad_image` for anything that is
            not a readable JPEG, PNG or WebP image.
    """
    if len(data) > max_bytes:
        raise SightlineError(
            "image_too_large", f"the image is {len(data)} bytes; at most {max_bytes} are accepted"
        )
    if not data:
        raise SightlineError("bad_image", "the image is empty")
    image = open_image_header(data, max_pixels)
    width, height = image.size
    scale = 1.0
    if min_side is not None and image.format == "JPEG" and max(width, height) >= 2 * min_side:
        ratio = min_side / max(width, height)
        image.draft(image.mode, (max(1, round(width * ratio)), max(1, round(height * ratio))))
        scale = width / image.size[0]
    try:
        image.load()
    except (OSError, ValueError, SyntaxError) as exc:
        raise SightlineError("bad_image", "the image data is corrupt or truncated") from exc
    media_type = MEDIA_TYPES[str(image.format)]
    return DecodedImage(image=image, media_type=media_type, size=(width, height), scale=scale)


def open_image_header(data: bytes, max_pixels: int = MAX_IMAGE_PIXELS) -> Image.Image:
    """Read an image's header only (no pixels decoded) and check its size.

    Args:
        data: The encoded image.
        max_pixels: Larger frames are refused.

    Returns:
        The opened, not yet decoded image (`size` and `format` are known).

    Raises:
        SightlineError: `image_too_large` over `max_pixels`; `bad_image` when the header is not
            a readable JPEG, PNG or WebP header or declares no pixels.
    """
    try:
        # Pillow refuses frames over about 179 megapixels itself; our limit is far lower.
        image = Image.open(io.BytesIO(data), formats=list(MEDIA_TYPES))
    except Image.DecompressionBombError:
        raise SightlineError("image_too_large", _too_large(None, max_pixels)) from None
    except (OSError, ValueError, SyntaxError) as exc:
        raise SightlineError("bad_image", "not a readable JPEG, PNG or WebP image") from exc
    width, height = image.size
    if width <= 0 or height <= 0:
        raise SightlineError("bad_image", "the image has no pixels")
    if width * height > max_pixels:
        raise SightlineError("image_too_large", _too_large((width, height), max_pixels))
    return image


def _too_large(size: tuple[int, int] | None, max_pixels: int) -> str:
    limit = f"at most {max_pixels / 1e6:g} megapixels ({max_pixels} pixels) are accepted"
    if size is None:
        return f"the image is far too large; {limit}"
    return f"the image is {size[0]}×{size[1]} pixels; {limit}"
