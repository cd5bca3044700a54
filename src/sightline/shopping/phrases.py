"""Reading shopping requests offline: which tool, which product, how many.

"is this cheaper online" compares the product in view (no product argument); "compare prices
for AirPods" names it; "what's in this" asks for product information; "order two of these"
orders two; "where is my order" asks for an order's status.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Final

NUMBERS: Final = {
    "a": 1, "an": 1, "one": 1, "a single": 1, "two": 2, "a couple of": 2, "a pair of": 2,
    "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "a dozen": 12,
}  # fmt: skip
_DEICTIC = re.compile(r"\b(this|these|that|those|it|them|one|ones|here)\b", re.IGNORECASE)
_STATUS = re.compile(
    r"\b(?:order status|status of (?:my |the |an? )?order|track(?:ing)?\b"
    r"|where(?:'s| is| are) (?:my|the|order\b)"
    r"|(?:my|the) (?:order|package|parcel|delivery|shipment)s?\b.*\b(?:arriv|ship|come|coming|"
    r"late|deliver|get here|status)|(?:when|did|has|is) (?:will )?(?:my|the) "
    r"(?:order|package|parcel|delivery))",
    re.IGNORECASE,
)
_ORDER_ID = re.compile(r"\border (?:number |no\.? |id |#)?#?([A-Za-z]*\d[A-Za-z0-9-]{3,})")
_INFO = re.compile(
    r"\b(?:what(?:'s| is| are) (?:in )?(?:this|these|that|it)\b(?! (?:cost|price))"
    r"|ingredients?|allergens?|nutrition|calories|tell me (?:more )?about|what brand"
    r"|product info|details (?:of|on|about)|scan this|gluten|vegan|vegetarian|lactose|contain)",
    re.IGNORECASE,
)
_ORDER = re.compile(
    r"^(?:(?:can|could|would) you |please |i (?:want|would like|wanna|need) to |i'd like to "
    r"|go ahead and |let's |just )*(?:order|buy|purchase|get me|reorder|add)\b",
    re.IGNORECASE,
)
_QUANTITY = re.compile(
    r"^\s*(?P<n>\d{1,3}|" + "|".join(sorted(NUMBERS, key=len, reverse=True)) + r")\b"
    r"(?:\s+(?:more|packs?|boxes|bottles|cans|units|items|pieces|of))*\s*",
    re.IGNORECASE,
)
_COMPARE_LEAD = re.compile(
    r"^(?:(?:can|could) you |please |hey |quickly |)*"
    r"(?:compare (?:the )?(?:prices?|deals?) (?:for|of|on)|compare|do a (?:quick )?price check on"
    r"|price check(?: on)?|find (?:me )?(?:the )?(?:lowest|best|cheapest|a better) (?:price|deal)"
    r" (?:for|of|on)|look up (?:the )?prices? (?:for|of)|check the price of"
    r"|how much (?:is|are|does|do) |what(?:'s| is) the (?:best|cheapest|lowest) (?:price|deal)"
    r" (?:for|on|of)|(?:which shop|where) (?:has|sells|can i (?:get|buy)) (?:the )?(?:cheapest )?"
    r"|cheapest place to buy|where do i get the cheapest)\s*",
    re.IGNORECASE,
)
_TRAIL = re.compile(
    r"(?:\s+(?:online|on line|on \w+|at \w+(?: or \w+)?|anywhere(?: else)?|right now|for less"
    r"|going for|cost(?:s)?(?: online)?|across stores|with other (?:shops|stores|retailers)"
    r"|in other stores|elsewhere|please|today|now))+$",
    re.IGNORECASE,
)
_ARTICLE = re.compile(r"^(?:the|a|an|some|my)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class ShoppingRequest:
    """A tool and its arguments read from an utterance."""

    tool: str
    arguments: dict[str, Any] = field(default_factory=dict)


def _clean(text: str) -> str:
    return " ".join(text.replace("’", "'").split()).rstrip("?.!")


def _product(rest: str) -> str:
    """The product named in what is left, or "" for the one in view ("this", "these", …)."""
    rest = _TRAIL.sub("", rest.strip(" ,"))
    rest = _ARTICLE.sub("", rest).strip(" ,")
    if not rest or _DEICTIC.search(rest):
        return ""
    return rest


def _order(text: str) -> ShoppingRequest:
    rest = _ORDER.sub("", text, count=1).strip()
    quantity = 1
    found = _QUANTITY.match(rest)
    if found and found.group(0).strip():
        word = found.group("n")
        quantity = int(word) if word.isdigit() else NUMBERS[word.lower()]
        rest = rest[found.end() :]
    rest = re.sub(
        r"\b(?:to|in(?:to)?) (?:my|the) (?:cart|basket|trolley)\b.*$", "", rest, flags=re.I
    )
    rest = re.sub(
        r"\b(?:for me|with \w+ delivery|in (?:black|white|a size \w+)).*$", "", rest, flags=re.I
    )
    arguments: dict[str, Any] = {"product": _product(rest)}
    if quantity != 1:
        arguments["quantity"] = max(1, min(quantity, 99))
    return ShoppingRequest("order", arguments)


def parse_request(utterance: str) -> ShoppingRequest:
    """Pick the shopping tool and its arguments from the wearer's words.

    Args:
        utterance: The request as text.

    Returns:
        The tool (compare_price, product_info, order or order_status) and its arguments.
    """
    text = _clean(utterance)
    if _STATUS.search(text):
        order_id = _ORDER_ID.search(utterance)
        return ShoppingRequest("order_status", {"order_id": order_id.group(1) if order_id else ""})
    if _ORDER.search(text):
        return _order(text)
    if _INFO.search(text):
        about = re.search(r"\babout (.+)$", text, re.IGNORECASE)
        return ShoppingRequest(
            "product_info", {"product": _product(about.group(1) if about else "")}
        )
    lead = _COMPARE_LEAD.match(text)
    rest = text[lead.end() :] if lead and lead.end() else ""
    return ShoppingRequest("compare_price", {"product": _product(rest)})
