"""Blurring the faces of a frame before it leaves the hub, and blurred memory thumbnails."""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from sightline.perception.images import decode_image
from sightline.privacy.faces import Box, FaceDetector, shared_face_detector

MARGIN = 0.25
"""Each face box grows by this share of its size on every side before blurring (hair, ears)."""


@dataclass(frozen=True)
class BlurredImage:
    """A frame made safe to send.

    Attributes:
        data: The encoded image (JPEG).
        media_type: Its media type.
        size: Width and height in pixels.
        faces: How many faces were blurred.
    """

    data: bytes
    media_type: str
    size: tuple[int, int]
    faces: int

    def trace(self) -> dict[str, object]:
        """What the turn's trace records about the image that left the hub."""
        return {
            "image_sent": True,
            "bytes": len(self.data),
            "width": self.size[0],
            "height": self.size[1],
            "faces_blurred": self.faces,
        }


def blur_faces(
    image: bytes,
    detector: FaceDetector | None = None,
    max_side: int | None = None,
    quality: int = 85,
) -> BlurredImage:
    """Decode a frame, blur every face found in it, and encode it again as JPEG.

    Each face is covered by a heavy Gaussian blur of its (enlarged) box, inside an ellipse
    feathered into the rest of the image; nothing recognisable survives.

    Args:
        image: The encoded frame (JPEG, PNG or WebP).
        detector: The face detector; the shared Haar detector by default.
        max_side: Shrink the frame first so its longer side is at most this many pixels.
        quality: JPEG quality of the result.

    Raises:
        SightlineError: `bad_image`, `image_too_large` or `face_detector_unavailable`.
    """
    frame = decode_image(image).image.convert("RGB")
    if max_side is not None and max(frame.size) > max_side:
        frame.thumbnail((max_side, max_side))
    boxes = (detector or shared_face_detector()).detect(np.asarray(frame))
    blurred = _blur_boxes(frame, boxes)
    out = io.BytesIO()
    blurred.save(out, format="JPEG", quality=quality)
    return BlurredImage(out.getvalue(), "image/jpeg", blurred.size, len(_merged(boxes)))


def thumbnail(image: bytes, side: int = 128, detector: FaceDetector | None = None) -> bytes:
    """A small JPEG (longer side `side` pixels) of the frame, faces blurred first."""
    blurred = blur_faces(image, detector, max_side=320)
    small = Image.open(io.BytesIO(blurred.data))
    small.thumbnail((side, side))
    out = io.BytesIO()
    small.save(out, format="JPEG", quality=70)
    return out.getvalue()


def _blur_boxes(frame: Image.Image, boxes: list[Box]) -> Image.Image:
    if not boxes:
        return frame
    width, height = frame.size
    mask = Image.new("L", frame.size, 0)
    draw = ImageDraw.Draw(mask)
    for left, top, right, bottom in _merged(boxes):
        dx, dy = (right - left) * MARGIN, (bottom - top) * MARGIN
        draw.ellipse(
            (max(left - dx, 0), max(top - dy, 0), min(right + dx, width), min(bottom + dy, height)),
            fill=255,
        )
    longest = max(max(r - left, b - t) for left, t, r, b in boxes)
    radius = max(longest / 4, 8)
    heavy = frame.filter(ImageFilter.GaussianBlur(radius))
    return Image.composite(heavy, frame, mask.filter(ImageFilter.GaussianBlur(radius / 4)))


def _merged(boxes: list[Box]) -> list[Box]:
    """Boxes with those that overlap by more than half of the smaller one merged."""
    merged: list[Box] = []
    for box in sorted(boxes, key=lambda b: (b[2] - b[0]) * (b[3] - b[1]), reverse=True):
        for i, kept in enumerate(merged):
            if _overlap(box, kept) > 0.5:
                merged[i] = (
                    min(box[0], kept[0]),
                    min(box[1], kept[1]),
                    max(box[2], kept[2]),
                    max(box[3], kept[3]),
                )
                break
        else:
            merged.append(box)
    return merged


def _overlap(a: Box, b: Box) -> float:
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    if width <= 0 or height <= 0:
        return 0.0
    smaller = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
    return width * height / max(smaller, 1)
