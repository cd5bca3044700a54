"""Amounts as integer minor units with a currency: no floats anywhere in the ledger."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from sightline.ledger.errors import InvalidAmount, InvalidCurrency

MAX_AMOUNT_MINOR: Final = 10**15
"""The largest single amount (minor units); sums of many stay far inside 64-bit integers."""

_CURRENCY: Final = re.compile(r"[A-Z]{3}")


def check_currency(currency: object) -> str:
    """Return `currency` if it is an ISO 4217 style alphabetic code (three upper-case letters).

    Raises:
        InvalidCurrency: For anything else (lower case is not silently accepted).
    """
    if not isinstance(currency, str) or not _CURRENCY.fullmatch(currency):
        raise InvalidCurrency(f"currency must be three upper-case letters, got {currency!r}")
    return currency


def check_amount(amount_minor: object, *, allow_negative: bool = False) -> int:
    """Return `amount_minor` if it is a non-zero integer within ±`MAX_AMOUNT_MINOR`.

    Args:
        amount_minor: The amount in minor units (cents, yen, fils).
        allow_negative: Accept negative amounts (postings); payments must be positive.

    Raises:
        InvalidAmount: For floats, bools, zero, out-of-range or (unless allowed) negative values.
    """
    if isinstance(amount_minor, bool) or not isinstance(amount_minor, int):
        raise InvalidAmount(f"amount must be an integer of minor units, got {amount_minor!r}")
    if amount_minor == 0:
        raise InvalidAmount("amount must not be zero")
    if amount_minor < 0 and not allow_negative:
        raise InvalidAmount(f"amount must be positive, got {amount_minor}")
    if abs(amount_minor) > MAX_AMOUNT_MINOR:
        raise InvalidAmount(f"amount {amount_minor} is beyond ±{MAX_AMOUNT_MINOR}")
    return amount_minor


@dataclass(frozen=True, slots=True)
class Money:
    """An amount of one currency.

    Attributes:
        amount_minor: Integer minor units; may be zero or negative for balances.
        currency: Three-letter code, e.g. "EUR".
    """

    amount_minor: int
    currency: str

    def __post_init__(self) -> None:
        check_currency(self.currency)
        if isinstance(self.amount_minor, bool) or not isinstance(self.amount_minor, int):
            raise InvalidAmount(f"amount must be an integer, got {self.amount_minor!r}")

    def __str__(self) -> str:
        return f"{self.amount_minor} {self.currency} (minor units)"
