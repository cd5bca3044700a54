"""Pack sizes read from product names and size text, and unit prices from them.

`parse_quantity("6 x 330 ml")` is 1980 ml; `parse_quantity("1 lb")` is 453.6 g. Every quantity is
in one of three base units: grams, millilitres or a count of items, so prices compare per kg,
per litre or per item whatever the label said.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Final, Literal

BaseUnit = Literal["g", "ml", "count"]

# Unit words (lower case, without dots) → (base unit, factor to the base unit).
_UNITS: Final[dict[str, tuple[BaseUnit, float]]] = {
    **dict.fromkeys(("mg", "milligram", "milligrams"), ("g", 0.001)),
    **dict.fromkeys(("g", "gr", "grs", "gm", "gms", "gram", "grams", "gramme"), ("g", 1.0)),
    **dict.fromkeys(("grammes",), ("g", 1.0)),
    **dict.fromkeys(("kg", "kgs", "kilo", "kilos", "kilogram", "kilograms"), ("g", 1000.0)),
    **dict.fromkeys(("lb", "lbs", "pound", "pounds"), ("g", 453.59237)),
    **dict.fromkeys(("oz", "ounce", "ounces"), ("g", 28.349523125)),
    **dict.fromkeys(("ml", "millilitre", "millilitres", "milliliter", "milliliters"), ("ml", 1.0)),
    **dict.fromkeys(("cc",), ("ml", 1.0)),
    **dict.fromkeys(("cl", "centilitre", "centilitres", "centiliter"), ("ml", 10.0)),
    **dict.fromkeys(("dl", "decilitre", "decilitres", "deciliter"), ("ml", 100.0)),
    **dict.fromkeys(("l", "lt", "ltr", "ltrs", "litre", "litres", "liter", "liters"), ("ml", 1e3)),
    **dict.fromkeys(("floz", "fl oz", "fluid ounce", "fluid ounces"), ("ml", 29.5735295625)),
    **dict.fromkeys(("gal", "gallon", "gallons"), ("ml", 3785.411784)),
    **dict.fromkeys(
        (
            "ct", "count", "pc", "pcs", "piece", "pieces", "pk", "pack", "packs", "units",
            "tabs", "tablets", "capsules", "caps", "pods", "bags", "sheets", "rolls", "wipes",
        ),
        ("count", 1.0),
    ),
}  # fmt: skip
_UNIT_WORDS = sorted(_UNITS, key=len, reverse=True)
_UNIT = r"(?P<{name}>" + "|".join(re.escape(u).replace(r"\ ", r"\.?\s*") for u in _UNIT_WORDS) + ")"
_NUMBER = r"(?P<{name}>\d{{1,6}}(?:[.,]\d{{1,3}})?|[.,]\d{{1,3}})"
_TIMES = r"\s*[x×*]\s*"
_END = r"\.?(?![^\W\d_])"
_START = r"(?<![\w.,])"
_MEASURE = _NUMBER.format(name="n{i}") + r"\s*-?\s*" + _UNIT.format(name="u{i}")
# A pack size: "6 x 330 ml", "6-pack 330ml", "2 × 1kg", "330 ml x 6", "750G", "12 ct".
SIZE_PATTERN = re.compile(
    _START
    + "(?:"
    + _NUMBER.format(name="k1")
    + r"(?:"
    + _TIMES
    + r"|\s*-?\s*(?:pack|pk)s?(?:\s+of)?\s+)"
    + _MEASURE.replace("{i}", "1")
    + _END
    + "|"
    + _MEASURE.replace("{i}", "2")
    + _END
    + r"(?:"
    + _TIMES
    + _NUMBER.format(name="k2")
    + r"(?![\d.,]))?"
    + ")",
    re.IGNORECASE,
)
_RANGE_BEFORE = re.compile(r"\d\s*[-–]\s*$")
_PACK_OF = re.compile(r"\b(?:pack|box|case|set|bag) of (\d{1,4})(?![\d.,])", re.IGNORECASE)
_MAX_PIECES = 1000


@dataclass(frozen=True)
class Quantity:
    """An amount of product in a base unit.

    Attributes:
        value: The total amount in `unit` (grams, millilitres or items); always > 0.
        unit: "g", "ml" or "count".
        pieces: How many packs make it up ("6 x 330 ml" has 6), 1 for a single pack.
    """

    value: float
    unit: BaseUnit
    pieces: int = 1

    def describe(self) -> str:
        """A short label such as "1.98 L", "750 g" or "12 items"."""
        if self.unit == "count":
            return f"{_fmt(self.value)} item" + ("" if self.value == 1 else "s")
        big, small = ("kg", "g") if self.unit == "g" else ("L", "ml")
        if self.value >= 1000:
            return f"{_fmt(self.value / 1000)} {big}"
        return f"{_fmt(self.value)} {small}"


@dataclass(frozen=True)
class UnitPrice:
    """A price per kilogram, per litre or per item.

    Attributes:
        amount: The price of one kg, one litre or one item, to the cent (or the minor unit).
        per: "kg", "L" or "item".
    """

    amount: Decimal
    per: Literal["kg", "L", "item"]


def _fmt(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text or "0"


def _number(text: str) -> float | None:
    """A number written with a decimal point or a decimal comma ("1,5" is 1.5)."""
    if "," in text:
        whole, _, frac = text.partition(",")
        thousands = len(frac) == 3 and whole not in ("", "0")  # "1,000 ml"
        text = whole + frac if thousands else f"{whole}.{frac}"
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) and value > 0 else None


def _unit(word: str) -> tuple[BaseUnit, float] | None:
    key = re.sub(r"[.\s]+", " ", word.lower()).strip()
    return _UNITS.get(key) or _UNITS.get(key.replace(" ", ""))


def parse_quantity(text: str) -> Quantity | None:
    """Read the pack size from a product name or a size label.

    Understands multipacks ("6 x 330 ml", "330ml x 6", "4-pack 440 ml", "2 × 1kg"), decimal
    commas ("1,5 L"), metric and US units ("750G", "1 lb", "16 fl oz") and counts ("12 ct",
    "30 tabs"). The first size in the text wins; ranges such as "12-25 kg" (a nappy's weight
    class) are skipped.

    Args:
        text: Any text; it is never rejected with an exception.

    Returns:
        The quantity in grams, millilitres or items, or None when the text states no size.
    """
    for match in SIZE_PATTERN.finditer(text[:2000]):
        if _RANGE_BEFORE.search(text[: match.start()]):
            continue
        i = "1" if match.group("n1") is not None else "2"
        amount = _number(match.group(f"n{i}"))
        unit = _unit(match.group(f"u{i}"))
        if amount is None or unit is None:
            continue
        pieces_text = match.group("k1") if i == "1" else match.group("k2")
        pieces = 1
        if pieces_text is not None:
            count = _number(pieces_text)
            if count is None or not count.is_integer() or count > _MAX_PIECES:
                continue
            pieces = int(count)
        base, factor = unit
        value = amount * factor * pieces
        if not math.isfinite(value) or value <= 0:
            continue
        return Quantity(value=value, unit=base, pieces=pieces)
    pack = _PACK_OF.search(text[:2000])
    if pack and int(pack.group(1)) > 0:
        return Quantity(value=float(pack.group(1)), unit="count")
    return None


def unit_price(price: Decimal, quantity: Quantity, places: int = 2) -> UnitPrice:
    """The price per kg, per litre or per item.

    Args:
        price: What the whole pack costs (with shipping, for a total unit price).
        quantity: The pack's size.
        places: Decimal places to round to (2 for cents).

    Returns:
        The unit price, rounded half up.
    """
    step = Decimal(1).scaleb(-places)
    size = Decimal(repr(quantity.value))
    per: Literal["kg", "L", "item"] = "item"
    if quantity.unit == "count":
        amount = price / size
    else:
        amount = price * 1000 / size
        per = "kg" if quantity.unit == "g" else "L"
    return UnitPrice(amount.quantize(step, rounding=ROUND_HALF_UP), per)
