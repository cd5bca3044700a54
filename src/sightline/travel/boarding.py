"""Finding the boarding pass in view, choosing its leg, and wording its fields for people."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Final

from sightline.codes import BcbpError, BoardingPass, Leg, parse_bcbp
from sightline.scene import Scene, SceneItem
from sightline.travel.flights import FlightNumber, flight_of

PASS_FORMATS: Final = frozenset({"pdf417", "aztec", "qrcode", "qr", "datamatrix"})
"""Code formats a boarding pass is printed or shown in (format names compared loosely)."""

_CABINS: Final = {
    "F": "First",
    "A": "First",
    "P": "First",
    "J": "Business",
    "C": "Business",
    "D": "Business",
    "I": "Business",
    "Z": "Business",
    "R": "Business",
    "W": "Premium economy",
}
_TITLES: Final = frozenset({"MR", "MRS", "MS", "MISS", "MSTR", "DR", "PROF", "CHD", "INF"})


@dataclass(frozen=True)
class PassInView:
    """What the scene holds in the way of a boarding pass.

    Attributes:
        boarding_pass: The parsed pass, when a code in view is one.
        error: Why the code in view is not a valid pass, when there is a code but no pass.
        item: The scene item read.
    """

    boarding_pass: BoardingPass | None = None
    error: BcbpError | None = None
    item: SceneItem | None = None


def _format_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def _candidates(scene: Scene) -> list[SceneItem]:
    """The focused code first (whatever its format), then other codes in pass formats."""
    items = list(scene.items)
    ordered: list[SceneItem] = []
    focus = scene.focus
    if focus is not None and 0 <= focus < len(items) and items[focus].kind == "code":
        ordered.append(items[focus])
    for index, item in enumerate(items):
        if index != focus and item.kind == "code" and _format_key(item.format) in PASS_FORMATS:
            ordered.append(item)
    return ordered


def _parse(text: str) -> BoardingPass:
    try:
        return parse_bcbp(text)
    except BcbpError:
        trimmed = text.rstrip("\r\n")
        if trimmed == text:
            raise
        return parse_bcbp(trimmed)


def find_boarding_pass(scene: Scene | None) -> PassInView:
    """Read the boarding pass in view: the focused code, else any PDF417/Aztec/QR that parses.

    Args:
        scene: What perception found in view, if anything.

    Returns:
        The pass; or, when codes are in view but none is a valid pass, the first code's error
        (the focused one's when a code is focused); or an empty result when no code is in view.
    """
    if scene is None:
        return PassInView()
    first_error: PassInView | None = None
    for item in _candidates(scene):
        try:
            return PassInView(boarding_pass=_parse(item.text), item=item)
        except BcbpError as exc:
            if first_error is None:
                first_error = PassInView(error=exc, item=item)
    return first_error or PassInView()


def current_leg(boarding_pass: BoardingPass, today: date) -> int:
    """The index of the leg to talk about: the first not yet past, else the last."""
    for index, leg in enumerate(boarding_pass.legs):
        if leg.flight_date(today) >= today:
            return index
    return len(boarding_pass.legs) - 1


def leg_for(boarding_pass: BoardingPass, flight: FlightNumber) -> int | None:
    """The index of the pass's leg flown as `flight`, if any."""
    for index, leg in enumerate(boarding_pass.legs):
        if flight_of(leg) == flight:
            return index
    return None


def seat_label(leg: Leg) -> str | None:
    """The seat without padding zeros ("001A" → "1A"); None when not assigned."""
    if leg.seat is None:
        return None
    match = re.fullmatch(r"0*(\d+)([A-Z]?)", leg.seat.strip())
    return f"{match.group(1)}{match.group(2)}" if match else leg.seat.strip()


def sequence_label(leg: Leg) -> str | None:
    """The check-in sequence number without padding zeros ("0025" → "25")."""
    if leg.sequence is None:
        return None
    match = re.fullmatch(r"0*(\d+)([A-Z]?)", leg.sequence.strip())
    return f"{match.group(1)}{match.group(2)}" if match else leg.sequence.strip()


def cabin_label(leg: Leg) -> str | None:
    """The compartment as a word with its code ("Business (J)"); None when blank."""
    code = (leg.compartment or "").strip().upper()
    if not code:
        return None
    return f"{_CABINS.get(code, 'Economy')} ({code})"


def passenger_label(name: str) -> str:
    """The passenger's name as people write it ("DESMARAIS/LUC MR" → "Luc Desmarais")."""
    surname, _, given = name.partition("/")
    words = [w for w in given.split() if w.upper() not in _TITLES]
    parts = [*words, surname.strip()] if words else [surname.strip()]
    return " ".join(p.title() for p in parts if p) or name.strip()


def day_label(day: date, today: date) -> str:
    """A short date for cards: "Thu 21 Nov", with the year when it is not this year's."""
    text = f"{day:%a} {day.day} {day:%b}"
    return text if day.year == today.year else f"{text} {day.year}"


def day_spoken(day: date, today: date) -> str:
    """A date for speech: "today", "tomorrow", or "Thursday 21 November"."""
    delta = (day - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta == -1:
        return "yesterday"
    text = f"{day:%A} {day.day} {day:%B}"
    return text if day.year == today.year else f"{text} {day.year}"
