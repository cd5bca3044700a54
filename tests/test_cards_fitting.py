"""Tests for display profiles, fonts and fitting cards to the display."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import ImageFont

from sightline.cards import fonts
from sightline.cards.fitting import (
    ELLIPSIS,
    Page,
    compute_layout,
    fit_card,
    title_boxes,
    wrap,
)
from sightline.cards.fonts import find_font, get_fonts
from sightline.cards.model import Card, Glyph, Priority
from sightline.cards.profiles import DEFAULT_PROFILE, PROFILES, DisplayProfile, get_profile

SMALL = get_profile("mono-576x136")

LATIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456789.,;:!?'-()"
CJK = "你好世界中文字符測試日本語のテキスト한국어。、"
EMOJI = "😀🚀👍🏽❤️🇩🇪\u200d\ufe0f"
RTL = "שלום עולם مرحبا بالعالم"
MARKS = "e\u0301a\u0308o\u0327\u0323\u036f\u20dd"
SPACES = " \n\t\r\u00a0\u2028\x0b"
ALPHABET = LATIN + CJK + EMOJI + RTL + MARKS + SPACES

texts = st.one_of(
    st.text(max_size=200),
    st.text(alphabet=ALPHABET, max_size=400),
    st.text(alphabet=LATIN[:10], min_size=40, max_size=400),  # one very long word
    st.text(alphabet=CJK, max_size=300),
    st.text(alphabet=SPACES, max_size=20),
)
cards = st.builds(
    Card,
    title=st.one_of(st.text(max_size=200), st.text(alphabet=ALPHABET, max_size=200)),
    lines=st.lists(texts, max_size=4).map(tuple),
    glyph=st.none() | st.sampled_from(Glyph),
    priority=st.sampled_from(Priority),
    actions=st.lists(st.text(alphabet=ALPHABET, max_size=30), max_size=5).map(tuple),
)
profiles = st.sampled_from(list(PROFILES.values()))
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def ink(text: str) -> str:
    """The characters that must survive fitting: everything but whitespace and controls."""
    return "".join(
        ch for ch in text if not ch.isspace() and unicodedata.category(ch) not in ("Cc", "Cs")
    )


def assert_fits(card: Card, pages: list[Page], profile: DisplayProfile) -> None:
    layout = compute_layout(profile, bool(card.actions))
    body, title = get_fonts(profile.body_size), get_fonts(profile.title_size, bold=True)
    left, top, right, bottom = layout.body
    m = profile.margin
    assert m <= left and m <= top and right <= profile.width - m and bottom <= profile.height - m
    assert 1 <= len(pages) <= profile.max_pages
    for index, page in enumerate(pages):
        assert (page.index, page.count) == (index, len(pages))
        assert 0 < len(page.lines) <= layout.lines_per_page or len(pages) == 1
        height = (len(page.lines) - 1) * layout.line_pitch + body.line_height
        assert height <= bottom - top
        assert all(body.width(line) <= right - left for line in page.lines)
        assert all("\n" not in line for line in page.lines)
        text_box = title_boxes(profile, page)[1]
        assert title.width(page.title) <= text_box[2] - text_box[0]
        assert "\n" not in page.title


def test_profiles_lookup() -> None:
    assert set(PROFILES) == {"green-640x480", "mono-576x136", "mono-640x400"}
    assert get_profile() is PROFILES[DEFAULT_PROFILE]
    assert get_profile("mono-576x136").size == (576, 136)
    with pytest.raises(ValueError, match="green-640x480, mono-576x136, mono-640x400"):
        get_profile("nope")


def test_profile_palette_and_validation() -> None:
    green = get_profile("green-640x480")
    assert green.mode == "RGB" and green.levels == 16
    assert green.palette()[0] == (0, 0, 0) and green.palette()[-1] == green.colour
    assert SMALL.mode == "1" and SMALL.levels == 2
    with pytest.raises(ValueError):
        DisplayProfile.model_validate({**green.model_dump(), "bit_depth": 2})
    with pytest.raises(ValueError):
        DisplayProfile.model_validate({**green.model_dump(), "margin": 240})
    with pytest.raises(ValueError):
        DisplayProfile.model_validate({**green.model_dump(), "colour": (0, 0, 0)})


@pytest.mark.skipif(find_font("cjk") is None, reason="no CJK font installed")
def test_cjk_characters_fall_back_to_cjk_font() -> None:
    fs = get_fonts(20)
    runs = fs.runs("ab世界cd")
    assert [text for text, _ in runs] == ["ab", "世界", "cd"]
    assert runs[1][1] is fs.fallback and runs[0][1] is fs.main
    assert fs.runs("e\u0301")[0][0] == "e\u0301"  # a mark stays with its base


@pytest.fixture
def no_system_fonts(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    def clear() -> None:
        for cached in (fonts.find_font, fonts.get_fonts, fonts._extent):
            cached.cache_clear()

    monkeypatch.setattr(fonts, "_SEARCH_DIRS", ())
    clear()
    yield
    monkeypatch.undo()
    clear()


@pytest.mark.usefixtures("no_system_fonts")
def test_falls_back_to_pillow_default_font() -> None:
    assert find_font("regular") is None and find_font("cjk") is None
    fs = get_fonts(24)
    assert isinstance(fs.main, ImageFont.FreeTypeFont) and fs.fallback is None
    card = Card(title="Hello 世界", lines=("你好世界 " * 40,), actions=("OK",))
    assert_fits(card, fit_card(card, SMALL), SMALL)


def test_wraps_at_word_boundaries() -> None:
    fs = get_fonts(18)
    text = "the quick brown fox jumps over the lazy dog " * 5
    lines = wrap(text, fs, 200)
    assert len(lines) > 3
    assert all(fs.width(line) <= 200 for line in lines)
    assert " ".join(lines).split() == text.split()


def test_breaks_overlong_word_and_cjk_without_losing_text() -> None:
    fs = get_fonts(18)
    word = "Donaudampfschifffahrtsgesellschaftskapitän" * 3
    lines = wrap(word, fs, 150)
    assert len(lines) > 1 and "".join(lines) == word
    cjk = "你好世界这是一个很长的句子需要换行" * 4
    lines = wrap(cjk, fs, 150)
    assert len(lines) > 1 and "".join(lines) == cjk
    assert all(fs.width(line) <= 150 for line in lines)
    mixed = wrap("Hello 世界 world 你好", fs, 10_000)
    assert mixed == ["Hello 世界 world 你好"]


def test_respects_newlines_and_drops_trailing_blank_lines() -> None:
    pages = fit_card(Card(title="t", lines=("one\ntwo", "", "three\r\n\n\n")), SMALL)
    assert pages[0].lines[:2] == ("one", "two")
    lines = [line for page in pages for line in page.lines]
    assert lines == ["one", "two", "", "three"]


def test_title_truncated_to_one_line() -> None:
    card = Card(title="A very long title " * 10, glyph=Glyph.PIN, priority=Priority.URGENT)
    (page,) = fit_card(card, SMALL)
    assert page.title.endswith(ELLIPSIS) and page.title.startswith("A very long")
    assert_fits(card, [page], SMALL)


def test_pages_long_body_with_indicator() -> None:
    card = Card(title="News", lines=("word " * 200,), actions=("Next", "Stop"))
    pages = fit_card(card, SMALL)
    assert len(pages) > 1 and pages[1].indicator == f"2/{len(pages)}"
    assert fit_card(Card(title="x"), SMALL)[0].indicator == ""
    assert ink("".join(line for p in pages for line in p.lines)) == ink(card.lines[0])
    assert_fits(card, pages, SMALL)


def test_page_cap_truncates_with_ellipsis() -> None:
    card = Card(title="Book", lines=("word " * 5000,))
    pages = fit_card(card, SMALL)
    assert len(pages) == SMALL.max_pages
    assert pages[-1].truncated and pages[-1].lines[-1].endswith(ELLIPSIS)
    assert not any(p.truncated for p in pages[:-1])
    assert_fits(card, pages, SMALL)


def test_empty_and_whitespace_cards() -> None:
    for lines in ((), ("",), ("  \n\t ",)):
        (page,) = fit_card(Card(title="", lines=lines), SMALL)
        assert page.title == "" and page.lines == ()


@FAST
@given(card=cards, profile=profiles)
def test_any_card_fits_any_profile(card: Card, profile: DisplayProfile) -> None:
    pages = fit_card(card, profile)
    assert_fits(card, pages, profile)
    got = ink("".join(line for page in pages for line in page.lines))
    expected = ink("".join(card.lines))
    if pages[-1].truncated:
        assert got.endswith(ELLIPSIS) and expected.startswith(got[: -len(ELLIPSIS)])
    else:
        assert got == expected
