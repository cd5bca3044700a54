"""Reading navigation requests offline: which tool, and the destination in the wearer's words."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_WHERE = re.compile(
    r"\b(?:where am i|where are we|where i am|where we are|"
    r"what(?:'s| is) (?:this|my current|my|the) (?:place|street|road|location|address|"
    r"area|neighbou?rhood)|(?:what|which) (?:street|road|neighbou?rhood|area) "
    r"(?:is this|am i (?:on|in)|are we (?:on|in))|my (?:current )?(?:location|position)|"
    r"what part of (?:town|the city))\b"
)
_DISTANCE = re.compile(
    r"^(?:.*?\b)?(?:how far(?: away)?(?: is| are| is it| it is)?(?: it)?(?: to| from here to)?|"
    r"(?:what(?:'s| is) the )?(?:walking )?distance (?:to|from here to)|"
    r"how (?:long|many minutes)(?: does it| will it| would it)?(?: take)?(?: me)?(?: to)? "
    r"(?:walk|get) to|how long is the walk to)\s+(?P<d>.+)$"
)
_ROUTE = re.compile(
    r"^(?:.*?\b)?(?:(?:take|bring|get|walk|guide|lead|direct) (?:me|us)(?: back)?|"
    r"navigat(?:e|ion)(?: me| us)?|(?:plot a |show me the |a )?route(?: me| us)?|directions?|"
    r"show me (?:the way|how to get)|(?:how|where) (?:do|can|should) (?:i|we) (?:get|go|walk)|"
    r"how to (?:get|go|walk)|(?:the )?way|head(?:ing)?|go|get(?: back)?)"
    r"(?: to| towards?| for)\s+(?P<d>.+)$|"
    r"^(?:.*?\b)?which way (?:is |to )?(?P<w>.+)$|"
    r"^(?:.*?\b)?(?:(?:take|bring|get|walk|guide|lead) (?:me|us)|"
    r"navigate(?: me| us)?|go|get)(?: back)?\s+(?P<home>home)$"
)
_FIND = re.compile(
    r"^(?:.*?\b)?(?:where(?:'s| is)(?: the| a)?|find(?: me)?|i need|"
    r"(?:i'm |i am )?looking for|is there|search for)\s+(?P<d>.+)$"
)
_TRAILING = re.compile(
    r"(?:\s+|,\s*)(?:please|from here|on foot|by foot|walking|now|right now|for me|"
    r"thanks|thank you|asap|quickly)$"
)
_NEARBY = re.compile(r"\s+(?:nearby|near me|near here|around here|close by|closest to me)$")
_LEADING = re.compile(r"^(?:the|a|an|some|any)\s+")


@dataclass(frozen=True)
class NavRequest:
    """A parsed request: the tool ("route_to", "distance_to", "where_am_i") and its arguments."""

    tool: str
    arguments: dict[str, str] = field(default_factory=dict)


def _trim(text: str) -> str:
    text = text.strip(" ?.!,")
    previous = None
    while previous != text:
        previous = text
        text = _TRAILING.sub("", text).strip(" ?.!,")
    return text


def clean_destination(text: str) -> str:
    """Trim fillers around a destination: "the nearest pharmacy please" → "nearest pharmacy"."""
    text = _trim(text)
    nearby = _NEARBY.search(text)
    text = _NEARBY.sub("", text)
    text = _LEADING.sub("", text).strip()
    if nearby and not text.startswith(("nearest ", "closest ")):
        text = f"nearest {text}"
    return text


def parse_request(utterance: str) -> NavRequest:
    """Pick the navigation tool and the destination from an utterance.

    Args:
        utterance: What the wearer said ("take me to the nearest pharmacy", "where am I").

    Returns:
        The request; unrecognised phrasing asks for a route to the whole utterance.
    """
    text = _trim(" ".join(utterance.lower().replace("’", "'").split()))
    if _WHERE.search(text):
        return NavRequest("where_am_i")
    for pattern, tool in ((_DISTANCE, "distance_to"), (_ROUTE, "route_to"), (_FIND, "route_to")):
        match = pattern.match(text)
        if match:
            found = match.groupdict()
            words = found.get("d") or found.get("w") or found.get("home") or ""
            destination = clean_destination(words)
            if destination:
                return NavRequest(tool, {"destination": destination})
    return NavRequest("route_to", {"destination": clean_destination(text)})
