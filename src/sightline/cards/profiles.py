"""Display profiles: the geometry, colour and typography of each supported HUD."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

RGB = tuple[int, int, int]


class DisplayProfile(BaseModel):
    """A monochrome heads-up display and the typography used on it.

    Every pixel is either black or a level of ``colour``: 1-bit displays have two
    levels, 4-bit displays sixteen and 8-bit displays 256.

    Attributes:
        name: Profile name used with `get_profile`.
        width: Display width in pixels.
        height: Display height in pixels.
        bit_depth: Grey levels per pixel as a power of two (1, 4 or 8).
        colour: RGB colour of a fully lit pixel.
        margin: Blank border kept on every side, in pixels.
        title_size: Title font size in pixels.
        body_size: Body and action font size in pixels.
        line_spacing: Body line pitch as a multiple of the font's line height.
        gap: Spacing between elements (glyph, title, rows, action targets), in pixels.
        max_pages: Most pages a card may take; text beyond them is truncated.
        max_actions: Most action targets shown; further actions are not displayed.
        camera_max_pixels: Largest camera frame accepted from devices of this class (their
            cameras' size with room to spare; the hub's `SIGHTLINE_CAMERA_MAX_PIXELS` may be
            lower still).
    """

    model_config = ConfigDict(frozen=True)

    name: str = Field(min_length=1)
    width: int = Field(gt=0, le=4096)
    height: int = Field(gt=0, le=4096)
    bit_depth: Literal[1, 4, 8]
    colour: RGB
    margin: int = Field(ge=0)
    title_size: int = Field(gt=0)
    body_size: int = Field(gt=0)
    line_spacing: float = Field(default=1.15, ge=1.0, le=3.0)
    gap: int = Field(default=6, ge=0)
    max_pages: int = Field(default=20, ge=1)
    max_actions: int = Field(default=4, ge=1)
    camera_max_pixels: int = Field(default=12_000_000, ge=1)

    @model_validator(mode="after")
    def _check(self) -> DisplayProfile:
        if any(not 0 <= c <= 255 for c in self.colour) or max(self.colour) == 0:
            raise ValueError("colour must be RGB components in 0..255, not black")
        if 2 * self.margin >= min(self.width, self.height):
            raise ValueError("margins leave no room to draw")
        return self

    @property
    def mode(self) -> Literal["1", "RGB"]:
        """Pillow image mode of a rendered frame."""
        return "1" if self.bit_depth == 1 else "RGB"

    @property
    def levels(self) -> int:
        """Number of distinct brightness levels, black included."""
        return 1 << self.bit_depth

    @property
    def size(self) -> tuple[int, int]:
        """Display size as ``(width, height)``."""
        return (self.width, self.height)

    def level_colour(self, level: int) -> RGB:
        """Return the RGB colour of brightness ``level`` (0 is black)."""
        top = self.levels - 1
        return (
            round(self.colour[0] * level / top),
            round(self.colour[1] * level / top),
            round(self.colour[2] * level / top),
        )

    def palette(self) -> tuple[RGB, ...]:
        """Return every RGB colour a pixel of this display can take, darkest first."""
        return tuple(self.level_colour(level) for level in range(self.levels))


PROFILES: dict[str, DisplayProfile] = {
    p.name: p
    for p in (
        DisplayProfile(
            name="green-640x480",
            width=640,
            height=480,
            bit_depth=4,
            colour=(0, 255, 0),
            margin=24,
            title_size=36,
            body_size=28,
            line_spacing=1.2,
            gap=8,
        ),
        DisplayProfile(
            name="mono-576x136",
            width=576,
            height=136,
            bit_depth=1,
            colour=(255, 255, 255),
            margin=8,
            title_size=22,
            body_size=18,
            line_spacing=1.1,
            gap=4,
            camera_max_pixels=5_000_000,
        ),
        DisplayProfile(
            name="mono-640x400",
            width=640,
            height=400,
            bit_depth=1,
            colour=(0, 255, 0),
            margin=20,
            title_size=32,
            body_size=26,
            line_spacing=1.2,
            gap=8,
        ),
    )
}
"""Built-in display profiles by name."""

DEFAULT_PROFILE = "green-640x480"
"""Name of the profile used when none is given."""


def get_profile(name: str = DEFAULT_PROFILE) -> DisplayProfile:
    """Look up a built-in display profile.

    Args:
        name: Profile name, for example ``"mono-576x136"``.

    Returns:
        The profile.

    Raises:
        ValueError: If no built-in profile has that name.
    """
    try:
        return PROFILES[name]
    except KeyError:
        known = ", ".join(sorted(PROFILES))
        raise ValueError(f"unknown display profile {name!r}; known profiles: {known}") from None
