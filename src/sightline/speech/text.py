"""Text as a recogniser says it: lower case, numbers as words, no punctuation (English)."""

from __future__ import annotations

import re
import unicodedata

from num2words import num2words  # type: ignore[import-untyped, unused-ignore]

_CURRENCY = {"$": "dollars", "€": "euros", "£": "pounds", "¥": "yen", "₹": "rupees"}
_SYMBOLS = {"&": " and ", "+": " plus ", "=": " equals ", "@": " at ", "%": " percent "}
_MONEY = re.compile(r"([$€£¥₹])\s?([0-9]+(?:\.[0-9]+)?)")
_TIME = re.compile(r"\b([0-9]{1,2}):([0-9]{2})\b")
_ORDINAL = re.compile(r"\b([0-9]+)(st|nd|rd|th)\b", re.IGNORECASE)
_DECIMAL = re.compile(r"([0-9]+)\.([0-9]+)")
_NUMBER = re.compile(r"[0-9]+")
_THOUSANDS = re.compile(r"(?<=[0-9]),(?=[0-9]{3}\b)")
_LETTER_DIGIT = re.compile(r"(?<=[A-Za-z])(?=[0-9])|(?<=[0-9])(?=[A-Za-z])")
_DECADE = re.compile(r"\b([0-9]{2}|[0-9]{4})s\b")
_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)*")
_ABBREVIATIONS = {"mr": "mister", "mrs": "missus"}
_FOLD = str.maketrans(
    {"’": "'", "‘": "'", "ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "ł": "l", "Æ": "AE"}
    | {"Ø": "O", "Œ": "OE", "Ł": "L"}
)
_MAX_DIGITS = 15
_DIGITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def _cardinal(digits: str) -> str:
    if len(digits) > _MAX_DIGITS:
        return " ".join(_DIGITS[int(d)] for d in digits)
    return str(num2words(int(digits)))


def _fraction(digits: str) -> str:
    """Cents are said as a number ("twenty three fifty"); other fractions digit by digit."""
    if len(digits) == 2:
        return "oh " + _DIGITS[int(digits[1])] if digits[0] == "0" else _cardinal(digits)
    return "point " + " ".join(_DIGITS[int(d)] for d in digits)


def _money(match: re.Match[str]) -> str:
    unit = _CURRENCY[match.group(1)]
    whole, _, cents = match.group(2).partition(".")
    spoken = f" {_cardinal(whole)} {unit} "
    return spoken + (f"{_fraction(cents)} " if cents.strip("0") else "")


def _time(match: re.Match[str]) -> str:
    hour, minute = match.group(1), match.group(2)
    if minute == "00":
        return f" {_cardinal(hour)} o'clock "
    return f" {_cardinal(hour)} {_fraction(minute)} "


def _ordinal(match: re.Match[str]) -> str:
    digits = match.group(1)
    if len(digits) > _MAX_DIGITS:
        return f" {_cardinal(digits)} "
    return f" {num2words(int(digits), to='ordinal')} "


def _decade(match: re.Match[str]) -> str:
    digits = match.group(1)
    spoken = str(num2words(int(digits), to="year" if len(digits) == 4 else "cardinal"))
    return f" {spoken[:-1] + 'ies' if spoken.endswith('y') else spoken + 's'} "


def _decimal(match: re.Match[str]) -> str:
    return f" {_cardinal(match.group(1))} {_fraction(match.group(2))} "


def _ascii(text: str) -> str:
    """Fold accents away; other non-ASCII characters separate words."""
    text = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(
        c if c.isascii() else ("" if unicodedata.category(c).startswith("M") else " ") for c in text
    )


def normalise_text(text: str) -> str:
    """Say a written sentence the way a recogniser writes it.

    Lower case; accents folded to ASCII (other scripts dropped); money ("$5.99" → "five
    dollars ninety nine"), times ("7:30" → "seven thirty"), ordinals, decimals and numbers
    as English words (num2words; hyphens become spaces); `& + = @ %` as words; all other
    punctuation removed except apostrophes inside a word ("what's"). Idempotent.

    Args:
        text: Any text.

    Returns:
        Words of `[a-z']`, separated by single spaces.
    """
    text = _THOUSANDS.sub("", text)
    text = _ascii(_MONEY.sub(_money, text))
    text = _TIME.sub(_time, text)
    text = _ORDINAL.sub(_ordinal, text)
    text = _DECADE.sub(_decade, text)
    text = _LETTER_DIGIT.sub(" ", text)
    text = _DECIMAL.sub(_decimal, text)
    text = _NUMBER.sub(lambda m: f" {_cardinal(m.group(0))} ", text)
    for symbol, word in _SYMBOLS.items():
        text = text.replace(symbol, word)
    tokens = _TOKEN.findall(text.lower().replace("-", " "))
    return " ".join(_ABBREVIATIONS.get(t, t) for t in tokens)


def words(text: str) -> list[str]:
    """The normalised words of a text (see `normalise_text`)."""
    return normalise_text(text).split()
