"""Tests for rendering cards to display frames, glyphs and the terminal preview."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from PIL import Image, ImageDraw
from rich.console import Console

from sightline.cards import (
    PROFILES,
    Card,
    DisplayProfile,
    Glyph,
    Priority,
    card_preview,
    draw_glyph,
    fit_card,
    get_profile,
    render_card,
    render_page,
    save_card_png,
)
from test_cards_fitting import cards, profiles

SAMPLE = Card(
    title="Turn left onto Hauptstraße 你好",
    lines=("In 200 m turn left, then continue for 2 km. 然后直行两公里。",),
    glyph=Glyph.ARROW_LEFT,
    priority=Priority.URGENT,
    actions=("Confirm", "Cancel"),
)


def assert_display_frame(image: Image.Image, profile: DisplayProfile) -> None:
    """Right size and mode, only allowed pixel values, nothing drawn in the margins."""
    assert image.size == profile.size and image.mode == profile.mode
    colours = {colour for _, colour in image.getcolors(maxcolors=1 << 16) or []}
    assert colours, "more colours than any display profile allows"
    allowed: set[object] = {0, 255} if profile.mode == "1" else set(profile.palette())
    assert colours <= allowed
    w, h, m = profile.width, profile.height, profile.margin
    for strip in ((0, 0, w, m), (0, h - m, w, h), (0, 0, m, h), (w - m, 0, w, h)):
        assert image.crop(strip).getbbox() is None, f"ink in margin {strip}"


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_renders_exact_display_frame(name: str) -> None:
    profile = get_profile(name)
    image = render_card(SAMPLE, profile)
    assert_display_frame(image, profile)
    assert image.getbbox() is not None
    if profile.bit_depth > 1:  # anti-aliased text uses intermediate levels
        assert len(image.getcolors(maxcolors=1 << 16) or []) > 2


def test_every_page_renders_and_out_of_range_raises() -> None:
    profile = get_profile("mono-576x136")
    card = SAMPLE.model_copy(update={"lines": ("word " * 300,)})
    pages = fit_card(card, profile)
    assert len(pages) > 1
    for index in range(len(pages)):
        assert_display_frame(render_card(card, profile, page=index), profile)
    with pytest.raises(IndexError):
        render_card(card, profile, page=len(pages))


def test_priority_marker_and_glyph_are_drawn() -> None:
    profile = get_profile("green-640x480")
    plain = Card(title="Same")
    for changed in (
        plain.model_copy(update={"priority": Priority.IMPORTANT}),
        plain.model_copy(update={"glyph": Glyph.CLOCK}),
    ):
        assert render_card(changed, profile).tobytes() != render_card(plain, profile).tobytes()


@pytest.mark.parametrize("glyph", list(Glyph))
def test_each_glyph_draws_inside_its_box(glyph: Glyph) -> None:
    image = Image.new("L", (60, 40), 0)
    draw_glyph(ImageDraw.Draw(image), glyph, (10, 5, 50, 35))
    bbox = image.getbbox()
    assert bbox is not None
    left, top, right, bottom = bbox
    assert left >= 10 and top >= 5 and right <= 51 and bottom <= 36


def test_save_card_png(tmp_path: Path) -> None:
    profile = get_profile("mono-640x400")
    path = save_card_png(SAMPLE, profile, tmp_path / "card.png")
    with Image.open(path) as image:
        assert image.format == "PNG" and image.size == profile.size and image.mode == "1"


def test_terminal_preview_shows_fitted_first_page() -> None:
    profile = get_profile("mono-576x136")
    card = Card(title="News [bold]x[/bold]", lines=("word " * 200,), actions=("Stop",))
    console = Console(file=io.StringIO(), record=True, width=100, color_system="truecolor")
    console.print(card_preview(card, profile))
    text = console.export_text(clear=False)
    pages = fit_card(card, profile)
    assert "News [bold]x[/bold]" in text  # card text is never parsed as markup
    assert f"page 1/{len(pages)}" in text and "[ Stop ]" in text
    assert all(line in text for line in pages[0].lines)
    assert "38;2;255;255;255" in console.export_text(styles=True)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(card=cards, profile=profiles)
def test_any_card_renders_to_valid_frame(card: Card, profile: DisplayProfile) -> None:
    pages = fit_card(card, profile)
    for page in {pages[0], pages[-1]}:
        assert_display_frame(render_page(page, profile), profile)
