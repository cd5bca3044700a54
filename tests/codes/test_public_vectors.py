"""Real payment codes from public specifications and projects (tests/data/payments/
public_vectors.jsonl, each line citing its source): the payee, amount, currency and scheme
the card shows, or the stable error and the sentence the wearer hears."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from sightline.codes import MerchantQr, PaymentCodeError, parse_payment_code
from sightline.payments.merchant import payee_of
from sightline.payments.replies import PROBLEMS

VECTORS = Path(__file__).resolve().parents[1] / "data" / "payments" / "public_vectors.jsonl"


def _vectors() -> list[Any]:
    rows = [json.loads(line) for line in VECTORS.read_text(encoding="utf-8").splitlines()]
    return [pytest.param(row, id=f"line{n}") for n, row in enumerate(rows, 1)]


@pytest.mark.parametrize("vector", _vectors())
def test_public_vector(vector: dict[str, Any]) -> None:
    assert vector["source"]
    if not vector["valid"]:
        with pytest.raises(PaymentCodeError) as caught:
            parse_payment_code(vector["payload"])
        assert caught.value.code == vector["error"]
        assert caught.value.code in PROBLEMS and "ask" in PROBLEMS[caught.value.code][1]
        return
    code = parse_payment_code(vector["payload"])
    assert isinstance(code, MerchantQr)
    assert (code.scheme, code.is_dynamic) == (vector["scheme"], vector["dynamic"])
    payee = payee_of(vector["payload"])
    amount = Decimal(vector["amount"]) if vector["amount"] is not None else None
    assert (payee.name, payee.amount, payee.currency) == (
        vector["payee"],
        amount,
        vector["currency"],
    )
    assert payee_of(vector["payload"]).account == payee.account  # the same payee every time


def test_card_detail_names_the_scheme_and_the_account() -> None:
    pix = next(r for r in map(json.loads, VECTORS.read_text().splitlines()) if r["scheme"] == "Pix")
    payee = payee_of(pix["payload"])
    assert payee.detail == "BRASILIA, BR · Pix key 123e4567-e12b-12d1-a456-426655440000"
