"""Money amounts, and prices read from shelf-tag text ("€3.49", "3,49 €", "$2.99", "2.99").

Amounts are `Decimal`s. A bare number counts as a price only with exactly two decimals
("2.99", "2,99"); with a currency sign or code, whole numbers count too ("€3", "3 EUR").
Prices followed by "/kg", "per 100 g" and the like are unit prices and are flagged as such,
so a shelf tag's unit price is never mistaken for the pack's price.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Final

SYMBOLS: Final = {"€": "EUR", "$": "USD", "£": "GBP", "¥": "JPY", "₹": "INR", "₩": "KRW"}
_CODES: Final = ("EUR", "USD", "GBP", "CHF", "JPY", "CNY", "INR", "CAD", "AUD", "SEK", "DKK", "NOK")
_CODES_RE = "|".join(_CODES)
_SIGN = r"(?P<{g}>[€$£¥₹₩]|(?:US|C|A)\$|" + _CODES_RE + r"|Fr\.|CHF)"
_AMOUNT = (
    r"(?P<{g}>\d{{1,3}}(?:[.,\u202f\u00a0 ]\d{{3}})+(?:[.,]\d{{1,2}})?"  # 1.234,56 / 1 500
    r"|\d{{1,7}}(?:[.,]\d{{1,2}})?)"
)
_PRICE = re.compile(
    r"(?<![\w.,])(?:"
    + _SIGN.format(g="s1")
    + r"\s?"
    + _AMOUNT.format(g="a1")
    + r"|"
    + _AMOUNT.format(g="a2")
    + r"\s?"
    + _SIGN.format(g="s2")
    + r"(?:(?P<c2>\d{2})(?!\d))?"
    + r"|"
    + _AMOUNT.format(g="a3")
    + r")(?![\w%])",
    re.IGNORECASE,
)
_UNIT_AFTER = re.compile(r"^\)?\s*(?:/|per\b|pro\b|le\s+(?:kg|l|litre)\b)", re.IGNORECASE)
_MEASURE_AFTER = re.compile(r"^\s*(?:x\s*)?\d*\s*(?:kg|g|l|ml|cl|lb|oz|ct|%)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Money:
    """An amount of money.

    Attributes:
        amount: The amount.
        currency: ISO 4217 code, or None when the text did not say (a bare "2.99").
    """

    amount: Decimal
    currency: str | None = None

    def format(self, default_currency: str | None = None) -> str:
        """The amount as a wearer reads it: "€3.49", "$2.99", "£1.20", "3.49 CHF"."""
        return format_money(self.amount, self.currency or default_currency)


@dataclass(frozen=True)
class PriceMention:
    """A price found in a line of text.

    Attributes:
        money: The price.
        is_unit_price: True for "€4.65/kg", "€0.47 per 100 g" and the like.
        start: Where it starts in the text.
    """

    money: Money
    is_unit_price: bool
    start: int


def format_money(amount: Decimal, currency: str | None) -> str:
    """Format an amount with its currency's sign where it has a common one ("€3.49").

    Args:
        amount: The amount (shown with two decimals, or none for JPY and KRW).
        currency: ISO 4217 code, or None for a bare number.

    Returns:
        The text.
    """
    places = 0 if currency in ("JPY", "KRW") else 2
    sign = "-" if amount < 0 else ""
    text = f"{abs(amount):,.{places}f}"
    symbol = next((s for s, code in SYMBOLS.items() if code == currency), None)
    if symbol:
        return f"{sign}{symbol}{text}"
    return f"{sign}{text} {currency}" if currency else f"{sign}{text}"


def _currency(sign: str | None) -> str | None:
    if not sign:
        return None
    upper = sign.upper()
    if upper in ("FR.", "CHF"):
        return "CHF"
    if upper == "C$":
        return "CAD"
    if upper == "A$":
        return "AUD"
    if upper == "US$":
        return "USD"
    return SYMBOLS.get(sign, upper if upper in _CODES else None)


def _amount(text: str, cents: str | None = None) -> Decimal | None:
    cleaned = re.sub(r"[\u202f\u00a0 ]", "", text)
    last = max(cleaned.rfind("."), cleaned.rfind(","))
    if last >= 0 and len(cleaned) - last - 1 in (1, 2):
        whole = re.sub(r"[.,]", "", cleaned[:last])
        cleaned = f"{whole}.{cleaned[last + 1 :]}"
    else:
        cleaned = re.sub(r"[.,]", "", cleaned)
    if cents is not None:
        if "." in cleaned:
            return None
        cleaned = f"{cleaned}.{cents}"
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return None


def find_prices(text: str) -> list[PriceMention]:
    """Every price in a line of text, in order.

    Args:
        text: An OCR line or any text; never rejected with an exception.

    Returns:
        The prices found, each flagged when it is a unit price.
    """
    found: list[PriceMention] = []
    for match in _PRICE.finditer(text[:1000]):
        bare = match.group("a3")
        after = text[match.end() :]
        if bare is not None:
            if not re.search(r"[.,]\d{2}$", bare) or _MEASURE_AFTER.match(after):
                continue
            amount, currency = _amount(bare), None
        elif match.group("a1") is not None:
            amount, currency = _amount(match.group("a1")), _currency(match.group("s1"))
        else:
            amount = _amount(match.group("a2"), match.group("c2"))
            currency = _currency(match.group("s2"))
        if amount is None:
            continue
        unit = _UNIT_AFTER.match(after) is not None
        found.append(PriceMention(Money(amount, currency), unit, match.start()))
    return found


def parse_price(text: str) -> Money | None:
    """The pack price in a line of text: the lowest price there that is not a unit price.

    "Was €3.99 now €2.99" gives €2.99; "€2.99 (€29.90/kg)" gives €2.99.

    Args:
        text: An OCR line or any text.

    Returns:
        The price, or None when the text has none.
    """
    prices = [p.money for p in find_prices(text) if not p.is_unit_price]
    return min(prices, key=lambda m: m.amount) if prices else None
