"""Pack sizes from names and size text, unit prices, and shelf-tag prices."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sightline.shopping import Money, find_prices, format_money, parse_price, parse_quantity
from sightline.shopping.quantity import Quantity, unit_price


@pytest.mark.parametrize(
    ("text", "value", "unit", "pieces"),
    [
        ("750G", 750, "g", 1),
        ("6 x 330 ml", 1980, "ml", 6),
        ("1.5 L", 1500, "ml", 1),
        ("12 ct", 12, "count", 1),
        ("2 x 1kg", 2000, "g", 2),
        ("500ml", 500, "ml", 1),
        ("1 lb", 453.59237, "g", 1),
        ("16 fl oz", 473.176473, "ml", 1),
        ("16 fl. oz.", 473.176473, "ml", 1),
        ("1,5 L", 1500, "ml", 1),
        ("0,75l", 750, "ml", 1),
        ("70 cl", 700, "ml", 1),
        ("250 mg", 0.25, "g", 1),
        ("12 oz", 340.19427749999997, "g", 1),
        ("330ml x 6", 1980, "ml", 6),
        ("6×330ml", 1980, "ml", 6),
        ("4-pack 440 ml", 1760, "ml", 4),
        ("24 x 0.5 l", 12000, "ml", 24),
        ("Coca-Cola Original 1.5L bottle", 1500, "ml", 1),
        ("Lindt Excellence 70% Cocoa 100g", 100, "g", 1),
        ("Huggies Size 5 (12-25 kg) 58 ct", 58, "count", 1),
        ("A4 paper, 500 sheets", 500, "count", 1),
        ("Dishwasher tablets 30 tabs", 30, "count", 1),
        ("12-pack", 12, "count", 1),
        ("pack of 6", 6, "count", 1),
        ("1,000 ml", 1000, "ml", 1),
        ("3 KG.", 3000, "g", 1),
        ("1 gallon", 3785.411784, "ml", 1),
    ],
)
def test_parse_quantity(text: str, value: float, unit: str, pieces: int) -> None:
    found = parse_quantity(text)
    assert found is not None, text
    assert found.value == pytest.approx(value)
    assert (found.unit, found.pieces) == (unit, pieces)


@pytest.mark.parametrize(
    "text",
    ["", "AirPods Pro (2nd generation)", "Size 4", "70%", "5449000039231", "1.5 Lemon", "0 g", "x"],
)
def test_no_quantity(text: str) -> None:
    assert parse_quantity(text) is None


@pytest.mark.parametrize(
    ("quantity", "text"),
    [
        (Quantity(1980, "ml", 6), "1.98 L"),
        (Quantity(750, "g"), "750 g"),
        (Quantity(12, "count"), "12 items"),
        (Quantity(1, "count"), "1 item"),
    ],
)
def test_describe(quantity: Quantity, text: str) -> None:
    assert quantity.describe() == text


def test_unit_prices() -> None:
    assert unit_price(Decimal("3.49"), Quantity(750, "g")).amount == Decimal("4.65")
    assert unit_price(Decimal("3.49"), Quantity(750, "g")).per == "kg"
    six_pack = parse_quantity("6 x 330 ml")
    assert six_pack is not None
    assert unit_price(Decimal("4.99"), six_pack) == unit_price(
        Decimal("4.99"), Quantity(1980, "ml")
    )
    assert unit_price(Decimal("4.99"), six_pack).per == "L"
    assert unit_price(Decimal("9.99"), Quantity(12, "count")).amount == Decimal("0.83")


@given(st.text(max_size=200))
def test_parse_quantity_never_crashes(text: str) -> None:
    found = parse_quantity(text)
    if found is not None:
        assert found.value > 0 and math.isfinite(found.value)
        assert found.unit in ("g", "ml", "count") and found.pieces >= 1


units = st.sampled_from(["g", "kg", "ml", "cl", "l", "lb", "oz", "fl oz", "ct"])
amounts = st.integers(min_value=1, max_value=5000)


@given(n=st.integers(min_value=1, max_value=48), amount=amounts, unit=units)
def test_multipacks_scale(n: int, amount: int, unit: str) -> None:
    single = parse_quantity(f"{amount} {unit}")
    for text in (f"{n} x {amount} {unit}", f"{n}x{amount}{unit}", f"{amount} {unit} x {n}"):
        pack = parse_quantity(text)
        assert single is not None and pack is not None, text
        assert pack.unit == single.unit and pack.pieces == n
        assert pack.value == pytest.approx(single.value * n)


@given(amount=st.integers(min_value=1, max_value=999_999), decimals=st.integers(0, 99))
def test_kilos_are_a_thousand_grams_and_commas_are_points(amount: int, decimals: int) -> None:
    grams = parse_quantity(f"{amount}.{decimals:02d} g")
    kilos = parse_quantity(f"{amount}.{decimals:02d} kg")
    comma = parse_quantity(f"{amount},{decimals:02d} kg")
    assert grams is not None and kilos is not None and comma is not None
    assert kilos.value == pytest.approx(grams.value * 1000)
    assert comma.value == pytest.approx(kilos.value)


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("€3.49", "3.49", "EUR"),
        ("3,49 €", "3.49", "EUR"),
        ("3.49€", "3.49", "EUR"),
        ("3€49", "3.49", "EUR"),
        ("$2.99", "2.99", "USD"),
        ("2.99", "2.99", None),
        ("2,99", "2.99", None),
        ("£1.20", "1.20", "GBP"),
        ("EUR 3.49", "3.49", "EUR"),
        ("CHF 4.50", "4.50", "CHF"),
        ("1.234,56 €", "1234.56", "EUR"),
        ("$1,234.56", "1234.56", "USD"),
        ("€3", "3", "EUR"),
        ("€2.99 (€29.90/kg)", "2.99", "EUR"),
        ("Was €3.99 Now €2.99", "2.99", "EUR"),
        ("LINDT EXCELLENCE 3,49 €", "3.49", "EUR"),
    ],
)
def test_parse_price(text: str, amount: str, currency: str | None) -> None:
    assert parse_price(text) == Money(Decimal(amount), currency)


@pytest.mark.parametrize(
    "text",
    [
        "€4.65/kg",
        "0,47 € per 100 g",
        "1.5 L",
        "330.00 ml",
        "12 ct",
        "70.00%",
        "2.999",
        "4000539017100",
    ],
)
def test_not_a_pack_price(text: str) -> None:
    assert parse_price(text) is None


def test_unit_prices_on_tags_are_flagged() -> None:
    mentions = find_prices("€2.99 (€29.90/kg)")
    assert [(m.money.amount, m.is_unit_price) for m in mentions] == [
        (Decimal("2.99"), False),
        (Decimal("29.90"), True),
    ]


@given(st.text(max_size=120))
def test_prices_never_crash(text: str) -> None:
    for mention in find_prices(text):
        assert mention.money.amount >= 0


def test_format_money() -> None:
    assert format_money(Decimal("0.8"), "EUR") == "€0.80"
    assert format_money(Decimal("1234.5"), "USD") == "$1,234.50"
    assert format_money(Decimal("4.5"), "CHF") == "4.50 CHF"
    assert format_money(Decimal("-0.3"), "GBP") == "-£0.30"
    assert format_money(Decimal("2.99"), None) == "2.99"
