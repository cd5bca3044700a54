"""Amounts for payments: decimal ↔ integer minor units, and how cards show them ("€23.50")."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Final

from sightline.codes.currency import currency_by_alpha
from sightline.errors import SightlineError

SYMBOLS: Final = {"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥", "INR": "₹", "KRW": "₩"}
INVALID_AMOUNT: Final = "invalid_amount"


def minor_units(currency: str) -> int:
    """Digits after the decimal mark in `currency` (2 when the table does not know it)."""
    known = currency_by_alpha(currency)
    return known.minor_units if known is not None else 2


def to_minor(amount: Decimal, currency: str) -> int:
    """The amount in integer minor units (cents, yen, fils).

    Raises:
        SightlineError: `invalid_amount` when it is not positive or has more decimals than the
            currency has minor units.
    """
    try:
        scaled = amount.scaleb(minor_units(currency))
        exact = scaled == scaled.to_integral_value()
    except InvalidOperation:
        exact = False
    if not exact or amount <= 0:
        raise SightlineError(INVALID_AMOUNT, f"{amount} is not a payable amount in {currency}")
    return int(scaled)


def from_minor(amount_minor: int, currency: str) -> Decimal:
    """The decimal amount of `amount_minor` minor units."""
    return Decimal(amount_minor).scaleb(-minor_units(currency))


def format_amount(amount: Decimal, currency: str) -> str:
    """Show an amount with its currency's sign where it has a common one ("€23.50", "₹230.00"),
    else with its code ("23.50 CHF"); as many decimals as the currency has minor units.
    """
    places = minor_units(currency)
    sign = "-" if amount < 0 else ""
    text = f"{abs(amount):,.{places}f}"
    symbol = SYMBOLS.get(currency)
    return f"{sign}{symbol}{text}" if symbol else f"{sign}{text} {currency}"
