"""A static code's "How much?" answered in the next turn, codes of national schemes on a
fresh wallet, and a zero amount: the card first, funds checked when the wearer confirms."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pay_fixtures import (
    Clock,
    Device,
    balances,
    cafe_qr,
    payment_runner,
    perceive,
    qr_png,
    transfers_for,
)
from sightline.codes import build_emv_qr
from sightline.ledger import Ledger, open_ledger, verify
from sightline.runtime import Runtime

pytestmark = pytest.mark.slow
VECTORS = Path(__file__).resolve().parents[1] / "data" / "payments" / "public_vectors.jsonl"


@pytest.mark.parametrize("answer", ["twelve fifty", "12.50", "€12,50", "make it 12.50 euros"])
async def test_the_next_turn_answers_how_much(device: Device, ledger: Ledger, answer: str) -> None:
    scene = await perceive(qr_png(cafe_qr(None, name="Kiosk Nord", city="Hamburg")))
    asked = await device.say("pay this", scene)
    assert asked.reply.card.title == "How much?" and asked.reply.follow_up is not None
    assert asked.reply.follow_up.kind == "awaiting_amount"
    kept = device.session.state_for("payment")  # JSON only: restored as if in another process
    device.session.agent_state["payment"] = json.loads(json.dumps(kept))
    answered = await device.say(answer)  # the code is out of view now: it was remembered
    assert (answered.route.agent, answered.route.tool) == ("payment", "pay_this")
    assert answered.reply.card.title == "Pay €12.50" and answered.pending is not None
    assert answered.pending["payee"] == "Kiosk Nord"
    await device.gaze("confirm", 900)
    paid = await device.say("confirm")
    assert paid.reply.card.title == "Paid €12.50" and balances(ledger)["wallet"] == 87_50


async def test_the_question_lapses_and_other_requests_route_as_usual(
    device: Device, ledger: Ledger, clock: Clock
) -> None:
    scene = await perceive(qr_png(cafe_qr(None, name="Kiosk Nord", city="Hamburg")))
    await device.say("pay this", scene)
    other = await device.say("what's my balance")
    assert other.route.tool == "balance"
    await device.say("pay this", scene)
    clock.advance(61)
    late = await device.say("12.50")
    assert late.pending is None and device.session.confirm.pending is None
    assert transfers_for(ledger) == []


async def test_a_zero_amount_is_a_static_code(device: Device, ledger: Ledger) -> None:
    zero = cafe_qr("0")
    scene = await perceive(qr_png(zero))
    asked = await device.say("pay this", scene)
    assert asked.error is not None and asked.error["code"] == "amount_needed"
    assert asked.reply.card.title == "How much?"
    said = await device.say("pay 3.20 to this", scene)
    assert said.reply.card.title == "Pay €3.20"


async def test_a_fresh_wallet_sees_the_card_then_a_decline(
    runtime: Runtime, tmp_path: Path, clock: Clock
) -> None:
    with open_ledger(f"sqlite:///{tmp_path / 'empty.sqlite3'}") as empty:
        device = Device(payment_runner(runtime, empty, clock, tmp_path), clock)
        scene = await perceive(qr_png(cafe_qr("23.50")))
        card = await device.say("pay this", scene)
        assert card.error is None and card.reply.card.title == "Pay €23.50"
        assert card.reply.card.lines[:2] == ("Café Rosa", "Berlin, DE")
        assert "Balance €0.00: top up to pay" in card.reply.card.lines
        top_up = card.reply.data["payment"]["top_up"]
        assert top_up["command"] == "sightline ledger fund 23.50 --currency EUR"
        await device.gaze("confirm", 900)
        declined = await device.say("confirm")
        assert declined.error is not None and declined.error["code"] == "insufficient_funds"
        assert transfers_for(empty) == [] and verify(empty).ok


@pytest.mark.parametrize("line", [2, 3, 4, 11, 12, 13])
async def test_national_codes_show_their_payee(device: Device, line: int) -> None:
    vector = json.loads(VECTORS.read_text(encoding="utf-8").splitlines()[line - 1])
    scene = await perceive(qr_png(vector["payload"], scale=4))
    result = await device.say("pay this", scene)
    if vector["amount"] is None:
        assert result.reply.card.title == "How much?"
        assert result.reply.card.lines[0] == vector["payee"]
        result = await device.say("one hundred")
    assert result.pending is not None, result.reply
    assert (result.pending["payee"], result.pending["currency"]) == (
        vector["payee"],
        vector["currency"],
    )
    assert vector["scheme"] in result.reply.card.plain_text()


async def test_a_code_without_merchant_fields_pays_its_account(device: Device) -> None:
    payload = build_emv_qr(
        merchant_name=None, merchant_city=None, mcc=None, currency=None, country=None,
        merchant_accounts={"26": {"00": "br.gov.bcb.pix", "01": "loja@example.com.br"}},
        amount="10.00", point_of_initiation=None,
    )  # fmt: skip
    result = await device.say("pay this", await perceive(qr_png(payload)))
    assert result.pending is not None
    assert (result.pending["payee"], result.pending["currency"]) == (
        "Pix key loja@example.com.br",
        "BRL",
    )
