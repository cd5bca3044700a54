"""Telling a spoken "confirm" or "cancel" from any other request."""

from __future__ import annotations

import re
from typing import Final, Literal

_OBJECT = (
    r"(?:\s+(?:it|(?:the|my|this|that)(?:\s+(?:payment|order|booking|transfer|purchase"
    r"|transaction))?|payment|order|booking|transfer|purchase|transaction))?"
)  # a bare "the"/"my" too: recognisers often hear one after a lone "confirm"
_CONFIRM: Final = re.compile(
    r"^(?:(?:yes|ok|okay)[\s,]+)?(?:please\s+)?(?:i\s+)?(?:confirm(?:ed)?|approved?)"
    + _OBJECT
    + r"(?:\s+please)?$"
)
_CANCEL: Final = re.compile(
    r"^(?:no[\s,]+)?(?:please\s+)?(?:cancel(?:led)?|abort|don't\s+pay|do\s+not\s+pay)"
    + _OBJECT
    + r"(?:\s+please)?$|^no$"
)


def spoken_word(utterance: str) -> Literal["confirm", "cancel"] | None:
    """Return "confirm" or "cancel" when the whole utterance says just that, else None.

    "confirm", "confirmed", "yes, confirm the payment", "approve it please" confirm (and the
    "confirm the" a recogniser often hears for a lone "confirm"); "cancel", "no, cancel
    the order", "abort", "no" cancel. A longer request that merely contains the word (such as
    "confirm my flight to Rome") is not a reply and is routed as usual.

    Args:
        utterance: The turn's words.
    """
    text = re.sub(r"[^\w'\s,]", " ", utterance.lower())
    text = re.sub(r"\s+", " ", text).strip(" ,")
    if _CONFIRM.match(text):
        return "confirm"
    if _CANCEL.match(text):
        return "cancel"
    return None
