"""Choosing the item the wearer means: the one under the gaze, else the most prominent."""

from __future__ import annotations

import math
from collections.abc import Sequence

from sightline.scene import SceneItem

GAZE_TOLERANCE = 0.08
"""How far from a box a gaze point may fall and still pick it, as a share of the diagonal."""

Box = tuple[float, float, float, float]


def pick_focus(
    items: Sequence[SceneItem],
    gaze: tuple[float, float] | None,
    image_size: tuple[int, int],
    tolerance: float = GAZE_TOLERANCE,
) -> int | None:
    """Pick the index of the item in focus.

    With a gaze point: the item whose box contains it (the smallest such box, so a code printed
    on a label beats the label's text block); else the item whose box is nearest, when it is
    within `tolerance` × the image diagonal. Otherwise (no gaze, or nothing near it): the most
    prominent item, scoring equally how central its box is and how large (the square root of
    its share of the image). Ties go to the earlier item.

    Args:
        items: The decoded items, boxes in image pixels (left, top, right, bottom).
        gaze: The gaze point in image pixels, or None.
        image_size: The image's (width, height) in pixels.
        tolerance: The nearest-box tolerance as a share of the image diagonal.

    Returns:
        An index into `items`, or None when there are no items.
    """
    if not items:
        return None
    boxes = [_normalised(item.box) for item in items]
    width = max(_finite(image_size[0]), 1.0)
    height = max(_finite(image_size[1]), 1.0)
    diagonal = math.hypot(width, height)
    if gaze is not None and all(math.isfinite(v) for v in gaze):
        x, y = float(gaze[0]), float(gaze[1])
        inside = [i for i, box in enumerate(boxes) if box and _distance(box, x, y) == 0.0]
        if inside:
            return min(inside, key=lambda i: (_area(boxes[i]), i))
        limit = max(tolerance, 0.0) * diagonal
        near = [
            (_distance(box, x, y), _area(box), i) for i, box in enumerate(boxes) if box is not None
        ]
        near = [entry for entry in near if entry[0] <= limit]
        if near:
            return min(near)[2]
    scores = [_prominence(box, width, height, diagonal) for box in boxes]
    return max(range(len(items)), key=lambda i: (scores[i], -i))


def _finite(value: float) -> float:
    return float(value) if math.isfinite(value) else 0.0


def _normalised(box: Sequence[float]) -> Box | None:
    """The box with left ≤ right and top ≤ bottom, or None when a coordinate is not finite."""
    if len(box) != 4 or not all(math.isfinite(v) for v in box):
        return None
    left, top, right, bottom = (float(v) for v in box)
    return (min(left, right), min(top, bottom), max(left, right), max(top, bottom))


def _area(box: Box | None) -> float:
    if box is None:
        return math.inf
    return (box[2] - box[0]) * (box[3] - box[1])


def _distance(box: Box, x: float, y: float) -> float:
    dx = max(box[0] - x, 0.0, x - box[2])
    dy = max(box[1] - y, 0.0, y - box[3])
    return math.hypot(dx, dy)


def _prominence(box: Box | None, width: float, height: float, diagonal: float) -> float:
    if box is None:
        return -math.inf
    share = min(_area(box) / (width * height), 1.0)
    centre_x, centre_y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    offset = math.hypot(centre_x - width / 2, centre_y - height / 2) / (diagonal / 2)
    return 0.5 * math.sqrt(share) + 0.5 * (1.0 - min(offset, 1.0))
