"""Reading travel requests offline: which tool, which flight, and what the wearer asks about."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Any, Final

from sightline.travel.flights import parse_flight_number


class Aspect(StrEnum):
    """The part of a pass or flight status a question is about, so the answer leads with it."""

    SEAT = "seat"
    GATE = "gate"
    BOARDING = "boarding"
    ON_TIME = "on_time"
    DEPARTURE = "departure"
    ARRIVAL = "arrival"
    BAGGAGE = "baggage"
    GENERAL = "general"


_BAGS = re.compile(r"\bbag(?:s|gage)?\b|\bluggage\b|\ballowance\b|\bsuitcase\b|\bkilos\b")
_ASPECTS: Final = (
    (Aspect.SEAT, re.compile(r"\bseat\b|\bsitting\b")),
    (Aspect.BAGGAGE, _BAGS),
    (Aspect.GATE, re.compile(r"\bgates?\b")),
    (Aspect.BOARDING, re.compile(r"\bboard(?:s|ing|ed)?\b")),
    (
        Aspect.ON_TIME,
        re.compile(r"\bon (?:time|schedule)\b|\bdelay|\blate\b|\bcancel|\bstatus\b|\brunning\b"),
    ),
    (Aspect.ARRIVAL, re.compile(r"\bland|\barriv|\bget in\b")),
    (Aspect.DEPARTURE, re.compile(r"\bdepart|\btake off\b|\btaken off\b|\bleav|\bwhat time\b")),
)
_PASS = re.compile(
    r"\bboarding pass|\b(?:show|pull up|open|display|bring up|see|where'?s|where is) (?:me )?"
    r"(?:my |the )?(?:\w+ )?(?:ticket|pass)\b"
)
_SEAT = re.compile(
    r"\b(?:what|which)(?:'s| is)? (?:my )?seat\b|\bseat number\b|\bmy seat\b|"
    r"\b(?:window|aisle|middle) seat\b|\bwhere am i sitting\b|\bseat (?:am i|did i get)\b"
)
_BOOK = re.compile(
    r"\b(?:book(?:ing|ings|ed)?|reserv\w*|buy|purchase|"
    r"find (?:me |us )?(?:a|an|some|the|cheap\w*|flights?|hotels?|rooms?|somewhere)|"
    r"search(?: for)?|look(?:ing)? for|get (?:me|us) (?:a|an|on|to)|"
    r"i need (?:a|an|somewhere|to fly|to get|tickets?)|"
    r"i'?d like (?:a|an|to book|to fly|to reserve|to go)|"
    r"i want (?:a|an|to book|to fly|to go|to reserve|tickets?)|somewhere to stay|"
    r"cheap\w*|fares?|rooms?|hotels?|hostels?|resorts?|upgrade|cancel (?:my|the|a)|refund|"
    r"change my|switch to|round trip|one way|return ticket|getaway|rebook|reschedule|"
    r"(?:move|swap|push) my|plan a trip|compare|availability|options to|"
    r"can i get a (?:flight|train|ticket|seat)|(?:what|which|any|show me|give me|list) (?:all )?"
    r"(?:the )?(?:flights|trains|airlines)|(?:earliest|first|last|next|later) (?:flight|train) "
    r"(?:to|back|from|i can)|flights between)\b"
)
_STATUS = re.compile(
    r"\bgates?\b|\bboard|\bon (?:time|schedule)\b|\bdelay|\blate\b|\bcancell?ed\b|\bstatus\b|"
    r"\bdepart|\btake off\b|\btaken off\b|\bland|\barriv|\bleav|\bwhen(?:'s| is| does| do)\b|"
    r"\bwhat time\b|\bterminal\b|\btrack\b|\bflight\b"
)
_TRIP_SEARCH = re.compile(r"\b(?:flights?|trains?|buses|ferry|tickets?) (?:from|to|for|on)\b")


def normalize(utterance: str) -> str:
    """Lower case, straight apostrophes, single spaces, no closing punctuation."""
    text = utterance.lower().replace("’", "'")
    return " ".join(text.split()).rstrip("?.!")


def aspect_of(utterance: str) -> Aspect:
    """What a question is about ("what gate" → GATE, "is it on time" → ON_TIME)."""
    text = normalize(utterance)
    return next((aspect for aspect, pattern in _ASPECTS if pattern.search(text)), Aspect.GENERAL)


def parse_travel(utterance: str) -> tuple[str, dict[str, Any]]:
    """Pick the travel tool and its arguments from an utterance, offline.

    Showing the pass, seat and baggage allowance questions go to `boarding_pass`; booking,
    searching, cancelling and changing to `book`; a flight number or a question about
    boarding, gate, delay or times to `flight_status` (with the flight when one was said).

    Args:
        utterance: The wearer's words.

    Returns:
        The tool name and its arguments.
    """
    text = normalize(utterance)
    booking = _BOOK.search(text) is not None
    if _PASS.search(text) or (not booking and (_SEAT.search(text) or _BAGS.search(text))):
        return "boarding_pass", {}
    if booking:
        return "book", {"request": utterance.strip()}
    flight = parse_flight_number(utterance)
    if flight is not None:
        return "flight_status", {"flight": str(flight)}
    if _STATUS.search(text) or not _TRIP_SEARCH.search(text):
        return "flight_status", {}
    return "book", {"request": utterance.strip()}
