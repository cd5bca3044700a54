"""Reading printed text in a frame with RapidOCR (PP-OCRv4 models on ONNX Runtime, shipped)."""

from __future__ import annotations

import importlib
import threading
from typing import Any

import numpy as np
from numpy.typing import NDArray
from PIL import Image

from sightline.errors import SightlineError
from sightline.scene import SceneItem

MIN_SCORE = 0.5
"""Recognised text scoring lower than this (0–1) is dropped."""


class TextReader:
    """A RapidOCR engine, loaded on first use (about half a second) and reused.

    Calls are serialised: the engine keeps per-call state, and two concurrent recognitions on
    a small machine only slow each other down.

    Args:
        threads: ONNX Runtime threads per operator; None lets it use every core.
        min_score: Recognised text scoring lower (0–1) is dropped.
    """

    def __init__(self, threads: int | None = None, min_score: float = MIN_SCORE) -> None:
        self._threads = threads
        self._min_score = min_score
        self._engine: Any = None
        self._lock = threading.Lock()

    def read(self, image: Image.Image | NDArray[np.uint8]) -> list[SceneItem]:
        """Recognise the text in a frame.

        Args:
            image: A Pillow image (any mode) or a uint8 RGB or grey array.

        Returns:
            One `SceneItem(kind="text")` per text segment found (a line, or a phrase of one),
            top to bottom, with its box (left, top, right, bottom) in the image's pixels.
            Spaces between Latin words are sometimes dropped.

        Raises:
            SightlineError: `ocr_unavailable` when the OCR engine cannot be loaded.
        """
        pil = image if isinstance(image, Image.Image) else Image.fromarray(image)
        rgb = _rgb(pil)
        if rgb.width < 2 or rgb.height < 2:
            return []
        with self._lock:
            engine = self._load()
            result, _ = engine(rgb)
        return _items(result or [], rgb.size)

    def warm(self) -> None:
        """Load the models now and run them once on a blank frame (their buffers allocated).

        Raises:
            SightlineError: `ocr_unavailable` when the OCR engine cannot be loaded.
        """
        self.read(Image.new("RGB", (64, 32), (255, 255, 255)))

    def _load(self) -> Any:
        if self._engine is None:
            # Imported on first use: onnxruntime and OpenCV take about half a second to load.
            try:
                rapidocr = importlib.import_module("rapidocr_onnxruntime")
            except ImportError as exc:  # pragma: no cover - a dependency of the package
                raise SightlineError("ocr_unavailable", f"RapidOCR is missing: {exc}") from exc
            options: dict[str, Any] = {"text_score": self._min_score}
            if self._threads is not None:
                options["intra_op_num_threads"] = self._threads
            try:
                self._engine = rapidocr.RapidOCR(**options)
            except Exception as exc:
                raise SightlineError("ocr_unavailable", f"cannot load the models: {exc}") from exc
        return self._engine


_SHARED = TextReader()


def shared_text_reader() -> TextReader:
    """The process-wide `TextReader` behind `read_text` (its models load once)."""
    return _SHARED


def read_text(image: Image.Image | NDArray[np.uint8]) -> list[SceneItem]:
    """Recognise the text in a frame with a shared `TextReader`.

    Slow (about half a second for a 640×480 frame on two cores): run it only when text is
    wanted.

    Args:
        image: A Pillow image (any mode) or a uint8 RGB or grey array.

    Returns:
        One `SceneItem(kind="text")` per text segment (a line or a phrase of one), top to
        bottom, with its box in the image's pixels.

    Raises:
        SightlineError: `ocr_unavailable` when the OCR engine cannot be loaded.
    """
    return _SHARED.read(image)


def _rgb(image: Image.Image) -> Image.Image:
    if image.mode == "RGB":
        return image
    if image.has_transparency_data:
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("RGB")
    return image.convert("RGB")


def _items(result: list[Any], size: tuple[int, int]) -> list[SceneItem]:
    width, height = size
    items = []
    for entry in result:
        points, text = entry[0], entry[1]
        text = str(text).strip()
        if not text:
            continue
        xs = [float(p[0]) for p in points]
        ys = [float(p[1]) for p in points]
        box = (
            min(max(min(xs), 0.0), float(width)),
            min(max(min(ys), 0.0), float(height)),
            min(max(max(xs), 0.0), float(width)),
            min(max(max(ys), 0.0), float(height)),
        )
        items.append(SceneItem(kind="text", text=text, box=box))
    return items
