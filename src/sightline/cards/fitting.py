"""Fit a card to a display: layout, wrapping, truncation and paging by pixel measurement."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field

from sightline.cards.fonts import FontSet, get_fonts
from sightline.cards.model import Card, Glyph, Priority
from sightline.cards.profiles import DisplayProfile

Box = tuple[int, int, int, int]
"""A rectangle as (left, top, right, bottom), right and bottom exclusive."""

ELLIPSIS = "…"
_NO_BREAK = frozenset("\u00a0\u2007\u202f")


class Page(BaseModel):
    """One screenful of a fitted card.

    Attributes:
        title: Title fitted to one line.
        lines: Body lines on this page, each fitting the body width.
        actions: Fitted action labels, shown on every page.
        glyph: Pictogram beside the title.
        priority: The card's priority.
        index: Zero-based page number.
        count: Number of pages of the card.
        truncated: The card had more text than ``max_pages`` pages; this page ends with "…".
    """

    model_config = ConfigDict(frozen=True)

    title: str
    lines: tuple[str, ...] = ()
    actions: tuple[str, ...] = ()
    glyph: Glyph | None = None
    priority: Priority = Priority.NORMAL
    index: int = Field(default=0, ge=0)
    count: int = Field(default=1, ge=1)
    truncated: bool = False

    @property
    def indicator(self) -> str:
        """Page indicator such as "2/3"; empty for a single-page card."""
        return f"{self.index + 1}/{self.count}" if self.count > 1 else ""


@dataclass(frozen=True)
class Layout:
    """Regions of the display, all inside the margins.

    Attributes:
        title_row: Row holding glyph, title, page indicator and priority marker.
        body: Region for the body lines.
        actions: Row of action targets, or None when the card has no actions.
        line_pitch: Vertical distance between body line tops.
        lines_per_page: Body lines that fit in ``body``.
        padding: Space between an action target's border and its label.
        border: Width of an action target's border.
    """

    title_row: Box
    body: Box
    actions: Box | None
    line_pitch: int
    lines_per_page: int
    padding: int
    border: int


def compute_layout(profile: DisplayProfile, has_actions: bool) -> Layout:
    """Divide the display into title row, body and action row.

    Raises:
        ValueError: If the profile leaves no room for a single body line.
    """
    m, gap = profile.margin, profile.gap
    left, top, right, bottom = m, m, profile.width - m, profile.height - m
    title_h, line_h = (
        get_fonts(profile.title_size, bold=True).line_height,
        body_line_height(profile),
    )
    padding, border = max(1, gap // 2), max(1, profile.body_size // 14)
    actions: Box | None = None
    if has_actions:
        actions = (left, bottom - line_h - 2 * (padding + border), right, bottom)
        bottom = actions[1] - gap
    body = (left, top + title_h + gap, right, bottom)
    pitch = max(line_h, round(line_h * profile.line_spacing))
    fits = (body[3] - body[1] - line_h) // pitch + 1 if body[3] - body[1] >= line_h else 0
    if fits < 1:
        raise ValueError(f"profile {profile.name!r} leaves no room for a body line")
    return Layout((left, top, right, top + title_h), body, actions, pitch, fits, padding, border)


def body_line_height(profile: DisplayProfile) -> int:
    """Height in pixels of one line in the body font."""
    return get_fonts(profile.body_size).line_height


def title_boxes(
    profile: DisplayProfile, page: Page
) -> tuple[Box | None, Box, Box | None, Box | None]:
    """Split the title row into (glyph, title text, page indicator, priority marker) boxes."""
    left, top, right, bottom = compute_layout(profile, bool(page.actions)).title_row
    size, gap = bottom - top, profile.gap
    glyph = marker = indicator = None
    if page.glyph is not None:
        glyph, left = (left, top, left + size, bottom), left + size + gap
    if page.priority > Priority.NORMAL:
        width = (page.priority - Priority.NORMAL) * (size // 2)
        marker, right = (right - width, top, right, bottom), right - width - gap
    if page.indicator:
        width = get_fonts(profile.body_size).width(page.indicator)
        indicator, right = (right - width, top, right, bottom), right - width - gap
    return glyph, (left, top, max(left, right), bottom), indicator, marker


def action_slots(profile: DisplayProfile, layout: Layout, count: int) -> list[Box]:
    """Return the boxes of ``count`` action targets (at most ``profile.max_actions``)."""
    count = min(count, profile.max_actions)
    if layout.actions is None or count == 0:
        return []
    left, top, right, bottom = layout.actions
    width = (right - left - profile.gap * (count - 1)) // count
    return [
        (x, top, x + width, bottom)
        for x in (left + i * (width + profile.gap) for i in range(count))
    ]


def clean(text: str) -> str:
    """Make ``text`` one drawable line: line breaks and tabs become spaces, controls go."""
    text = " ".join(text.splitlines()).replace("\t", " ")
    return "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cs"))


def _clusters(text: str) -> list[str]:
    """Split into base characters with their following combining marks."""
    out: list[str] = []
    for ch in text:
        if out and (unicodedata.category(ch).startswith("M") or ch in "\u200c\u200d"):
            out[-1] += ch
        else:
            out.append(ch)
    return out


def _tokens(text: str) -> list[str]:
    """Split into words, single spaces and single wide (CJK) characters, each breakable."""
    tokens: list[str] = []
    joinable = False  # may the next word character extend the last token?
    for cluster in _clusters(text):
        ch = cluster[0]
        if cluster.isspace() and len(cluster) == 1 and ch not in _NO_BREAK:
            if tokens and tokens[-1] != " ":
                tokens.append(" ")
            joinable = False
        elif unicodedata.east_asian_width(ch) in ("W", "F"):
            tokens.append(cluster)
            joinable = False
        elif joinable:
            tokens[-1] += cluster
        else:
            tokens.append(cluster)
            joinable = True
    return tokens


def _longest(clusters: list[str], fits: Callable[[str], bool]) -> int:
    """Binary-search the most leading clusters for which ``fits(prefix)`` holds."""
    lo, hi = 0, len(clusters)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        lo, hi = (mid, hi) if fits("".join(clusters[:mid])) else (lo, mid - 1)
    return lo


def truncate(text: str, fonts: FontSet, width: int) -> str:
    """Return ``text`` if it fits ``width``, else its longest prefix that fits with "…"."""
    if fonts.width(text) <= width:
        return text
    clusters = _clusters(text)
    n = _longest(clusters, lambda s: fonts.width(s.rstrip() + ELLIPSIS) <= width)
    if n == 0:
        return ELLIPSIS if fonts.width(ELLIPSIS) <= width else ""
    return "".join(clusters[:n]).rstrip() + ELLIPSIS


def _break(word: str, fonts: FontSet, width: int) -> list[str]:
    """Break a word wider than ``width`` into pieces that fit."""
    pieces, rest = [], _clusters(word)
    while rest:
        n = _longest(rest, lambda s: fonts.width(s) <= width)
        if n == 0:  # one character wider than the line: nothing else can be done
            pieces.append(truncate(rest[0], fonts, width))
            n = 1
        else:
            pieces.append("".join(rest[:n]))
        rest = rest[n:]
    return pieces


def wrap(paragraph: str, fonts: FontSet, width: int) -> list[str]:
    """Wrap one paragraph (no line breaks) into lines no wider than ``width`` pixels."""
    lines: list[str] = []
    current, space = "", False
    for token in _tokens(clean(paragraph)):
        if token == " ":
            space = bool(current)
            continue
        candidate = current + (" " if space else "") + token
        space = False
        if fonts.width(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        pieces = [token] if fonts.width(token) <= width else _break(token, fonts, width)
        lines.extend(pieces[:-1])
        current = pieces[-1]
    return [*lines, current]


def fit_card(card: Card, profile: DisplayProfile) -> list[Page]:
    """Fit a card to a display, paging the body when it does not fit one screen.

    Args:
        card: The card to show.
        profile: The display to show it on.

    Returns:
        One or more pages (at most ``profile.max_pages``), in order.
    """
    layout = compute_layout(profile, bool(card.actions))
    fonts, width = get_fonts(profile.body_size), layout.body[2] - layout.body[0]
    lines = [
        line
        for raw in card.lines
        for paragraph in (raw.splitlines() or [""])
        for line in wrap(paragraph, fonts, width)
    ]
    while lines and not lines[-1]:
        lines.pop()
    per_page = layout.lines_per_page
    truncated = len(lines) > per_page * profile.max_pages
    if truncated:
        lines = lines[: per_page * profile.max_pages]
        lines[-1] = truncate(lines[-1] + ELLIPSIS, fonts, width)
    chunks = [tuple(lines[i : i + per_page]) for i in range(0, len(lines), per_page)] or [()]
    slots = action_slots(profile, layout, len(card.actions))
    label_width = [s[2] - s[0] - 2 * (layout.padding + layout.border) for s in slots]
    actions = tuple(
        truncate(clean(a).strip(), fonts, max(0, w))
        for a, w in zip(card.actions[: len(slots)], label_width, strict=True)
    )
    title, title_fonts = " ".join(clean(card.title).split()), get_fonts(profile.title_size, True)
    pages = []
    for index, chunk in enumerate(chunks):
        page = Page(
            title=title,
            lines=chunk,
            actions=actions,
            glyph=card.glyph,
            priority=card.priority,
            index=index,
            count=len(chunks),
            truncated=truncated and index == len(chunks) - 1,
        )
        box = title_boxes(profile, page)[1]
        fitted = truncate(title, title_fonts, box[2] - box[0])
        pages.append(page.model_copy(update={"title": fitted}))
    return pages
