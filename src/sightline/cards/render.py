"""Render fitted pages to the exact pixels a heads-up display shows."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from os import PathLike
from pathlib import Path

from PIL import Image, ImageDraw

from sightline.cards.fitting import Box, Page, action_slots, compute_layout, fit_card, title_boxes
from sightline.cards.fonts import get_fonts
from sightline.cards.glyphs import draw_glyph
from sightline.cards.model import Card, Priority
from sightline.cards.profiles import DisplayProfile

INK = 255


@contextmanager
def _region(
    canvas: Image.Image, box: Box, profile: DisplayProfile
) -> Iterator[tuple[ImageDraw.ImageDraw, int, int]]:
    """Yield (drawing context, width, height) for ``box`` alone; the rest is clipped."""
    size = (max(0, box[2] - box[0]), max(0, box[3] - box[1]))
    region = Image.new("L", size, 0)
    draw = ImageDraw.Draw(region)
    if profile.bit_depth == 1:
        draw.fontmode = "1"  # crisp glyph edges instead of thresholded anti-aliasing
    yield draw, size[0], size[1]
    if size[0] and size[1]:
        canvas.paste(region, box[:2])


def _marker(draw: ImageDraw.ImageDraw, size: tuple[int, int], priority: Priority) -> None:
    """Draw one filled diamond per priority step above NORMAL, right-aligned."""
    width, height = size
    side = height // 2
    for i in range(priority - Priority.NORMAL):
        right = width - i * side
        cx, cy, r = right - side / 2, height / 2, side / 2 - 1
        draw.polygon([(cx, cy - r), (cx + r, cy), (cx, cy + r), (cx - r, cy)], fill=INK)


def _to_display(canvas: Image.Image, profile: DisplayProfile) -> Image.Image:
    """Quantise an "L" canvas to the display's levels and colour."""
    if profile.bit_depth == 1:
        return canvas.point([INK if v >= 128 else 0 for v in range(256)], "1")
    top = profile.levels - 1
    colours = [profile.level_colour(round(v * top / 255)) for v in range(256)]
    bands = [canvas.point([c[band] for c in colours]) for band in range(3)]
    return Image.merge("RGB", bands)


def render_page(page: Page, profile: DisplayProfile) -> Image.Image:
    """Render one fitted page.

    Args:
        page: A page from `fit_card`.
        profile: The display it was fitted for.

    Returns:
        A ``profile.width`` × ``profile.height`` image: mode "1" for 1-bit displays,
        otherwise "RGB" whose pixels are black or levels of ``profile.colour``.
    """
    canvas = Image.new("L", profile.size, 0)
    layout = compute_layout(profile, bool(page.actions))
    title_fonts, body_fonts = get_fonts(profile.title_size, bold=True), get_fonts(profile.body_size)
    glyph_box, text_box, indicator_box, marker_box = title_boxes(profile, page)
    if glyph_box is not None and page.glyph is not None:
        with _region(canvas, glyph_box, profile) as (draw, width, height):
            draw_glyph(draw, page.glyph, (0, 0, width, height), INK)
    with _region(canvas, text_box, profile) as (draw, _, _):
        title_fonts.draw(draw, (0, 0), page.title, INK)
    if indicator_box is not None:
        with _region(canvas, indicator_box, profile) as (draw, _, height):
            top = (height - body_fonts.line_height) // 2
            body_fonts.draw(draw, (0, top), page.indicator, INK)
    if marker_box is not None:
        with _region(canvas, marker_box, profile) as (draw, width, height):
            _marker(draw, (width, height), page.priority)
    if profile.gap >= 3:
        y = layout.title_row[3] + profile.gap // 2
        ImageDraw.Draw(canvas).line([(layout.body[0], y), (layout.body[2] - 1, y)], INK, 1)
    with _region(canvas, layout.body, profile) as (draw, _, _):
        for i, line in enumerate(page.lines[: layout.lines_per_page]):
            body_fonts.draw(draw, (0, i * layout.line_pitch), line, INK)
    inset = layout.padding + layout.border
    slots = action_slots(profile, layout, len(page.actions))
    for slot, label in zip(slots, page.actions[: len(slots)], strict=True):
        with _region(canvas, slot, profile) as (draw, width, height):
            radius = min(height // 3, profile.gap)
            draw.rounded_rectangle(
                (0, 0, width - 1, height - 1), radius, outline=INK, width=layout.border
            )
            x = max(inset, (width - body_fonts.width(label)) // 2)
            body_fonts.draw(draw, (x, inset), label, INK)
    return _to_display(canvas, profile)


def render_card(card: Card, profile: DisplayProfile, page: int = 0) -> Image.Image:
    """Fit ``card`` to ``profile`` and render page number ``page`` (zero-based).

    Raises:
        IndexError: If the card has no such page.
    """
    pages = fit_card(card, profile)
    if not 0 <= page < len(pages):
        raise IndexError(f"page {page} out of range; the card has {len(pages)} page(s)")
    return render_page(pages[page], profile)


def save_card_png(
    card: Card, profile: DisplayProfile, path: str | PathLike[str], page: int = 0
) -> Path:
    """Render a page of ``card`` and save it as a PNG file; returns the path written."""
    target = Path(path)
    render_card(card, profile, page).save(target, format="PNG")
    return target
