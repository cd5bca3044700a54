"""Perception: what the camera sees, as a `Scene` of decoded codes and text with boxes.

`Perception.perceive(frame_bytes, gaze)` is the entry point for async code: it decodes the
frame, reads codes (zxing-cpp, fast) and, when asked, text (RapidOCR, slow) in a thread pool,
caches by the frame's hash and picks the item in focus. The pieces are usable alone:
`decode_image`, `detect_codes`, `read_text`, `pick_focus` (`sightline.bench.scan` measures
them). Every model ships with the packages; nothing is downloaded.

Example:
    perception = Perception()
    scene = await perception.perceive(jpeg_bytes, gaze=(320, 240))
    item = scene.items[scene.focus] if scene.focus is not None else None
"""

from sightline.perception.codes import detect_codes
from sightline.perception.focus import pick_focus
from sightline.perception.images import (
    MAX_IMAGE_BYTES,
    MAX_IMAGE_PIXELS,
    DecodedImage,
    decode_image,
)
from sightline.perception.ocr import TextReader, read_text, shared_text_reader
from sightline.perception.stage import Perception

__all__ = [
    "MAX_IMAGE_BYTES",
    "MAX_IMAGE_PIXELS",
    "DecodedImage",
    "Perception",
    "TextReader",
    "decode_image",
    "detect_codes",
    "pick_focus",
    "read_text",
    "shared_text_reader",
]
