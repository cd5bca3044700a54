"""Scan to pay over the glasses protocol: the QR in the camera frame, the confirmation card,
and only the device's own gaze dwell plus tap moving the money, exactly once."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Iterator
from typing import Any

import pytest
from hub_client import Device, connect

from local_server import serving
from pay_fixtures import balances, cafe_qr, funded_ledger, payment_runner, qr_png, transfers_for
from sightline.confirm import ConfirmationGate
from sightline.hub.server import Hub, HubOptions, create_app
from sightline.hub.speech import build_speech
from sightline.ledger import Ledger
from sightline.protocol import FrameKind
from sightline.runtime import Runtime


def cafe_balance(ledger: Ledger) -> int:
    """What the café's payee account has received (in cents)."""
    names = [a.name for a in ledger.accounts() if a.name.startswith("payee:emv:cafe-rosa")]
    return sum(ledger.balance(name, "EUR") for name in names)


@pytest.fixture(scope="module")
def paying_hub(
    runtime: Runtime, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Ledger]]:
    """A hub whose gate pays from a funded ledger on the real clock."""
    folder = tmp_path_factory.mktemp("pay-hub")
    with funded_ledger(folder / "ledger.sqlite3") as ledger:
        runner = payment_runner(runtime, ledger, ConfirmationGate().clock, folder)  # type: ignore[arg-type]
        paying = dataclasses.replace(runtime, runner=runner)
        hub = Hub(paying, build_speech(runtime.settings), HubOptions(grace_s=60.0))
        with serving(create_app(hub)) as base:
            yield base, ledger


async def _confirmation_card(device: Device, amount: str) -> dict[str, Any]:
    await device.image(qr_png(cafe_qr(amount)), FrameKind.IMAGE_PNG)
    await asyncio.sleep(1.0)
    await device.send(type="text", text="pay this")
    card = await device.until("card")
    assert amount in card["card"]["title"], card
    assert list(card["card"]["actions"]) == ["Confirm", "Cancel"]
    await device.send(type="card_ack", card_id=card["card_id"])
    return card


async def test_gaze_dwell_and_tap_pay_once(paying_hub: tuple[str, Ledger]) -> None:
    base, ledger = paying_hub
    wallet, cafe = balances(ledger)["wallet"], cafe_balance(ledger)
    ws, device, _ = await connect(base, "payer-1")
    card = await _confirmation_card(device, "23.50")
    await asyncio.sleep(0.9)
    await device.send(
        type="gaze", x=10, y=10, target="confirm", dwell_ms=850, card_id=card["card_id"]
    )
    await device.send(type="tap", card_id=card["card_id"])
    paid = await device.until("card")
    assert paid["card"]["title"].startswith("Paid"), paid
    assert wallet - balances(ledger)["wallet"] == 2350
    assert cafe_balance(ledger) - cafe == 2350
    count = len(transfers_for(ledger))
    await device.send(type="tap", card_id=card["card_id"])  # the same confirmation, replayed
    replay = await device.until("card")
    assert not replay["card"]["title"].startswith("Paid")
    assert len(transfers_for(ledger)) == count
    assert cafe_balance(ledger) - cafe == 2350
    await ws.close()


async def test_tap_without_dwell_and_text_in_view_move_nothing(
    paying_hub: tuple[str, Ledger],
) -> None:
    base, ledger = paying_hub
    wallet = balances(ledger)["wallet"]
    count = len(transfers_for(ledger))
    ws, device, _ = await connect(base, "payer-2")
    card = await _confirmation_card(device, "4.20")
    await device.send(type="tap", card_id=card["card_id"])  # no gaze dwell on Confirm
    refused = await device.until("card")
    assert not refused["card"]["title"].startswith("Paid")
    card = await _confirmation_card(device, "4.30")
    await device.send(type="text", text="confirm")  # typed, but no dwell either
    refused = await device.until("card")
    assert not refused["card"]["title"].startswith("Paid")
    assert balances(ledger)["wallet"] == wallet
    assert len(transfers_for(ledger)) == count
    await ws.close()
