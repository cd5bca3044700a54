"""Finding faces in a frame: OpenCV's Haar cascades, whose weights ship inside the wheel."""

from __future__ import annotations

import importlib
import threading
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from sightline.errors import SightlineError

Box = tuple[int, int, int, int]
"""A face's box in image pixels: left, top, right, bottom."""

CASCADES = ("haarcascade_frontalface_default.xml", "haarcascade_profileface.xml")


class FaceDetector(ABC):
    """Finds faces in an RGB image."""

    @abstractmethod
    def detect(self, rgb: NDArray[np.uint8]) -> list[Box]:
        """Return the boxes of the faces found (possibly overlapping)."""


class HaarFaceDetector(FaceDetector):
    """Frontal and profile Haar cascades from `opencv-python-headless` (`cv2.data`).

    Tuned to find too many faces rather than too few: a blurred patch of wall costs nothing,
    a bystander's face sent to a cloud model does. The profile cascade runs on the image and
    its mirror, so faces turned either way are found.

    Args:
        min_neighbors: Detections a face needs around it (lower finds more).
        min_size: The smallest face, as a share of the shorter image side.
    """

    def __init__(self, min_neighbors: int = 3, min_size: float = 0.04) -> None:
        self._min_neighbors = min_neighbors
        self._min_size = min_size
        self._cascades: list[Any] | None = None
        self._lock = threading.Lock()

    def detect(self, rgb: NDArray[np.uint8]) -> list[Box]:
        """Return the boxes of the faces in an RGB (or grey) uint8 image."""
        cv2 = _cv2()
        grey = rgb if rgb.ndim == 2 else cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
        grey = cv2.equalizeHist(grey)
        height, width = grey.shape[:2]
        side = max(int(min(height, width) * self._min_size), 20)
        boxes: list[Box] = []
        with self._lock:
            frontal, profile = self._load()
            for cascade, mirrored in ((frontal, False), (profile, False), (profile, True)):
                image = grey[:, ::-1].copy() if mirrored else grey
                found = cascade.detectMultiScale(
                    image, scaleFactor=1.1, minNeighbors=self._min_neighbors, minSize=(side, side)
                )
                for x, y, w, h in np.asarray(found).reshape(-1, 4).tolist():
                    left = width - (x + w) if mirrored else x
                    boxes.append((int(left), int(y), int(left + w), int(y + h)))
        return boxes

    def _load(self) -> list[Any]:
        if self._cascades is None:
            cv2 = _cv2()
            folder = Path(cv2.data.haarcascades)
            cascades = [cv2.CascadeClassifier(str(folder / name)) for name in CASCADES]
            if any(c.empty() for c in cascades):
                raise SightlineError("face_detector_unavailable", f"no Haar cascades in {folder}")
            self._cascades = cascades
        return self._cascades


def _cv2() -> Any:
    try:
        return importlib.import_module("cv2")
    except ImportError as exc:  # pragma: no cover - a core dependency
        raise SightlineError("face_detector_unavailable", f"OpenCV is missing: {exc}") from exc


_SHARED = HaarFaceDetector()


def shared_face_detector() -> FaceDetector:
    """The process-wide detector (its cascades load once, on first use)."""
    return _SHARED
