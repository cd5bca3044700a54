"""Font discovery, per-character fallback, measurement and drawing of single lines.

Latin text uses DejaVu Sans (Debian ``fonts-dejavu-core``); characters it lacks, CJK
above all, fall back to WenQuanYi Micro Hei (``fonts-wqy-microhei``) or Noto Sans CJK
(``fonts-noto-cjk``). Without any of them Pillow's built-in scalable font is used.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Literal

from PIL import ImageDraw, ImageFont

AnyFont = ImageFont.FreeTypeFont | ImageFont.ImageFont
FontKind = Literal["regular", "bold", "cjk"]

_CANDIDATES: dict[FontKind, tuple[str, ...]] = {
    "regular": ("DejaVuSans.ttf", "NotoSans-Regular.ttf", "LiberationSans-Regular.ttf"),
    "bold": ("DejaVuSans-Bold.ttf", "NotoSans-Bold.ttf", "LiberationSans-Bold.ttf"),
    "cjk": (
        "wqy-microhei.ttc",
        "NotoSansCJK-Regular.ttc",
        "wqy-zenhei.ttc",
        "DroidSansFallbackFull.ttf",
    ),
}
_SEARCH_DIRS = (
    Path(__file__).with_name("fonts"),  # fonts bundled as package data, if any
    Path("/usr/share/fonts"),
    Path("/usr/local/share/fonts"),
    Path.home() / ".local/share/fonts",
    Path.home() / ".fonts",
)
_NOTDEF_PROBE = "\U0010ffff"  # a noncharacter: every font draws its missing-glyph box
_JOINERS = frozenset("\u200c\u200d\u20e3")


@cache
def find_font(kind: FontKind) -> Path | None:
    """Return the path of the first installed font file of ``kind``, or None."""
    for name in _CANDIDATES[kind]:
        for directory in _SEARCH_DIRS:
            if directory.is_dir():
                found = next(iter(sorted(directory.rglob(name))), None)
                if found is not None:
                    return found
    return None


def _load(kind: FontKind, size: int) -> ImageFont.FreeTypeFont | None:
    path = find_font(kind)
    if path is None:
        return None
    try:
        return ImageFont.truetype(str(path), size)
    except OSError:
        return None


def _ascent_descent(font: AnyFont) -> tuple[int, int]:
    if isinstance(font, ImageFont.FreeTypeFont):
        return font.getmetrics()
    return (int(font.getbbox("Ag")[3]), 0)


def _fingerprint(font: ImageFont.FreeTypeFont, ch: str) -> object:
    mask = font.getmask(ch)
    return (font.getlength(ch), mask.size, mask.getbbox(), mask.histogram(), mask.getprojection())


@lru_cache(maxsize=16384)
def _covers(font: AnyFont, ch: str) -> bool:
    if not isinstance(font, ImageFont.FreeTypeFont):
        return True  # a bitmap font cannot tell; draw whatever it has
    return _fingerprint(font, ch) != _fingerprint(font, _NOTDEF_PROBE)


def _is_mark(ch: str) -> bool:
    return ch in _JOINERS or unicodedata.category(ch).startswith("M")


@dataclass(frozen=True, eq=False)
class FontSet:
    """A main font plus an optional fallback for the characters it lacks.

    Attributes:
        main: Font for Latin and everything else it covers.
        fallback: Font for characters ``main`` lacks (CJK), or None.
        ascent: Pixels from the top of a line to its baseline.
        descent: Pixels from the baseline to the bottom of a line.
    """

    main: AnyFont
    fallback: AnyFont | None
    ascent: int
    descent: int

    @property
    def line_height(self) -> int:
        """Height of one line of text in pixels."""
        return self.ascent + self.descent

    def runs(self, text: str) -> list[tuple[str, AnyFont]]:
        """Split ``text`` into runs drawn with one font each; marks follow their base."""
        runs: list[tuple[str, AnyFont]] = []
        for ch in text:
            font = self.main
            if runs and _is_mark(ch):
                font = runs[-1][1]
            elif self.fallback is not None and not _covers(self.main, ch):
                font = self.fallback if _covers(self.fallback, ch) else self.main
            if runs and runs[-1][1] is font:
                runs[-1] = (runs[-1][0] + ch, font)
            else:
                runs.append((ch, font))
        return runs

    def width(self, text: str) -> int:
        """Return the pixels ``text`` occupies horizontally, ink and advance both."""
        return _extent(self, text)[1]

    def draw(
        self, draw: ImageDraw.ImageDraw, xy: tuple[float, float], text: str, fill: int
    ) -> None:
        """Draw one line of ``text`` with its box's top-left corner at ``xy``."""
        left, _ = _extent(self, text)
        x, baseline = xy[0] - left, xy[1] + self.ascent
        for run, font in self.runs(text):
            if isinstance(font, ImageFont.FreeTypeFont):
                draw.text((x, baseline), run, fill=fill, font=font, anchor="ls")
            else:
                draw.text((x, baseline - _ascent_descent(font)[0]), run, fill=fill, font=font)
            x += font.getlength(run)


@lru_cache(maxsize=8192)
def _extent(fonts: FontSet, text: str) -> tuple[int, int]:
    """Return (leftmost ink x, total width) of ``text`` drawn from x = 0."""
    x = lo = hi = 0.0
    for run, font in fonts.runs(text):
        box = font.getbbox(run)
        lo, hi = min(lo, x + box[0]), max(hi, x + box[2])
        x += font.getlength(run)
    left = math.floor(lo)
    return (left, math.ceil(max(hi, x)) - left)


@lru_cache(maxsize=64)
def get_fonts(size: int, bold: bool = False) -> FontSet:
    """Return the (cached) font set for a pixel size.

    Args:
        size: Font size in pixels.
        bold: Use the bold Latin face when one is installed.

    Returns:
        The main font, with the CJK font as fallback when one is installed.
    """
    main: AnyFont | None = _load("bold", size) if bold else None
    main = main or _load("regular", size) or ImageFont.load_default(size=size)
    fallback = _load("cjk", size)
    metrics = [_ascent_descent(f) for f in (main, fallback) if f is not None]
    return FontSet(main, fallback, max(a for a, _ in metrics), max(d for _, d in metrics))
