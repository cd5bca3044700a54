"""Sightline cards."""

from sightline.cards.fitting import Layout, Page, compute_layout, fit_card
from sightline.cards.fonts import FontSet, find_font, get_fonts
from sightline.cards.glyphs import draw_glyph
from sightline.cards.model import Card, Glyph, Priority
from sightline.cards.profiles import DEFAULT_PROFILE, PROFILES, DisplayProfile, get_profile
from sightline.cards.render import render_card, render_page, save_card_png
from sightline.cards.terminal import card_preview

__all__ = [
    "DEFAULT_PROFILE",
    "PROFILES",
    "Card",
    "DisplayProfile",
    "FontSet",
    "Glyph",
    "Layout",
    "Page",
    "Priority",
    "card_preview",
    "compute_layout",
    "draw_glyph",
    "find_font",
    "fit_card",
    "get_fonts",
    "get_profile",
    "render_card",
    "render_page",
    "save_card_png",
]
