"""Scan to pay over the glasses protocol, against a real hub with a paired device: the QR in the
camera frame, the confirmation card with its challenge, and only the device's signature, its
gaze dwell and "confirm" heard in its audio moving the money, exactly once. Every scripted
confirmation of issue 17 (asserted gaze plus typed "confirm", a bare tap, a forged or replayed
signature, a second connection) moves nothing."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import websockets
from hub_client import RATE, Device, connect, spoken

from local_server import serving
from pay_fixtures import balances, cafe_qr, funded_ledger, payment_runner, qr_png, transfers_for
from sightline.confirm import ConfirmationGate
from sightline.confirm.cards import REFUSALS
from sightline.confirm.device_key import LocalDeviceKey, terms_of
from sightline.hub.auth import DeviceAuth
from sightline.hub.hub import Hub, HubOptions
from sightline.hub.server import create_app
from sightline.hub.speech import agent_examples, build_speech
from sightline.ledger import Ledger, verify
from sightline.pairing import DeviceRegistry
from sightline.protocol import FrameKind
from sightline.runtime import Runtime

pytestmark = pytest.mark.slow


@dataclasses.dataclass
class PayingHub:
    base: str
    ledger: Ledger
    registry: DeviceRegistry


@dataclasses.dataclass
class Paired:
    device_id: str
    token: str
    key: LocalDeviceKey


def cafe_balance(ledger: Ledger) -> int:
    """What the café's payee account has received (in cents)."""
    names = [a.name for a in ledger.accounts() if a.name.startswith("payee:emv:cafe-rosa")]
    return sum(ledger.balance(name, "EUR") for name in names)


@pytest.fixture(scope="module")
def paying_hub(runtime: Runtime, tmp_path_factory: pytest.TempPathFactory) -> Iterator[PayingHub]:
    """A hub as `sightline serve` builds it (paired devices only) paying from a funded ledger."""
    folder = tmp_path_factory.mktemp("pay-hub")
    registry = DeviceRegistry(folder / "devices.sqlite3")
    with funded_ledger(folder / "ledger.sqlite3") as ledger:
        runner = payment_runner(runtime, ledger, ConfirmationGate().clock, folder)  # type: ignore[arg-type]
        paying = dataclasses.replace(runtime, runner=runner)
        auth = DeviceAuth(registry)
        hub = Hub(
            paying,
            build_speech(runtime.settings, agent_examples(runtime.registry)),
            HubOptions(grace_s=60.0),
            authenticate=auth.authenticate,
            watch_token=auth.watch,
            device_key=lambda hello: registry.confirm_key(hello.token, hello.device_id),
        )
        with serving(create_app(hub, registry)) as base:
            yield PayingHub(base, ledger, registry)


def pair(hub: PayingHub, device_id: str) -> Paired:
    """Pair over `POST /v1/pair`, registering a fresh key as the glasses would."""
    key = LocalDeviceKey()
    code = hub.registry.new_pairing_code().code
    body = {"code": code, "device_id": device_id, "public_key": key.public_b64()}
    answer = httpx.post(f"{hub.base}/v1/pair", json=body)
    assert answer.status_code == 200, answer.text
    return Paired(device_id, answer.json()["token"], key)


async def open_card(device: Device, amount: str) -> dict[str, Any]:
    """Show a café QR, ask to pay it, acknowledge the confirmation card."""
    await device.image(qr_png(cafe_qr(amount)), FrameKind.IMAGE_PNG)
    await asyncio.sleep(1.0)
    await device.send(type="text", text="pay this")
    card = await device.until("card")
    assert amount in card["card"]["title"], card
    assert list(card["card"]["actions"]) == ["Confirm", "Cancel"]
    offer = card["confirmation"]
    assert offer["amount"] == amount and offer["modalities"] == ["gaze_voice"]
    assert len(offer["challenge"]) >= 43
    await device.send(type="card_ack", card_id=card["card_id"])
    return card


def signature(paired: Paired, card: dict[str, Any], modality: str = "gaze_voice") -> dict[str, Any]:
    """The `confirm_signature` message for a card, signed with the paired key."""
    offer = {"card_id": card["card_id"], **card["confirmation"]}
    signed = paired.key.sign(terms_of(offer), modality)
    return {"type": "confirm_signature", "card_id": card["card_id"], "modality": modality,
            "signature": signed}  # fmt: skip


async def dwell(device: Device, card: dict[str, Any], signed: dict[str, Any] | None) -> None:
    """Look at Confirm for 850 ms (signing once the dwell is reached, when `signed`)."""
    await asyncio.sleep(0.9)
    if signed is not None:
        await device.send(**signed)
    await device.send(
        type="gaze", x=10, y=10, target="confirm", dwell_ms=850, card_id=card["card_id"]
    )


async def say(device: Device, words: str) -> None:
    await device.send(type="audio_start", sample_rate=RATE)
    await device.audio(spoken(words, voice="slt"))


async def decided(device: Device) -> dict[str, Any]:
    """The next card that is not a fresh confirmation card."""
    while True:
        card = await device.until("card", wait_s=20)
        if "confirmation" not in card:
            return card


def refused(card: dict[str, Any]) -> bool:
    return card["card"]["title"] == "Not confirmed" and "Nothing was paid." in card["card"]["lines"]


def refusal(card: dict[str, Any]) -> str:
    """The refusal's code, told by the card's first line."""
    assert refused(card), card
    return next(code for code, text in REFUSALS.items() if text == card["card"]["lines"][0])


async def test_signed_gaze_and_heard_confirm_pay_once(paying_hub: PayingHub) -> None:
    ledger = paying_hub.ledger
    wallet, cafe = balances(ledger)["wallet"], cafe_balance(ledger)
    paired = pair(paying_hub, "payer-1")
    ws, device, _ = await connect(paying_hub.base, paired.device_id, token=paired.token)
    card = await open_card(device, "23.50")
    signed = signature(paired, card)
    await dwell(device, card, signed)
    await say(device, "confirm")
    paid = await decided(device)
    assert paid["card"]["title"] == "Paid €23.50", paid
    assert (await device.until("haptic"))["pattern"] == "confirmed"  # felt with the card
    assert wallet - balances(ledger)["wallet"] == 2350
    assert cafe_balance(ledger) - cafe == 2350
    count = len(transfers_for(ledger))
    await device.send(**signed)  # the same signature, replayed
    assert refused(await decided(device))
    await say(device, "confirm")  # and "confirm" again
    assert refused(await decided(device))
    assert len(transfers_for(ledger)) == count and cafe_balance(ledger) - cafe == 2350
    assert verify(ledger).ok
    await ws.close()


async def test_scripted_confirmations_with_the_token_move_nothing(paying_hub: PayingHub) -> None:
    """card_ack + an asserted dwell + typed "confirm"; a bare tap; a forged signature."""
    ledger = paying_hub.ledger
    wallet, count = balances(ledger)["wallet"], len(transfers_for(ledger))
    paired = pair(paying_hub, "payer-2")
    ws, device, _ = await connect(paying_hub.base, paired.device_id, token=paired.token)
    codes = []
    card = await open_card(device, "2.00")
    await dwell(device, card, None)
    await device.send(type="text", text="confirm")
    codes.append(refusal(await decided(device)))
    card = await open_card(device, "3.00")
    await dwell(device, card, None)
    await device.send(type="tap", card_id=card["card_id"])
    codes.append(refusal(await decided(device)))
    card = await open_card(device, "4.00")
    forger = dataclasses.replace(paired, key=LocalDeviceKey())
    await dwell(device, card, signature(forger, card))
    codes.append(refusal(await decided(device)))
    card = await open_card(device, "5.00")
    await dwell(device, card, signature(paired, card, "tap"))  # taps are not enabled
    codes.append(refusal(await decided(device)))
    assert codes == [
        "voice_required",
        "signature_required",
        "signature_invalid",
        "tap_disabled",
    ]
    assert balances(ledger)["wallet"] == wallet and len(transfers_for(ledger)) == count
    await ws.close()


async def test_a_second_connection_cannot_confirm_the_first_ones_card(
    paying_hub: PayingHub,
) -> None:
    """The takeover closes the first connection (4409) and renews the card's challenge: the
    first connection's signature is void; only a fresh signature by the device's key counts."""
    ledger = paying_hub.ledger
    paired = pair(paying_hub, "payer-3")
    first_ws, first, _ = await connect(paying_hub.base, paired.device_id, token=paired.token)
    card = await open_card(first, "6.00")
    stolen = signature(paired, card)
    await dwell(first, card, stolen)
    wallet, count = balances(ledger)["wallet"], len(transfers_for(ledger))
    ws, second, welcome = await connect(paying_hub.base, paired.device_id, token=paired.token)
    assert welcome["resumed"] is True
    with pytest.raises(websockets.ConnectionClosed):
        await first.until("pong", wait_s=5)
    assert first_ws.close_code == 4409 and "replaced" in (first_ws.close_reason or "")
    resent = await second.until("card")
    assert resent["card_id"] == card["card_id"]
    assert resent["confirmation"]["challenge"] != card["confirmation"]["challenge"]
    await second.send(type="card_ack", card_id=card["card_id"])
    await dwell(second, card, stolen)  # the first connection's signature, replayed
    assert refusal(await decided(second)) == "signature_invalid"
    assert balances(ledger)["wallet"] == wallet and len(transfers_for(ledger)) == count
    renewed = await open_card(second, "6.50")
    await dwell(second, renewed, signature(paired, renewed))
    await say(second, "confirm")
    paid = await decided(second)
    assert paid["card"]["title"] == "Paid €6.50", paid
    assert wallet - balances(ledger)["wallet"] == 650
    await ws.close()


def test_pairing_refuses_a_bad_key(paying_hub: PayingHub, tmp_path: Path) -> None:
    code = paying_hub.registry.new_pairing_code().code
    body = {"code": code, "device_id": "bad-key", "public_key": "AAAA"}
    answer = httpx.post(f"{paying_hub.base}/v1/pair", json=body)
    assert answer.status_code == 422
    assert answer.json()["detail"]["code"] == "public_key_invalid"
    body = {"code": code, "device_id": "no-key"}  # the code still works; no key registered
    assert httpx.post(f"{paying_hub.base}/v1/pair", json=body).status_code == 200
    listed = {d.device_id: d for d in paying_hub.registry.devices()}
    assert listed["no-key"].public_key is None
