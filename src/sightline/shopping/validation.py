"""Checking catalogue records (products and offers) and finding JSON records' line numbers."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from sightline.shopping.errors import InvalidGtin
from sightline.shopping.gtin import normalize_gtin
from sightline.shopping.models import Offer, Product

_CURRENCY = re.compile(r"^[A-Z]{3}$")
_TRUE = frozenset({"1", "true", "yes", "y", "in stock", "instock", "t"})
_FALSE = frozenset({"0", "false", "no", "n", "out of stock", "outofstock", "f"})
_MAX_PRICE = Decimal("1e9")
_WS = re.compile(r"[ \t\n\r]*")
_decoder = json.JSONDecoder()


class RowInvalid(ValueError):
    """A record that cannot be imported; the message says why."""


def _text(record: Mapping[str, Any], key: str, limit: int, required: bool = False) -> str:
    value = record.get(key)
    if value is None:
        value = ""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise RowInvalid(f"{key} must be text")
    text = " ".join(str(value).split())
    if required and not text:
        raise RowInvalid(f"{key} is required")
    if len(text) > limit:
        raise RowInvalid(f"{key} is longer than {limit} characters")
    return text


def _gtin(value: Any) -> str:
    if isinstance(value, bool) or value is None or value == "":
        raise RowInvalid("gtin is required")
    if isinstance(value, int):
        value = str(value).zfill(14)  # a number lost its leading zeros
    if not isinstance(value, str):
        raise RowInvalid("gtin must be text")
    try:
        return normalize_gtin(value)
    except InvalidGtin as exc:
        raise RowInvalid(exc.message) from exc


def _money(record: Mapping[str, Any], key: str, required: bool) -> Decimal:
    value = record.get(key)
    if value is None or value == "":
        if required:
            raise RowInvalid(f"{key} is required")
        return Decimal(0)
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise RowInvalid(f"{key} must be a number")
    try:
        amount = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        raise RowInvalid(f"{key} is not a number: {value!r}") from None
    if not amount.is_finite() or amount < 0 or amount >= _MAX_PRICE:
        raise RowInvalid(f"{key} must be between 0 and {_MAX_PRICE:,.0f}: {value!r}")
    return amount


def _bool(value: Any, key: str) -> bool:
    if value is None or value == "":
        return True
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise RowInvalid(f"{key} must be true or false: {value!r}")


def product_from(record: Mapping[str, Any]) -> Product:
    """A product from a record; its name may be empty (an offer on a product named elsewhere).

    Raises:
        RowInvalid: A bad GTIN, or a field of the wrong type or too long.
    """
    if not isinstance(record, Mapping):
        raise RowInvalid("a product must be an object")
    return Product(
        gtin=_gtin(record.get("gtin")),
        name=_text(record, "name", 200),
        brand=_text(record, "brand", 100),
        size=_text(record, "size", 60),
        category=_text(record, "category", 100),
    )


def offer_from(gtin: str, record: Any) -> Offer:
    """An offer for the product `gtin` from a record.

    Raises:
        RowInvalid: A missing merchant, price or currency, a negative amount, a bad URL or a
            bad in_stock value.
    """
    if not isinstance(record, Mapping):
        raise RowInvalid("an offer must be an object")
    currency = _text(record, "currency", 3, required=True).upper()
    if not _CURRENCY.match(currency):
        raise RowInvalid(f"currency must be a 3-letter code: {currency!r}")
    url = _text(record, "url", 2000)
    if url and not url.lower().startswith(("http://", "https://")):
        raise RowInvalid(f"url must start with http:// or https://: {url!r}")
    return Offer(
        gtin=gtin,
        merchant=_text(record, "merchant", 100, required=True),
        price=_money(record, "price", required=True),
        currency=currency,
        shipping=_money(record, "shipping", required=False),
        url=url,
        in_stock=_bool(record.get("in_stock"), "in_stock"),
    )


def json_records(text: str, lines: bool) -> tuple[list[tuple[int, Any]], list[tuple[int, str]]]:
    """The records of a JSON or JSON Lines file, each with the line it starts on.

    Args:
        text: The file's text.
        lines: JSON Lines (one record a line) rather than one JSON document.

    Returns:
        The records, and the problems found (line, message).
    """
    if lines:
        records: list[tuple[int, Any]] = []
        problems: list[tuple[int, str]] = []
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                try:
                    records.append((number, json.loads(line)))
                except json.JSONDecodeError as exc:
                    problems.append((number, f"not JSON: {exc.msg}"))
        return records, problems
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        return [], [(exc.lineno, f"not JSON: {exc.msg} (column {exc.colno})")]
    pos = _skip(text, 0)
    if isinstance(document, list):
        return _array_items(text, pos), []
    if isinstance(document, dict) and isinstance(document.get("products"), list):
        return _array_items(text, _member(text, pos, "products")), []
    return [], [(1, 'expected a list of products or {"products": [...]}')]


def _skip(text: str, pos: int) -> int:
    match = _WS.match(text, pos)
    return match.end() if match else pos


def _member(text: str, pos: int, wanted: str) -> int:
    """The position of a top-level object member's value (the text is valid JSON)."""
    pos += 1  # "{"
    while True:
        key, pos = _decoder.raw_decode(text, _skip(text, pos))
        pos = _skip(text, _skip(text, pos) + 1)  # ":"
        if key == wanted:
            return pos
        _, pos = _decoder.raw_decode(text, pos)
        pos = _skip(text, pos) + 1  # ","


def _array_items(text: str, pos: int) -> list[tuple[int, Any]]:
    """Each element of the array at `pos`, with its line (the text is valid JSON)."""
    items: list[tuple[int, Any]] = []
    line, counted = 1, 0
    pos = _skip(text, pos + 1)
    while text[pos] != "]":
        line += text.count("\n", counted, pos)
        counted = pos
        value, pos = _decoder.raw_decode(text, pos)
        items.append((line, value))
        pos = _skip(text, pos)
        if text[pos] == ",":
            pos = _skip(text, pos + 1)
    return items
