"""Text in view in reading order: blocks of nearby lines, the block under the gaze first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sightline.scene import Scene, SceneItem

LINE_OVERLAP = 0.5
"""Two segments are on one line when their vertical extents overlap by this share."""
BLOCK_GAP = 1.6
"""Lines belong to one block when the gap between them is at most this many line heights."""


@dataclass(frozen=True)
class TextBlock:
    """A block of text: lines top to bottom, each line's segments left to right.

    Attributes:
        lines: The block's lines.
        box: The block's bounding box in image pixels.
        focused: The block holds the item under the gaze.
    """

    lines: tuple[str, ...]
    box: tuple[float, float, float, float]
    focused: bool = False

    @property
    def text(self) -> str:
        """The block as one string, lines separated by newlines."""
        return "\n".join(self.lines)


def reading_order(scene: Scene) -> list[TextBlock]:
    """The scene's text as blocks: the block under the gaze (the focus) first, then the others
    top to bottom and left to right.

    Args:
        scene: A scene perceived with text (`want_text=True`).

    Returns:
        The blocks; empty when the scene holds no text.
    """
    texts = [i for i, item in enumerate(scene.items) if item.kind == "text" and item.text]
    if not texts:
        return []
    groups = _blocks([scene.items[i] for i in texts])
    focus = scene.focus if scene.focus in texts else None
    blocks = []
    for members in groups:
        indices = {texts[m] for m in members}
        items = [scene.items[texts[m]] for m in members]
        blocks.append(TextBlock(_lines(items), _union(items), focus in indices))
    blocks.sort(key=lambda b: (not b.focused, round(b.box[1] / 40), b.box[0]))
    return blocks


def _blocks(items: Sequence[SceneItem]) -> list[list[int]]:
    """Group segments into blocks: union of pairs that are near each other, line to line."""
    parent = list(range(len(items)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(items):
        for j in range(i + 1, len(items)):
            if _near(a, items[j]):
                parent[root(i)] = root(j)
    groups: dict[int, list[int]] = {}
    for i in range(len(items)):
        groups.setdefault(root(i), []).append(i)
    return list(groups.values())


def _near(a: SceneItem, b: SceneItem) -> bool:
    height = max(a.box[3] - a.box[1], b.box[3] - b.box[1], 1.0)
    vertical_gap = max(a.box[1], b.box[1]) - min(a.box[3], b.box[3])
    horizontal_gap = max(a.box[0], b.box[0]) - min(a.box[2], b.box[2])
    if _same_line(a, b):
        return horizontal_gap <= 2 * height
    return vertical_gap <= BLOCK_GAP * height and horizontal_gap <= 0


def _same_line(a: SceneItem, b: SceneItem) -> bool:
    overlap = min(a.box[3], b.box[3]) - max(a.box[1], b.box[1])
    shorter = min(a.box[3] - a.box[1], b.box[3] - b.box[1])
    return shorter > 0 and overlap >= LINE_OVERLAP * shorter


def _lines(items: list[SceneItem]) -> tuple[str, ...]:
    rows: list[list[SceneItem]] = []
    for item in sorted(items, key=lambda i: (i.box[1] + i.box[3]) / 2):
        if rows and _same_line(rows[-1][0], item):
            rows[-1].append(item)
        else:
            rows.append([item])
    return tuple(" ".join(i.text for i in sorted(row, key=lambda i: i.box[0])) for row in rows)


def _union(items: list[SceneItem]) -> tuple[float, float, float, float]:
    return (
        min(i.box[0] for i in items),
        min(i.box[1] for i in items),
        max(i.box[2] for i in items),
        max(i.box[3] for i in items),
    )
