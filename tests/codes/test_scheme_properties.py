"""Generated codes of each national scheme: a valid code always gives the same payee and
amount; any single changed character is refused (by the CRC or by the structure)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sightline.codes import PaymentCodeError, build_emv_qr, parse_payment_code
from sightline.payments.merchant import payee_of

DIGITS = "0123456789"
ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
NAME = st.text(ALNUM + " ", min_size=1, max_size=25).filter(str.strip)


def _digits(low: int, high: int) -> st.SearchStrategy[str]:
    return st.text(DIGITS, min_size=low, max_size=high)


def _tlv(tag: str, value: str) -> str:
    return f"{tag}{len(value):02d}{value}"


# scheme → (template tag, account strategy, template from the account, label from it,
#           country, currency alpha, currency numeric)
Template = Callable[[str], dict[str, str]]
SCHEMES: dict[str, tuple[str, st.SearchStrategy[str], Template, str, str, str]] = {
    "Pix": ("26", st.emails().filter(lambda e: len(e) <= 70),
            lambda a: {"00": "br.gov.bcb.pix", "01": a}, "Pix key {}", "BR", "BRL"),
    "VietQR": ("38", _digits(6, 19),
               lambda a: {"00": "A000000727", "01": _tlv("00", "970436") + _tlv("01", a),
                          "02": "QRIBFTTA"}, "Vietcombank {}", "VN", "VND"),
    "PromptPay": ("29", _digits(9, 9).map(lambda d: "0066" + d),
                  lambda a: {"00": "A000000677010111", "01": a}, "PromptPay {}", "TH", "THB"),
    "DuitNow": ("26", _digits(10, 28),
                lambda a: {"00": "A0000006150001", "01": "890087", "02": a}, "DuitNow {}",
                "MY", "MYR"),
    "PayNow": ("26", st.text(ALNUM, min_size=9, max_size=12),
               lambda a: {"00": "SG.PAYNOW", "01": "2", "02": a, "03": "0"}, "PayNow {}",
               "SG", "SGD"),
    "QRIS": ("51", _digits(13, 15).map(lambda d: "ID" + d),
             lambda a: {"00": "ID.CO.QRIS.WWW", "02": a, "03": "UMI"}, "QRIS {}", "ID", "IDR"),
    "QR Ph": ("27", _digits(10, 16),
              lambda a: {"00": "com.p2pqrpay", "01": "BNORPHMM", "03": a}, "QR Ph {}",
              "PH", "PHP"),
    "Bakong KHQR": ("29", st.from_regex(r"[a-z]{3,12}_[a-z]{2,8}@[a-z]{3,6}", fullmatch=True),
                    lambda a: {"00": a}, "Bakong {}", "KH", "KHR"),
    "Bharat QR": ("26", st.from_regex(r"[a-z0-9]{3,20}@[a-z]{3,8}", fullmatch=True),
                  lambda a: {"00": "A000000524", "01": a}, "Bharat QR {}", "IN", "INR"),
}  # fmt: skip


@st.composite
def scheme_codes(draw: Any, scheme: str) -> tuple[str, dict[str, Any]]:
    """A valid code of `scheme`, with what the card must show for it."""
    tag, accounts, template, label, country, alpha = SCHEMES[scheme]
    account = draw(accounts)
    whole = alpha in ("VND", "IDR", "KHR")
    amount = draw(
        st.none()
        | st.just("0")
        | st.from_regex(
            r"[1-9][0-9]{0,6}" if whole else r"[1-9][0-9]{0,5}\.[0-9]{2}", fullmatch=True
        )
    )
    name = draw(st.none() | NAME)
    payload = build_emv_qr(
        merchant_name=name,
        merchant_city=draw(st.none() | NAME.map(lambda n: n[:15])),
        mcc=draw(st.none() | _digits(4, 4)),
        currency=draw(st.sampled_from([alpha, None])),
        country=draw(st.sampled_from([country, None])),
        merchant_accounts={tag: template(account)},
        amount=amount,
        point_of_initiation=draw(st.sampled_from(["11", "12", None])),
        additional_data=draw(st.none() | st.just({"05": "***"}) | st.just({"01": "INV-1"})),
    )
    payee = " ".join(name.split()) if name and name.strip() else label.format(account)
    value = Decimal(amount) if amount not in (None, "0") else None
    return payload, {"payee": payee, "amount": value, "currency": alpha, "scheme": scheme}


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_valid_codes_give_their_payee_and_amount(scheme: str, data: st.DataObject) -> None:
    payload, expected = data.draw(scheme_codes(scheme))
    first, second = payee_of(payload), payee_of(payload)
    assert (first.name, first.amount, first.currency) == (
        expected["payee"],
        expected["amount"],
        expected["currency"],
    )
    assert first.account == second.account and first.scheme == scheme


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_any_changed_character_is_refused(scheme: str, data: st.DataObject) -> None:
    payload, _ = data.draw(scheme_codes(scheme))
    at = data.draw(st.integers(0, len(payload) - 1))
    # printable ASCII for ASCII: a change of at most 16 bits, which CRC-16 always catches
    ascii_char = st.characters(min_codepoint=0x20, max_codepoint=0x7E)
    char = data.draw(ascii_char.filter(lambda c: c != payload[at]))
    changed = payload[:at] + char + payload[at + 1 :]
    if at >= len(payload) - 4 and changed.upper() == payload.upper():
        return  # the CRC in the other case: the same code
    with pytest.raises(PaymentCodeError):
        parse_payment_code(changed)
