"""Flight numbers: reading them from speech or text, and from a boarding pass leg.

A flight number is an airline designator (two characters, IATA) and one to four digits with
an optional operational suffix letter: "LH 400", "ba117", "U2 1234", "6E 2135", "Lufthansa
flight 400", "B A 117". Leading zeros are dropped ("0834" is flight 834).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from sightline.codes import Leg

AIRLINES: Final[dict[str, str]] = {
    "AA": "American Airlines",
    "AC": "Air Canada",
    "AF": "Air France",
    "AI": "Air India",
    "AM": "Aeroméxico",
    "AS": "Alaska Airlines",
    "AV": "Avianca",
    "AY": "Finnair",
    "AZ": "ITA Airways",
    "A3": "Aegean",
    "B6": "JetBlue",
    "BA": "British Airways",
    "BR": "EVA Air",
    "CA": "Air China",
    "CM": "Copa Airlines",
    "CX": "Cathay Pacific",
    "CZ": "China Southern",
    "DL": "Delta",
    "DY": "Norwegian",
    "EI": "Aer Lingus",
    "EK": "Emirates",
    "ET": "Ethiopian Airlines",
    "EW": "Eurowings",
    "EY": "Etihad",
    "FI": "Icelandair",
    "FR": "Ryanair",
    "GA": "Garuda Indonesia",
    "HA": "Hawaiian Airlines",
    "IB": "Iberia",
    "JL": "Japan Airlines",
    "KE": "Korean Air",
    "KL": "KLM",
    "KQ": "Kenya Airways",
    "LA": "LATAM",
    "LH": "Lufthansa",
    "LO": "LOT",
    "LX": "Swiss",
    "MH": "Malaysia Airlines",
    "MS": "EgyptAir",
    "MU": "China Eastern",
    "NH": "ANA",
    "NZ": "Air New Zealand",
    "OS": "Austrian",
    "OZ": "Asiana",
    "PR": "Philippine Airlines",
    "QF": "Qantas",
    "QR": "Qatar Airways",
    "SA": "South African Airways",
    "SK": "SAS",
    "SN": "Brussels Airlines",
    "SQ": "Singapore Airlines",
    "SV": "Saudia",
    "TG": "Thai Airways",
    "TK": "Turkish Airlines",
    "TP": "TAP Air Portugal",
    "U2": "easyJet",
    "UA": "United",
    "VA": "Virgin Australia",
    "VN": "Vietnam Airlines",
    "VS": "Virgin Atlantic",
    "VY": "Vueling",
    "W6": "Wizz Air",
    "WN": "Southwest",
    "WS": "WestJet",
    "6E": "IndiGo",
}
"""Airline names by IATA designator, for speech and for names said instead of codes."""

_EXTRA_NAMES: Final = {"american": "AA", "delta airlines": "DL", "united airlines": "UA"}
_SUFFIXES = re.compile(r"\s+(?:airlines|airways|air lines)$")


def _names() -> dict[str, str]:
    names = dict(_EXTRA_NAMES)
    for code, name in AIRLINES.items():
        key = name.lower()
        names[key] = code
        short = _SUFFIXES.sub("", key)
        if short != key and len(short) > 3:
            names.setdefault(short, code)
    return names


_NAME_TO_CODE: Final = _names()
_NUMBER = r"(?P<n>\d{1,4})(?P<s>[a-z])?(?![\w])"
_BY_NAME = re.compile(
    r"(?<![\w])(?P<name>"
    + "|".join(re.escape(n) for n in sorted(_NAME_TO_CODE, key=len, reverse=True))
    + r")(?:'s)?\s+(?:flight\s+)?(?:number\s+|no\.?\s+)?"
    + _NUMBER,
    re.IGNORECASE,
)
_SPELLED = re.compile(r"(?<![\w.])(?P<a>[a-z])[ .]+(?P<b>[a-z])\.?\s*" + _NUMBER, re.IGNORECASE)
_LETTERS = re.compile(r"(?<![\w])(?P<c>[a-z]{2})\s*-?\s*" + _NUMBER, re.IGNORECASE)
_MIXED = re.compile(r"(?<![\w])(?P<c>[a-z]\d|\d[a-z])(?:\s+|\s*-\s*)" + _NUMBER, re.IGNORECASE)
# Two-letter words that read as designators in speech ("is 5", "at 10", "my 6"); accepted
# only when written in capitals in mixed-case text ("is AS 3 on time").
_WORDS: Final = frozenset(
    re.findall(
        r"\w+",
        "am an as at be by do go he hi id if in is it me my no of oh ok on or pm so to up us we",
    )
)


@dataclass(frozen=True)
class FlightNumber:
    """A flight: airline designator and number.

    Attributes:
        carrier: Airline designator, upper case, e.g. "LH".
        number: Flight number without leading zeros, with any suffix letter, e.g. "400", "12A".
    """

    carrier: str
    number: str

    def __str__(self) -> str:
        return f"{self.carrier} {self.number}"

    @property
    def airline(self) -> str | None:
        """The airline's name when the designator is a known one."""
        return AIRLINES.get(self.carrier)

    def spoken(self) -> str:
        """The flight for speech: the airline's name when known ("Lufthansa 400")."""
        return f"{self.airline or self.carrier} {self.number}"


def normalize_number(raw: str) -> str:
    """Drop padding and leading zeros from a flight number ("0834" → "834", "0123A" → "123A")."""
    text = raw.strip().upper()
    match = re.fullmatch(r"(\d+)([A-Z]?)", text)
    if match is None:
        return text
    return f"{int(match.group(1))}{match.group(2)}"


def _make(carrier: str, match: re.Match[str]) -> FlightNumber:
    return FlightNumber(carrier.upper(), normalize_number(match.group("n") + (match["s"] or "")))


def _designator_ok(code: str, text: str) -> bool:
    if code.lower() not in _WORDS:
        return True
    return code.isupper() and not text.isupper()


def parse_flight_number(text: str) -> FlightNumber | None:
    """Find a flight number in free text or speech.

    Args:
        text: An utterance or a typed flight number ("is LH 400 on time", "BA117",
            "Lufthansa flight 400", "B A 117").

    Returns:
        The first flight number found, or None. Never raises.
    """
    if not isinstance(text, str) or not text:
        return None
    text = text.replace("’", "'")
    found = _BY_NAME.search(text)
    if found:
        return _make(_NAME_TO_CODE[found.group("name").lower()], found)
    for pattern in (_LETTERS, _MIXED):
        for match in pattern.finditer(text):
            if _designator_ok(match.group("c"), text):
                return _make(match.group("c"), match)
    spelled = _SPELLED.search(text)
    if spelled:
        return _make(spelled.group("a") + spelled.group("b"), spelled)
    return None


def flight_of(leg: Leg) -> FlightNumber:
    """The flight number of a boarding pass leg ("AC", "0834" → AC 834)."""
    return FlightNumber(leg.carrier.strip().upper(), normalize_number(leg.flight))
