"""Scan to pay, end to end: a rendered EMV QR through perception and the turn runner, the
confirmation card, the wearer's gaze and "confirm", and the money moved exactly once."""

from __future__ import annotations

import json

import pytest

from pay_fixtures import Clock, Device, balances, cafe_qr, perceive, qr_png, transfers_for
from sightline.ledger import IntentState, Ledger, verify

pytestmark = pytest.mark.slow


async def test_scan_to_pay_moves_the_money_exactly_once(device: Device, ledger: Ledger) -> None:
    scene = await perceive(qr_png(cafe_qr("23.50")))
    assert [item.format for item in scene.items] == ["QRCode"]
    asked = await device.say("pay this", scene)
    assert (asked.route.agent, asked.route.tool) == ("payment", "pay_this")
    assert asked.error is None
    card = asked.reply.card
    assert card.title == "Pay €23.50"
    assert card.lines[:2] == ("Café Rosa", "Berlin, DE")
    assert card.actions == ("Confirm", "Cancel")
    pending = asked.to_json()["pending"]
    assert {k: pending[k] for k in ("payee", "amount", "currency", "kind")} == {
        "payee": "Café Rosa",
        "amount": "23.50",
        "currency": "EUR",
        "kind": "payment",
    }
    assert pending["card_id"] == asked.card_id and "expires_at" in pending
    assert asked.to_json()["follow_up"]["kind"] == "awaiting_confirmation"
    held = device.session.confirm.pending
    assert held is not None and held.payment is not None and held.payment.nonce
    nonce = held.payment.nonce
    assert nonce not in json.dumps(asked.to_json()) and nonce not in repr(device.session)
    assert nonce not in asked.reply.card.plain_text() and nonce not in asked.reply.speech
    account = held.request.wallet_payee
    assert account is not None
    intent = ledger.get_intent(held.payment.intent_id)
    assert intent.state is IntentState.CREATED and intent.amount_minor == 2350
    assert balances(ledger, account) == {"wallet": 100_00, "payee": 0}

    assert await device.gaze("confirm", 900) is None  # looking records, decides nothing
    paid = await device.say("confirm")
    assert paid.route.tier == "device" and paid.error is None
    assert paid.reply.card.title == "Paid €23.50" and paid.reply.card.lines[0] == "Café Rosa"
    assert paid.to_json()["confirmation"]["status"] == "confirmed"
    assert balances(ledger, account) == {"wallet": 76_50, "payee": 23_50}
    assert ledger.get_intent(intent.id).state is IntentState.SETTLED
    assert [t.intent_id for t in transfers_for(ledger)] == [intent.id]
    assert device.session.confirm.pending is None and device.session.follow_up is None

    again = await device.tap(asked.card_id)  # a replayed confirmation
    assert again is not None and again.error is not None
    assert again.error["code"] == "already_confirmed"
    rescanned = await device.say("pay this", scene)  # a dynamic code pays once
    assert rescanned.error is not None and rescanned.error["code"] == "already_paid"
    assert balances(ledger, account) == {"wallet": 76_50, "payee": 23_50}
    assert len(transfers_for(ledger)) == 1
    assert verify(ledger).ok


async def test_a_static_code_pays_the_amount_the_wearer_says(
    device: Device, ledger: Ledger
) -> None:
    scene = await perceive(qr_png(cafe_qr(None, name="Kiosk Nord", city="Hamburg")))
    unsaid = await device.say("pay this", scene)
    assert unsaid.error is not None and unsaid.error["code"] == "amount_needed"
    assert unsaid.reply.card.title == "How much?" and device.session.confirm.pending is None
    asked = await device.say("pay 12.40 to this", scene)
    assert asked.reply.card.title == "Pay €12.40" and asked.pending is not None
    assert asked.pending["payee"] == "Kiosk Nord"
    await device.gaze("confirm", 850)
    paid = await device.say("confirm")
    assert paid is not None and paid.reply.card.title == "Paid €12.40"
    assert balances(ledger)["wallet"] == 87_60
    other = await device.say("pay 12 dollars to this", scene)
    assert other.error is not None and other.error["code"] == "currency_mismatch"
    assert verify(ledger).ok


async def test_the_code_decides_a_dynamic_amount(device: Device, ledger: Ledger) -> None:
    scene = await perceive(qr_png(cafe_qr("23.50")))
    result = await device.say("pay 5 euros to this", scene)
    assert result.error is not None and result.error["code"] == "amount_mismatch"
    assert "€23.50" in result.reply.card.lines[0]
    assert device.session.confirm.pending is None and transfers_for(ledger) == []


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ("https://example.org/menu", "not_payment_code"),
        ("confirm", "not_payment_code"),
        (cafe_qr("23.50")[:-4] + "0000", "emv_bad_crc"),
    ],
)
async def test_codes_that_are_not_supported_payment_codes(
    device: Device, ledger: Ledger, payload: str, code: str
) -> None:
    result = await device.say("pay this", await perceive(qr_png(payload)))
    assert result.error is not None and result.error["code"] == code
    assert result.reply.card.title in ("Not a payment code", "Damaged payment code")
    assert result.pending is None and device.session.confirm.pending is None
    nothing = await device.say("pay this")
    assert nothing.error is not None and nothing.error["code"] == "no_payment_code"
    assert transfers_for(ledger) == []


async def test_send_money_to_a_contact_and_pay_a_bill(
    device: Device, ledger: Ledger, clock: Clock
) -> None:
    sent = await device.say("send Anna 20 euros")
    assert (sent.route.tool, sent.reply.card.title) == ("send_money", "Pay €20.00")
    assert sent.reply.card.lines[0] == "Anna Schmidt"
    await device.gaze("confirm", 1000)
    done = await device.say("yes, confirm")
    assert done.reply.card.title == "Paid €20.00"
    assert balances(ledger, "payee:contact:anna") == {"wallet": 80_00, "payee": 20_00}
    unknown = await device.say("send Bob 20 euros")
    assert unknown.error is not None and unknown.error["code"] == "unknown_contact"
    assert unknown.reply.card.title == "Unknown contact"
    bill = await device.say("pay my electricity bill 45 euros")
    assert (bill.route.tool, bill.reply.card.title) == ("pay_bill", "Pay €45.00")
    assert bill.pending is not None and bill.pending["payee"] == "EDF"
    cancelled = await device.say("cancel")
    assert cancelled.reply.card.title == "Payment cancelled"
    assert cancelled.to_json()["confirmation"]["reason"] == "cancelled"
    assert balances(ledger)["wallet"] == 80_00
    poor = await device.say("send mum 500 euros")  # the card first, saying the wallet is short
    assert poor.error is None and poor.reply.card.title == "Pay €500.00"
    assert "Balance €80.00: top up to pay" in poor.reply.card.lines
    assert poor.reply.data["payment"]["top_up"]["amount"] == "420.00"
    await device.gaze("confirm", 1000)
    declined = await device.say("confirm")  # the ledger checks funds when the wearer confirms
    assert declined.error is not None and declined.error["code"] == "insufficient_funds"
    assert balances(ledger)["wallet"] == 80_00
    balance = await device.say("what's my balance")
    assert balance.route.tool == "balance" and balance.reply.card.lines == ("€80.00",)
    assert verify(ledger).ok
