"""UPI payment links: parsing, one test per validation rule, and property tests."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import quote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sightline.codes import PaymentCodeError, UpiPayment, parse_payment_code, parse_upi

URI = "upi://pay?pa=chai.stall@okicici&pn=Ravi%20Tea%20Stall&am=25.50&cu=INR&tn=Chai+x2&mc=5812"


def _error(uri: str) -> PaymentCodeError:
    with pytest.raises(PaymentCodeError) as caught:
        parse_upi(uri)
    assert caught.value.code == "upi_invalid"
    return caught.value


def test_parses_the_common_form() -> None:
    upi = parse_upi(URI)
    assert (upi.vpa, upi.payee_name, upi.amount, upi.currency) == (
        "chai.stall@okicici",
        "Ravi Tea Stall",
        "25.50",
        "INR",
    )
    assert (upi.note, upi.mcc, upi.amount_value) == ("Chai x2", "5812", Decimal("25.50"))
    assert upi.params["pn"] == "Ravi Tea Stall" and upi.uri == URI


def test_only_pa_is_required() -> None:
    upi = parse_upi("upi://pay?pa=9876543210@ybl")
    assert (upi.payee_name, upi.amount, upi.currency, upi.amount_value) == (None, None, "INR", None)


def test_scheme_and_keys_are_case_insensitive_and_blank_values_absent() -> None:
    upi = parse_upi("UPI://PAY?PA=shop@paytm&AM=&cu=inr&tr=ORDER42&tid=&url=https%3A%2F%2Fx.in")
    assert (upi.vpa, upi.amount, upi.currency) == ("shop@paytm", None, "INR")
    assert (upi.transaction_ref, upi.transaction_id, upi.url) == ("ORDER42", None, "https://x.in")


@pytest.mark.parametrize(
    ("uri", "words"),
    [
        ("upi://pay?pn=Ravi", "pa"),
        ("upi://pay?pa=", "pa"),
        ("upi://pay?pa=no-at-sign", "VPA"),
        ("upi://pay?pa=two@@signs", "VPA"),
        ("upi://pay?pa=@bank", "VPA"),
        ("upi://pay?pa=name@", "VPA"),
        ("upi://pay?pa=name@b", "VPA"),
        ("upi://pay?pa=na%20me@bank", "VPA"),
        ("upi://pay?pa=name@1bank", "VPA"),
        (f"upi://pay?pa={'a' * 300}@bank", "VPA"),
        ("upi://pay?pa=a@bank&am=abc", "am="),
        ("upi://pay?pa=a@bank&am=-5", "am="),
        ("upi://pay?pa=a@bank&am=1.234", "am="),
        ("upi://pay?pa=a@bank&am=1,000", "am="),
        ("upi://pay?pa=a@bank&am=12345678901", "am="),
        ("upi://pay?pa=a@bank&mam=x", "mam="),
        ("upi://pay?pa=a@bank&cu=USD", "INR"),
        ("upi://pay?pa=a@bank&mc=12", "mc="),
        ("upi://pay?pa=a@bank&pa=b@bank", "more than once"),
        ("upi://mandate?pa=a@bank", "upi://pay?"),
        ("upi:pay?pa=a@bank", "upi://pay?"),
        ("https://pay?pa=a@bank", "upi://pay?"),
    ],
)
def test_validation(uri: str, words: str) -> None:
    assert words in _error(uri).message


@pytest.mark.parametrize("amount", ["1", "10.5", "150.00", "0.01", "9999999999.99"])
def test_amount_formats(amount: str) -> None:
    assert parse_upi(f"upi://pay?pa=a.b-c_d@hdfcbank&am={amount}").amount == amount


def test_front_door_routes_upi() -> None:
    assert isinstance(parse_payment_code(f" {URI}\n"), UpiPayment)
    with pytest.raises(PaymentCodeError) as caught:
        parse_payment_code("upi://pay?pa=bad")
    assert caught.value.code == "upi_invalid"
    with pytest.raises(PaymentCodeError) as caught:
        parse_payment_code("pay ravi 20 rupees")
    assert caught.value.code == "not_payment_code"


# --- Properties ----------------------------------------------------------------------------

LOCAL = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,20}", fullmatch=True)
HANDLE = st.from_regex(r"[A-Za-z][A-Za-z0-9]{1,12}", fullmatch=True)
NAMES = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zs", "Zl", "Zp")), max_size=30
)


@settings(max_examples=150, deadline=None)
@given(
    LOCAL, HANDLE, NAMES, st.none() | st.from_regex(r"[0-9]{1,7}(\.[0-9]{1,2})?", fullmatch=True)
)
def test_generated_links_parse_back(local: str, handle: str, name: str, amount: str | None) -> None:
    uri = f"upi://pay?pa={local}@{handle}&pn={quote(name)}&cu=INR"
    if amount is not None:
        uri += f"&am={amount}"
    upi = parse_upi(uri)
    assert (upi.vpa, upi.payee_name, upi.amount) == (f"{local}@{handle}", name or None, amount)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_arbitrary_text_raises_only_payment_code_error(text: str) -> None:
    for candidate in (text, "upi://pay?" + text):
        try:
            parse_upi(candidate)
        except PaymentCodeError as error:
            assert error.code == "upi_invalid"
        try:
            parse_payment_code(candidate)
        except PaymentCodeError as error:
            assert error.code in {"not_payment_code", "upi_invalid", "emv_invalid", "emv_bad_crc"}
