"""Spans of time as the wearer says them: "the last ten minutes", "this morning", "yesterday"."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

_UNITS = {
    "zero": 0, "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "couple": 2, "few": 3,
}  # fmt: skip
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60}
_TENS_WORDS = "|".join(_TENS)
_UNIT_WORDS = "|".join(k for k in _UNITS if k not in ("a", "an", "couple", "few", "zero"))
_ANY_UNIT = "|".join(sorted(_UNITS, key=len, reverse=True))
_NUMBER = rf"(\d+|(?:{_TENS_WORDS})(?:[\s-](?:{_UNIT_WORDS}))?|{_ANY_UNIT}|half an?)"
_SPAN = re.compile(_NUMBER + r"\s+(?:of\s+an?\s+)?(minutes?|mins?|hours?|hrs?|days?)\b")
_DAY_PARTS = {"morning": (5, 12), "afternoon": (12, 18), "evening": (18, 24), "night": (18, 24)}


def spoken_number(words: str) -> float | None:
    """A small number said in words or digits ("ten", "twenty five", "15", "half an")."""
    words = words.strip().lower()
    if words.isdigit():
        return float(words)
    if words.startswith("half"):
        return 0.5
    total = 0
    for word in re.split(r"[\s-]+", words):
        if word in _TENS:
            total += _TENS[word]
        elif word in _UNITS:
            total += _UNITS[word]
        else:
            return None
    return float(total)


def spoken_duration(text: str) -> timedelta | None:
    """The duration in "the last ten minutes", "half an hour", "2 hours"; None if none is said."""
    lowered = text.lower()
    match = _SPAN.search(lowered)
    if match is None:
        if re.search(r"\bhalf an hour\b", lowered):
            return timedelta(minutes=30)
        if re.search(r"\b(?:last|past) hour\b", lowered):
            return timedelta(hours=1)
        return None
    amount = spoken_number(match.group(1))
    if amount is None:
        return None
    unit = match.group(2)[0]
    return {"m": timedelta(minutes=amount), "h": timedelta(hours=amount)}.get(
        unit, timedelta(days=amount)
    )


def spoken_span(text: str, now: datetime) -> tuple[datetime | None, datetime | None]:
    """The span a question is about: ("this morning") → (05:00 today, 12:00 today).

    Args:
        text: The question.
        now: The current local (timezone-aware) time.

    Returns:
        (since, until); either is None when the question does not bound it.
    """
    lowered = text.lower()
    duration = spoken_duration(lowered)
    if duration is not None and re.search(r"\b(?:last|past|within)\b", lowered):
        return now - duration, None
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    day = midnight
    if re.search(r"\byesterday\b", lowered):
        day = midnight - timedelta(days=1)
    elif re.search(r"\blast night\b", lowered):
        return midnight - timedelta(hours=6), midnight
    for part, (start, end) in _DAY_PARTS.items():
        if re.search(rf"\b(?:this|yesterday|in the) {part}\b", lowered) or (
            part in lowered and day != midnight
        ):
            return day + timedelta(hours=start), day + timedelta(hours=end)
    if re.search(r"\btoday\b", lowered):
        return midnight, None
    if day != midnight:
        return day, midnight
    return None, None
