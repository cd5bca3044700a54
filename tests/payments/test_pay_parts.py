"""The payment agent's parts: spoken amounts, edge parsing, contacts and billers, codes in view."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from pay_fixtures import cafe_qr, write_directories
from sightline.codes import build_emv_qr
from sightline.errors import SightlineError
from sightline.payments.amounts import SpokenAmount, parse_amount
from sightline.payments.directory import Directory
from sightline.payments.merchant import find_payee
from sightline.payments.money import format_amount, to_minor
from sightline.payments.phrases import parse_payment
from sightline.scene import Scene, SceneItem


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("pay 23.50 to this", "23.50", None),
        ("pay 23,50 here", "23.50", None),
        ("pay 12 euros to this café", "12", "EUR"),
        ("pay €5 here", "5", "EUR"),
        ("pay 8 pounds 40 here", "8.40", "GBP"),
        ("send anna twenty euros", "20", "EUR"),
        ("twenty three euros fifty", "23.50", "EUR"),
        ("pay a hundred and five euros", "105", "EUR"),
        ("pay 230 rupees to this shop", "230", "INR"),
        ("send 1,250 euros to dad", "1250", "EUR"),
        ("pay 50 cents", "0.50", None),
    ],
)
def test_spoken_amounts(text: str, amount: str, currency: str | None) -> None:
    assert parse_amount(text) == SpokenAmount(Decimal(amount), currency)


@pytest.mark.parametrize("text", ["pay this", "pay this one", "pay for the fuel at pump 4"])
def test_no_amount_said(text: str) -> None:
    assert parse_amount(text) is None


@pytest.mark.parametrize(
    ("text", "tool", "arguments"),
    [
        ("pay this", "pay_this", {"amount": ""}),
        ("pay 23.50 to this shop", "pay_this", {"amount": "23.50"}),
        ("send Anna 20 euros", "send_money", {"contact": "anna", "amount": "20 EUR"}),
        ("send 15 to Lukas for the pizza", "send_money", {"contact": "lukas", "amount": "15"}),
        ("pay back jake", "send_money", {"contact": "jake", "amount": ""}),
        ("pay my electricity bill", "pay_bill", {"biller": "electricity", "amount": ""}),
        ("check my balance", "balance", {}),
        ("freeze my card", "payment_help", {"request": "freeze my card"}),
    ],
)
def test_edge_parsing(text: str, tool: str, arguments: dict[str, str]) -> None:
    assert parse_payment(text) == (tool, arguments)


def test_contacts_and_billers(tmp_path: Path) -> None:
    contacts_file, billers_file = write_directories(tmp_path)
    contacts = Directory.load("contact", contacts_file)
    assert [c.name for c in contacts.find("Anna")] == ["Anna Schmidt"]
    assert [c.name for c in contacts.find("my mom")] == ["Mum"]
    assert contacts.find("Bob") == [] and contacts.find("") == []
    assert contacts.account_of(contacts.find("anna")[0]) == "payee:contact:anna"
    billers = Directory.load("biller", billers_file)
    assert [b.name for b in billers.find("the electricity")] == ["EDF"]
    assert Directory.load("contact", tmp_path / "missing.json").entries == ()
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    with pytest.raises(SightlineError) as caught:
        Directory.load("contact", broken)
    assert caught.value.code == "directory_invalid"


def test_the_payee_in_view() -> None:
    dynamic = find_payee(Scene(items=(SceneItem("code", cafe_qr("23.50")),)))
    assert (dynamic.name, dynamic.detail, dynamic.amount) == ("Café Rosa", "Berlin, DE", 23.5)
    assert (
        dynamic.dynamic
        and dynamic.key == find_payee(Scene(items=(SceneItem("code", cafe_qr("23.50")),))).key
    )  # a dynamic code always has the same key
    assert dynamic.account.startswith("payee:emv:cafe-rosa-")
    upi = find_payee(Scene(items=(SceneItem("code", "upi://pay?pa=shop@okicici&pn=Chai%20Stall"),)))
    assert (upi.name, upi.currency, upi.amount, upi.dynamic) == ("Chai Stall", "INR", None, False)
    fee = build_emv_qr(
        merchant_name="Parking",
        merchant_city="Lyon",
        mcc="7523",
        currency="EUR",
        country="FR",
        merchant_accounts={"26": {"00": "fr.example"}},
        tip_or_convenience_indicator="02",
        convenience_fee_fixed="0.50",
    )
    assert find_payee(Scene(items=(SceneItem("code", fee),))).total(Decimal(3)) == Decimal("3.50")
    two = Scene(items=(SceneItem("code", cafe_qr("1.00")), SceneItem("code", cafe_qr("2.00"))))
    with pytest.raises(SightlineError) as caught:
        find_payee(two)
    assert caught.value.code == "ambiguous_payment_code"
    assert find_payee(Scene(items=two.items, focus=1)).amount == 2


def test_money() -> None:
    assert to_minor(Decimal("23.50"), "EUR") == 2350 and to_minor(Decimal(2000), "JPY") == 2000
    assert format_amount(Decimal("23.5"), "EUR") == "€23.50"
    assert format_amount(Decimal("15"), "CHF") == "15.00 CHF"
    with pytest.raises(SightlineError):
        to_minor(Decimal("1.234"), "EUR")
