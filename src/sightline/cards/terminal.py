"""A Rich preview of a card as fitted to a display, for the terminal."""

from __future__ import annotations

from rich import box
from rich.color import Color
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.style import Style
from rich.text import Text

from sightline.cards.fitting import fit_card
from sightline.cards.model import Card, Glyph, Priority
from sightline.cards.profiles import DisplayProfile

GLYPH_SYMBOLS: dict[Glyph, str] = {
    Glyph.ARROW_LEFT: "←",
    Glyph.ARROW_RIGHT: "→",
    Glyph.ARROW_UP: "↑",
    Glyph.ARROW_SLIGHT_LEFT: "↖",
    Glyph.ARROW_SLIGHT_RIGHT: "↗",
    Glyph.ARROW_SHARP_LEFT: "↙",
    Glyph.ARROW_SHARP_RIGHT: "↘",
    Glyph.ARROW_U_TURN: "↶",
    Glyph.PRICE_TAG: "$",
    Glyph.CHECK: "✓",
    Glyph.CROSS: "✗",
    Glyph.WARNING: "⚠",
    Glyph.MUSIC: "♪",
    Glyph.PLANE: "✈",
    Glyph.PIN: "⌖",
    Glyph.INFO: "ℹ",
    Glyph.CLOCK: "◷",
    Glyph.WALLET: "▣",
}
"""Terminal stand-ins for the glyphs drawn on the display."""


def card_preview(card: Card, profile: DisplayProfile) -> RenderableType:
    """Preview the first page of ``card`` as fitted to ``profile``.

    Args:
        card: The card to preview.
        profile: The display whose fitting (wrapping, truncation, paging) and colour to use.

    Returns:
        A Panel in the display colour: title (with glyph and priority marker) in the
        border, the fitted body lines, the action labels, and "page 1/N" when paged.
    """
    pages = fit_card(card, profile)
    page = pages[0]
    style = Style(color=Color.from_rgb(*profile.colour))
    title = Text(style=style + Style(bold=True))
    if page.glyph is not None:
        title.append(GLYPH_SYMBOLS[page.glyph] + " ")
    title.append(page.title)
    if page.priority > Priority.NORMAL:
        title.append(" " + "◆" * (page.priority - Priority.NORMAL))
    parts: list[RenderableType] = [Text("\n".join(page.lines), style=style)]
    if page.actions:
        actions = Text(style=style + Style(bold=True))
        for i, label in enumerate(page.actions):
            actions.append(("  " if i else "") + f"[ {label} ]")
        parts.append(actions)
    subtitle = Text(f"page 1/{len(pages)}", style=style) if len(pages) > 1 else None
    return Panel(
        Group(*parts),
        title=title,
        title_align="left",
        subtitle=subtitle,
        subtitle_align="right",
        border_style=style,
        box=box.ROUNDED,
        expand=False,
    )
