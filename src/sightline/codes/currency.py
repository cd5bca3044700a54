"""ISO 4217 currencies common in QR payments: numeric code → alphabetic code, minor units."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final


@dataclass(frozen=True, slots=True)
class Currency:
    """One ISO 4217 currency.

    Attributes:
        numeric: Three-digit numeric code, e.g. "978".
        alpha: Three-letter code, e.g. "EUR".
        minor_units: Digits after the decimal mark, e.g. 2 (0 for JPY, 3 for KWD).
    """

    numeric: str
    alpha: str
    minor_units: int


_TABLE: Final = (
    ("978", "EUR", 2),
    ("840", "USD", 2),
    ("826", "GBP", 2),
    ("156", "CNY", 2),
    ("392", "JPY", 0),
    ("356", "INR", 2),
    ("702", "SGD", 2),
    ("458", "MYR", 2),
    ("764", "THB", 2),
    ("360", "IDR", 2),
    ("608", "PHP", 2),
    ("704", "VND", 0),
    ("344", "HKD", 2),
    ("036", "AUD", 2),
    ("124", "CAD", 2),
    ("756", "CHF", 2),
    ("410", "KRW", 0),
    ("986", "BRL", 2),
    ("484", "MXN", 2),
    ("554", "NZD", 2),
    ("901", "TWD", 2),
    ("446", "MOP", 2),
    ("116", "KHR", 2),
    ("418", "LAK", 2),
    ("104", "MMK", 2),
    ("096", "BND", 2),
    ("050", "BDT", 2),
    ("144", "LKR", 2),
    ("524", "NPR", 2),
    ("586", "PKR", 2),
    ("784", "AED", 2),
    ("682", "SAR", 2),
    ("634", "QAR", 2),
    ("414", "KWD", 3),
    ("048", "BHD", 3),
    ("512", "OMR", 3),
    ("400", "JOD", 3),
    ("376", "ILS", 2),
    ("949", "TRY", 2),
    ("818", "EGP", 2),
    ("710", "ZAR", 2),
    ("404", "KES", 2),
    ("566", "NGN", 2),
    ("752", "SEK", 2),
    ("578", "NOK", 2),
    ("208", "DKK", 2),
    ("985", "PLN", 2),
    ("203", "CZK", 2),
    ("348", "HUF", 2),
    ("946", "RON", 2),
    ("980", "UAH", 2),
    ("152", "CLP", 0),
    ("170", "COP", 2),
    ("604", "PEN", 2),
    ("032", "ARS", 2),
    ("858", "UYU", 2),
    ("944", "AZN", 2),
    ("398", "KZT", 2),
    ("860", "UZS", 2),
    ("496", "MNT", 2),
)

CURRENCIES: Final[Mapping[str, Currency]] = MappingProxyType(
    {numeric: Currency(numeric, alpha, minor) for numeric, alpha, minor in _TABLE}
)
_BY_ALPHA: Final[Mapping[str, Currency]] = MappingProxyType(
    {currency.alpha: currency for currency in CURRENCIES.values()}
)


def currency_by_numeric(code: str) -> Currency | None:
    """Return the currency with ISO 4217 numeric `code` (e.g. "978"), None if not in the table."""
    return CURRENCIES.get(code)


def currency_by_alpha(code: str) -> Currency | None:
    """Return the currency with alphabetic `code` (e.g. "eur" or "EUR"), None if unknown."""
    return _BY_ALPHA.get(code.upper())
