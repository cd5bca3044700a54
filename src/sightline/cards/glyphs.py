"""Card glyphs drawn with Pillow primitives, so no emoji or symbol font is needed."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from PIL import ImageDraw

from sightline.cards.model import Glyph

Point = tuple[float, float]


class _Pen:
    """Draws in unit coordinates ((0, 0) top-left, (1, 1) bottom-right) scaled to a square."""

    def __init__(self, draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], fill: int):
        left, top, right, bottom = box
        self.size = max(1, min(right - left, bottom - top))
        self.x0 = left + (right - left - self.size) / 2
        self.y0 = top + (bottom - top - self.size) / 2
        self.draw, self.fill = draw, fill
        self.width = max(1, round(self.size * 0.1))

    def pt(self, x: float, y: float) -> Point:
        return (self.x0 + x * self.size, self.y0 + y * self.size)

    def polygon(self, points: Sequence[Point], outline: bool = False) -> None:
        scaled = [self.pt(x, y) for x, y in points]
        if outline:
            self.draw.polygon(scaled, outline=self.fill, width=self.width)
        else:
            self.draw.polygon(scaled, fill=self.fill)

    def line(self, points: Sequence[Point], scale: float = 1.0) -> None:
        width = max(1, round(self.width * scale))
        self.draw.line([self.pt(x, y) for x, y in points], self.fill, width, joint="curve")

    def circle(self, x: float, y: float, r: float, mode: str = "fill") -> None:
        """Draw a circle: ``mode`` is "fill", "outline" or "clear" (filled with black)."""
        box = (self.pt(x - r, y - r), self.pt(x + r, y + r))
        if mode == "outline":
            self.draw.ellipse(box, outline=self.fill, width=self.width)
        else:
            self.draw.ellipse(box, fill=self.fill if mode == "fill" else 0)

    def arrow(self, start: Point, tip: Point) -> None:
        """Draw a shaft from ``start`` with a triangular head at ``tip``."""
        dx, dy = tip[0] - start[0], tip[1] - start[1]
        length = math.hypot(dx, dy) or 1.0
        ux, uy, head = dx / length, dy / length, 0.3
        base = (tip[0] - ux * head, tip[1] - uy * head)
        self.line([start, (tip[0] - ux * head * 0.8, tip[1] - uy * head * 0.8)])
        wing = (-uy * head * 0.6, ux * head * 0.6)
        self.polygon(
            [tip, (base[0] + wing[0], base[1] + wing[1]), (base[0] - wing[0], base[1] - wing[1])]
        )


def _turn(degrees: float) -> Callable[[_Pen], None]:
    """An arrow that goes straight up, then turns ``degrees`` clockwise (0 = straight on)."""
    a = math.radians(degrees)

    def draw(pen: _Pen) -> None:
        if degrees == 0:
            pen.arrow((0.5, 0.95), (0.5, 0.05))
            return
        back = max(0.0, -math.cos(a))  # sharp turns bend higher and reach further
        side = math.sin(a)
        pivot = (0.5 - 0.3 * side - 0.08 * back * math.copysign(1, side), 0.5 - 0.3 * back)
        reach = 0.5 + 0.25 * back
        pen.line([(pivot[0], 0.95), pivot])
        pen.arrow(pivot, (pivot[0] + reach * math.sin(a), pivot[1] - reach * math.cos(a)))

    return draw


def _u_turn(pen: _Pen) -> None:
    pen.line([(0.75, 0.95), (0.75, 0.4)])
    box = (pen.pt(0.25, 0.15), pen.pt(0.75, 0.65))
    pen.draw.arc(box, 180, 360, fill=pen.fill, width=pen.width)
    pen.arrow((0.25, 0.4), (0.25, 0.92))


def _price_tag(pen: _Pen) -> None:
    pen.polygon([(0.05, 0.5), (0.45, 0.1), (0.9, 0.1), (0.9, 0.55), (0.5, 0.95)])
    pen.circle(0.7, 0.3, 0.08, "clear")


def _cross(pen: _Pen) -> None:
    pen.line([(0.15, 0.15), (0.85, 0.85)], 1.3)
    pen.line([(0.85, 0.15), (0.15, 0.85)], 1.3)


def _warning(pen: _Pen) -> None:
    pen.polygon([(0.5, 0.05), (0.97, 0.92), (0.03, 0.92)], outline=True)
    pen.line([(0.5, 0.38), (0.5, 0.64)])
    pen.circle(0.5, 0.77, 0.06)


def _music(pen: _Pen) -> None:
    pen.circle(0.27, 0.8, 0.13)
    pen.circle(0.71, 0.7, 0.13)
    pen.line([(0.38, 0.8), (0.38, 0.2)], 0.8)
    pen.line([(0.82, 0.7), (0.82, 0.1)], 0.8)
    pen.polygon([(0.38, 0.18), (0.82, 0.08), (0.82, 0.22), (0.38, 0.32)])


def _plane(pen: _Pen) -> None:
    half = [(0.5, 0.03), (0.56, 0.12), (0.56, 0.38), (0.96, 0.6), (0.96, 0.7), (0.56, 0.58)]
    half += [(0.56, 0.8), (0.7, 0.9), (0.7, 0.97), (0.5, 0.92)]
    pen.polygon(half + [(1 - x, y) for x, y in reversed(half[1:])])


def _pin(pen: _Pen) -> None:
    pen.circle(0.5, 0.36, 0.3)
    pen.polygon([(0.24, 0.5), (0.76, 0.5), (0.5, 0.97)])
    pen.circle(0.5, 0.36, 0.12, "clear")


def _info(pen: _Pen) -> None:
    pen.circle(0.5, 0.5, 0.46, "outline")
    pen.circle(0.5, 0.29, 0.07)
    pen.line([(0.5, 0.44), (0.5, 0.76)], 1.2)


def _clock(pen: _Pen) -> None:
    pen.circle(0.5, 0.5, 0.46, "outline")
    pen.line([(0.5, 0.5), (0.5, 0.2)])
    pen.line([(0.5, 0.5), (0.72, 0.62)])


def _wallet(pen: _Pen) -> None:
    box = (pen.pt(0.05, 0.22), pen.pt(0.95, 0.88))
    pen.draw.rounded_rectangle(box, radius=pen.size * 0.1, outline=pen.fill, width=pen.width)
    pen.draw.rounded_rectangle(
        (pen.pt(0.6, 0.44), pen.pt(0.95, 0.66)), radius=pen.size * 0.05, fill=pen.fill
    )
    pen.circle(0.71, 0.55, 0.04, "clear")


_DRAWERS: dict[Glyph, Callable[[_Pen], None]] = {
    Glyph.ARROW_UP: _turn(0),
    Glyph.ARROW_SLIGHT_RIGHT: _turn(45),
    Glyph.ARROW_RIGHT: _turn(90),
    Glyph.ARROW_SHARP_RIGHT: _turn(135),
    Glyph.ARROW_SLIGHT_LEFT: _turn(-45),
    Glyph.ARROW_LEFT: _turn(-90),
    Glyph.ARROW_SHARP_LEFT: _turn(-135),
    Glyph.ARROW_U_TURN: _u_turn,
    Glyph.PRICE_TAG: _price_tag,
    Glyph.CHECK: lambda pen: pen.line([(0.1, 0.52), (0.38, 0.8), (0.92, 0.2)], 1.3),
    Glyph.CROSS: _cross,
    Glyph.WARNING: _warning,
    Glyph.MUSIC: _music,
    Glyph.PLANE: _plane,
    Glyph.PIN: _pin,
    Glyph.INFO: _info,
    Glyph.CLOCK: _clock,
    Glyph.WALLET: _wallet,
}


def draw_glyph(
    draw: ImageDraw.ImageDraw, glyph: Glyph, box: tuple[int, int, int, int], fill: int = 255
) -> None:
    """Draw ``glyph`` centred in the largest square inside ``box``.

    Args:
        draw: Drawing context of a single-band ("L" or "1") image.
        glyph: The pictogram.
        box: (left, top, right, bottom) to draw into.
        fill: Ink value; the background is assumed to be 0.
    """
    _DRAWERS[glyph](_Pen(draw, box, fill))
