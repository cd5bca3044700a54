"""The product in view: its barcode, its label text and a shelf price tag near it.

Perception fills the scene with decoded codes and OCR lines (each with a box) and points
`focus` at the item under the wearer's gaze. From those:

- a focused product barcode (EAN-13, UPC-A, EAN-8, UPC-E, ITF-14, a GS1 Digital Link QR) gives
  the GTIN; without a focus, the largest product barcode in view does;
- a focused shelf tag stands for the product nearest to it;
- the label is the focused OCR line and the lines chained to it (each within 1.5 line heights
  of the next), so a second product's label beside it is left out;
- the shelf price is the price on the OCR line nearest the product (unit prices such as
  "€4.65/kg" are ignored; "was €3.99 / now €2.99" on one tag gives the lower price).

Scenes without boxes (all zeros) still work: every line is then "near" everything.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from sightline.scene import Scene, SceneItem
from sightline.shopping.gtin import gtin_from_code
from sightline.shopping.prices import Money, find_prices, parse_price

Box = tuple[float, float, float, float]
_CHAIN = 1.5  # line heights between two lines of one label
_PRICE_REACH = 3.0  # product sizes between a product and its shelf tag


@dataclass(frozen=True)
class InView:
    """What the scene says about the product the wearer is looking at.

    Attributes:
        gtin: The GTIN-14 from the focused product barcode (or OCR'd digits), if any.
        label: The product's label text, for matching names; empty when there is none.
        shelf_price: The price on a shelf tag near the product, if one is readable.
        box: Where the product is in the image, when the scene has boxes.
        via: "code" when a barcode identifies it, "text" when only label text does, else "none".
    """

    gtin: str | None = None
    label: str = ""
    shelf_price: Money | None = None
    box: Box | None = None
    via: Literal["code", "text", "none"] = "none"


def _has_box(box: Box) -> bool:
    return box[2] > box[0] and box[3] > box[1]


def _gap(a: Box, b: Box) -> float:
    dx = max(0.0, max(a[0], b[0]) - min(a[2], b[2]))
    dy = max(0.0, max(a[1], b[1]) - min(a[3], b[3]))
    return math.hypot(dx, dy)


def _union(boxes: Sequence[Box]) -> Box:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _is_price_line(item: SceneItem) -> bool:
    return item.kind == "text" and bool(find_prices(item.text))


def _product_code(item: SceneItem) -> str | None:
    return gtin_from_code(item.text, item.format) if item.kind == "code" else None


def _focus(scene: Scene) -> SceneItem | None:
    items = scene.items
    if scene.focus is not None and 0 <= scene.focus < len(items):
        return items[scene.focus]
    codes = [i for i in items if _product_code(i)]
    if not codes:
        return None
    return max(codes, key=lambda i: (i.box[2] - i.box[0]) * (i.box[3] - i.box[1]))


def _product_near(tag: SceneItem, items: Sequence[SceneItem]) -> SceneItem | None:
    """The barcode or label line nearest a focused price tag (the product it prices)."""
    if not _has_box(tag.box):
        return None
    near = [
        i
        for i in items
        if _has_box(i.box) and (_product_code(i) or (i.kind == "text" and not _is_price_line(i)))
    ]
    return min(near, key=lambda i: _gap(i.box, tag.box), default=None)


def _label_lines(anchor: SceneItem, items: Sequence[SceneItem]) -> list[SceneItem]:
    """The text lines chained to `anchor`, top to bottom (all of them without boxes)."""
    lines = [i for i in items if i.kind == "text" and not _is_price_line(i) and i is not anchor]
    if not _has_box(anchor.box):
        return [anchor, *lines] if anchor.kind == "text" else []
    heights = [i.box[3] - i.box[1] for i in lines if _has_box(i.box)]
    if anchor.kind == "text":
        height = anchor.box[3] - anchor.box[1]
    else:
        height = statistics.median(heights) if heights else 0.0
    reach = _CHAIN * height
    members = [anchor] if anchor.kind == "text" else []
    frontier = [anchor.box]
    remaining = [i for i in lines if _has_box(i.box)]
    while frontier:
        box = frontier.pop()
        near = [i for i in remaining if _gap(i.box, box) <= reach]
        remaining = [i for i in remaining if all(i is not n for n in near)]
        members.extend(near)
        frontier.extend(i.box for i in near)
    return sorted(members, key=lambda i: (i.box[1], i.box[0]))


def _shelf_price(items: Sequence[SceneItem], product: Box | None) -> Money | None:
    tags = [i for i in items if _is_price_line(i) and parse_price(i.text) is not None]
    if not tags:
        return None
    placed = [t for t in tags if _has_box(t.box)]
    if product is None or not _has_box(product) or not placed:
        prices = [m for m in (parse_price(t.text) for t in tags) if m is not None]
        return min(prices, key=lambda m: m.amount)
    reach = _PRICE_REACH * max(product[2] - product[0], product[3] - product[1])
    nearest = min(placed, key=lambda t: _gap(t.box, product))
    if _gap(nearest.box, product) > reach:
        return None
    height = nearest.box[3] - nearest.box[1]
    same_tag = [t for t in placed if _gap(t.box, nearest.box) <= _CHAIN * height]
    prices = [m for m in (parse_price(t.text) for t in same_tag) if m is not None]
    return min(prices, key=lambda m: m.amount)


def read_scene(scene: Scene | None) -> InView:
    """Find the product the wearer is looking at, its label and its shelf price.

    Args:
        scene: The turn's scene, or None.

    Returns:
        What is known; `via == "none"` when no product is in view.
    """
    if scene is None or not scene.items:
        return InView()
    items = scene.items
    anchor = _focus(scene)
    if anchor is not None and _is_price_line(anchor):  # the wearer looks at the shelf tag
        anchor = _product_near(anchor, items) or anchor
    if anchor is None:
        lines = [i for i in items if i.kind == "text" and not _is_price_line(i)]
        boxes = [i.box for i in lines if _has_box(i.box)]
        box = _union(boxes) if boxes else None
        label = " ".join(i.text for i in lines).strip()
        via: Literal["code", "text", "none"] = "text" if label else "none"
        return InView(None, label, _shelf_price(items, box) if label else None, box, via)
    gtin = _product_code(anchor)
    if gtin is None and anchor.kind == "text":
        gtin = gtin_from_code(anchor.text)
    lines = _label_lines(anchor, items)
    if gtin is None and not lines:
        return InView()
    boxes = [i.box for i in (anchor, *lines) if _has_box(i.box)]
    box = _union(boxes) if boxes else None
    label = " ".join(i.text for i in lines).strip()
    via = "code" if gtin else "text"
    return InView(gtin, label, _shelf_price(items, box), box, via)
