"""The Card: the unit of display on the heads-up display."""

from __future__ import annotations

from enum import IntEnum, StrEnum

from pydantic import BaseModel, ConfigDict, Field


class Glyph(StrEnum):
    """A small pictogram drawn beside a card's title."""

    ARROW_LEFT = "arrow_left"
    ARROW_RIGHT = "arrow_right"
    ARROW_UP = "arrow_up"
    ARROW_SLIGHT_LEFT = "arrow_slight_left"
    ARROW_SLIGHT_RIGHT = "arrow_slight_right"
    ARROW_SHARP_LEFT = "arrow_sharp_left"
    ARROW_SHARP_RIGHT = "arrow_sharp_right"
    ARROW_U_TURN = "arrow_u_turn"
    PRICE_TAG = "price_tag"
    CHECK = "check"
    CROSS = "cross"
    WARNING = "warning"
    MUSIC = "music"
    PLANE = "plane"
    PIN = "pin"
    INFO = "info"
    CLOCK = "clock"
    WALLET = "wallet"


class Priority(IntEnum):
    """How urgently a card claims the display; a higher one supersedes a lower one."""

    AMBIENT = 0
    NORMAL = 1
    IMPORTANT = 2
    URGENT = 3


class Card(BaseModel):
    """What the wearer sees: a title, a few short lines and an optional glyph.

    Attributes:
        title: One short headline.
        lines: Body lines; the renderer wraps, truncates or pages them to fit the display.
        glyph: Optional pictogram shown beside the title.
        priority: Display priority; higher supersedes lower.
        ttl_s: Seconds the card stays on the display; None keeps it until replaced.
        actions: Gaze or tap targets shown at the bottom (for example "Confirm", "Cancel").
    """

    model_config = ConfigDict(frozen=True)

    title: str = Field(max_length=200)
    lines: tuple[str, ...] = ()
    glyph: Glyph | None = None
    priority: Priority = Priority.NORMAL
    ttl_s: float | None = Field(default=8.0, gt=0)
    actions: tuple[str, ...] = ()

    def plain_text(self) -> str:
        """Return the card as plain text, title first, one line each."""
        return "\n".join((self.title, *self.lines, *(f"[{a}]" for a in self.actions)))
