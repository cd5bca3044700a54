"""Frames without any code, for the false-positive count of the scan benchmark.

Real photos that ship inside installed packages (scikit-learn's sample images "china" and
"flower", matplotlib's sample photos "grace_hopper" and "Minduka_Present_Blue_Pack"), each
also turned a quarter, in grey and as a half-size crop, plus frames that look like codes to a
row scanner and are not: stripes of varying width, printed text, noise. Built in memory; the
product never needs them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

MATPLOTLIB_PHOTOS = ("grace_hopper.jpg", "Minduka_Present_Blue_Pack.png")


def _package_photos() -> Iterator[tuple[str, Image.Image]]:
    from sklearn.datasets import load_sample_images

    bunch = load_sample_images()
    for path, pixels in zip(bunch.filenames, bunch.images, strict=True):
        yield Path(path).stem, Image.fromarray(pixels)
    import matplotlib

    folder = Path(matplotlib.__file__).parent / "mpl-data" / "sample_data"
    for name in MATPLOTLIB_PHOTOS:
        if (folder / name).is_file():
            with Image.open(folder / name) as image:
                yield Path(name).stem, image.convert("RGB")


def _variants(name: str, image: Image.Image) -> Iterator[tuple[str, Image.Image]]:
    yield name, image
    yield f"{name}-turned", image.transpose(Image.Transpose.ROTATE_90)
    yield f"{name}-grey", image.convert("L")
    width, height = image.size
    yield f"{name}-crop", image.crop((width // 4, height // 4, 3 * width // 4, 3 * height // 4))


def _synthetic(seed: int = 7) -> Iterator[tuple[str, Image.Image]]:
    rng = np.random.default_rng(seed)
    for n in range(4):
        widths = rng.integers(1, 9, size=200)
        row = np.concatenate([np.full(w, 255 * (i % 2), np.uint8) for i, w in enumerate(widths)])
        stripes = np.tile(row[:640], (480, 1))
        yield f"stripes-{n}", Image.fromarray(stripes)
    yield "noise", Image.fromarray(rng.integers(0, 256, (480, 640), dtype=np.uint8))
    page = Image.new("L", (640, 480), 255)
    draw = ImageDraw.Draw(page)
    for line in range(20):
        draw.text((20, 20 + 22 * line), "Invoice 0042 · total 23.50 EUR · thank you " * 2, fill=0)
    yield "text", page


def scan_negatives() -> list[tuple[str, Image.Image]]:
    """The code-free frames: (name, image), the same on every call."""
    frames: list[tuple[str, Image.Image]] = []
    for name, photo in _package_photos():
        frames.extend(_variants(name, photo))
    frames.extend(_synthetic())
    return frames
