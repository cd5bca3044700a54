"""Amounts the wearer says: "23.50", "€12", "8 pounds 40", "fifty euros", "230 rupees".

Only the wearer's words are read for amounts; text the camera reads never is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Final

CURRENCY_WORDS: Final = {
    "€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR",
    "$": "USD", "usd": "USD", "dollar": "USD", "dollars": "USD", "bucks": "USD",
    "£": "GBP", "gbp": "GBP", "pound": "GBP", "pounds": "GBP", "quid": "GBP",
    "¥": "JPY", "jpy": "JPY", "yen": "JPY",
    "cny": "CNY", "yuan": "CNY", "rmb": "CNY", "renminbi": "CNY",
    "₹": "INR", "inr": "INR", "rupee": "INR", "rupees": "INR", "rs": "INR",
    "chf": "CHF", "franc": "CHF", "francs": "CHF",
    "myr": "MYR", "ringgit": "MYR", "thb": "THB", "baht": "THB", "sgd": "SGD",
    "krw": "KRW", "won": "KRW", "hkd": "HKD", "aud": "AUD", "cad": "CAD",
    "brl": "BRL", "real": "BRL", "reais": "BRL", "vnd": "VND", "dong": "VND", "₫": "VND",
    "฿": "THB", "php": "PHP", "peso": "PHP", "pesos": "PHP", "idr": "IDR", "rupiah": "IDR",
    "khr": "KHR", "riel": "KHR", "riels": "KHR",
}  # fmt: skip


def _split(text: str) -> list[str]:
    return text.split()


_UNITS: Final = {
    word: number
    for number, word in enumerate(
        _split(
            "zero one two three four five six seven eight nine ten eleven twelve thirteen "
            "fourteen fifteen sixteen seventeen eighteen nineteen"
        )
    )
}
_TENS: Final = {
    word: 10 * number
    for number, word in enumerate(
        _split("twenty thirty forty fifty sixty seventy eighty ninety"),
        2,
    )
}
_SCALES: Final = {"hundred": 100, "thousand": 1000}
_ONE_AS_PRONOUN: Final = frozenset(_split("this that the which each every no any some other"))
_NOT_AMOUNT_BEFORE: Final = frozenset(
    _split(
        "pump number no table gate platform bus line room seat terminal ref reference bill "
        "invoice account order flight row stand till counter"
    )
)
_SIGNS = "|".join(re.escape(k) for k in sorted(CURRENCY_WORDS, key=len, reverse=True))
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d{1,3})?|\d+(?:[.,]\d{1,3})?"
_AMOUNT: Final = re.compile(
    rf"(?<![\w.])(?:(?P<pre>[€$£¥₹₫฿])\s?(?P<a1>{_NUMBER})"
    rf"|(?P<a2>{_NUMBER})\s?(?P<cur>{_SIGNS})\b(?:\s?(?P<minor>\d{{1,2}})\b)?"
    rf"|(?P<a3>{_NUMBER})\s?cents?\b"
    rf"|(?P<a4>{_NUMBER}))(?![\w%])",
)


@dataclass(frozen=True)
class SpokenAmount:
    """An amount said by the wearer, with the currency if they named one."""

    amount: Decimal
    currency: str | None = None


def _fits(tail: int, unit: int) -> bool:
    """Whether `unit` continues a number ending in `tail` (twenty + three, hundred + twelve)."""
    return tail == 0 or (unit < 10 and tail >= 20 and tail % 10 == 0)


def words_to_digits(text: str) -> str:
    """Replace spelled-out numbers ("twenty three", "a hundred and five") with digits."""
    tokens = text.split()
    out: list[str] = []
    i = 0
    while i < len(tokens):
        word = tokens[i].strip(",")
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        pronoun = word == "one" and i > 0 and tokens[i - 1] in _ONE_AS_PRONOUN
        if pronoun or not (word in _UNITS or word in _TENS or (word == "a" and nxt in _SCALES)):
            out.append(tokens[i])
            i += 1
            continue
        total = current = 0
        while i < len(tokens):
            word = tokens[i].strip(",")
            if word == "a" and i + 1 < len(tokens) and tokens[i + 1] in _SCALES:
                current = max(current, 1)
            elif word in _UNITS and _fits(current % 100, _UNITS[word]):
                current += _UNITS[word]
            elif word in _TENS and current % 100 == 0:
                current += _TENS[word]
            elif word in _SCALES:
                current = max(current, 1) * _SCALES[word]
                if _SCALES[word] == 1000:
                    total, current = total + current, 0
            elif not (word == "and" and i + 1 < len(tokens) and tokens[i + 1] in _UNITS | _TENS):
                break
            i += 1
        cents, i = _spoken_cents(tokens, i) if total == 0 and 0 < current < 100 else (None, i)
        out.append(str(total + current) if cents is None else f"{current}.{cents:02d}")
    return " ".join(out)


def _spoken_cents(tokens: list[str], i: int) -> tuple[int | None, int]:
    """The cents of an amount said as two numbers: "twelve fifty" (12.50), "nine oh five"
    (9.05), "twenty twenty five" (20.25); (None, i) when no such second number follows."""
    word = tokens[i].strip(",") if i < len(tokens) else ""
    nxt = tokens[i + 1].strip(",") if i + 1 < len(tokens) else ""
    if word == "oh" and nxt in _UNITS and 0 < _UNITS[nxt] < 10:
        return _UNITS[nxt], i + 2
    if word not in _TENS:
        return None, i
    cents = _TENS[word]
    if nxt in _UNITS and 0 < _UNITS[nxt] < 10:
        return cents + _UNITS[nxt], i + 2
    return cents, i + 1


def _decimal(text: str) -> Decimal | None:
    if re.fullmatch(r"\d+,\d{1,2}", text):
        text = text.replace(",", ".")  # 23,50: a decimal comma
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def parse_amount(text: str) -> SpokenAmount | None:
    """The first amount in the wearer's words, if any.

    Numbers with a currency ("€12", "12 euros", "8 pounds 40") or decimals ("23.50") count
    anywhere; a bare whole number counts unless it follows a word such as "pump", "table" or
    "number".

    Args:
        text: The utterance (or a tool argument).

    Returns:
        The amount and the currency named, or None.
    """
    words = words_to_digits(text.lower())
    for match in _AMOUNT.finditer(words):
        before = words[: match.start()].split()
        if match["a4"] and (before and before[-1].strip("#:") in _NOT_AMOUNT_BEFORE):
            continue
        raw = match["a1"] or match["a2"] or match["a3"] or match["a4"]
        value = _decimal(raw)
        if value is None or value <= 0:
            continue
        if match["a3"]:
            return SpokenAmount(value / 100)
        sign = match["pre"] or match["cur"]
        currency = CURRENCY_WORDS.get(sign) if sign else None
        if match["minor"] and value == value.to_integral_value():
            value += Decimal(match["minor"]) / 100
        return SpokenAmount(value, currency)
    return None
