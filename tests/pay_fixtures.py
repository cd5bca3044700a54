"""Helpers for the payment and confirmation tests: a funded SQLite ledger, a virtual clock, QR
images rendered with zxing-cpp, a runner wired like the runtime, and a simulated device."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import zxingcpp
from PIL import Image

from sightline.agents.payment import PaymentAgent
from sightline.codes import build_emv_qr
from sightline.confirm import (
    CardShown,
    ConfirmationGate,
    GazeInput,
    Rules,
    SignedConfirmation,
    TapInput,
)
from sightline.confirm.device_key import LocalDeviceKey, terms_of
from sightline.ledger import Ledger, LocalWallet, open_ledger
from sightline.payments.wallets import WalletBalance
from sightline.perception import Perception
from sightline.runtime import Runtime
from sightline.scene import Scene
from sightline.sdk import Agent, TurnInput
from sightline.sdk.registry import AgentRegistry
from sightline.session import Session
from sightline.turns import TurnResult, TurnRunner

WALLET = "wallet:wearer"
CAFE_ACCOUNT = {"26": {"00": "com.example.pay", "01": "CAFE-ROSA-0042"}}


class Clock:
    """A clock that stands still until moved (starts at the real time, so the ledger agrees)."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> datetime:
        self.now += timedelta(seconds=seconds)
        return self.now


def funded_ledger(path: Path, euros: int = 100) -> Ledger:
    """A SQLite ledger with `euros` in the wearer's wallet (and 10 000 INR)."""
    ledger = open_ledger(f"sqlite:///{path}")
    ledger.fund(WALLET, euros * 100, "EUR", idempotency_key="test-top-up")
    ledger.fund(WALLET, 10_000_00, "INR", idempotency_key="test-top-up-inr")
    return ledger


def cafe_qr(amount: str | None = "23.50", name: str = "Café Rosa", city: str = "Berlin") -> str:
    """An EMV merchant QR payload: dynamic with an amount, static without."""
    return build_emv_qr(
        merchant_name=name,
        merchant_city=city,
        mcc="5812",
        currency="EUR",
        country="DE",
        merchant_accounts=CAFE_ACCOUNT,
        amount=amount,
        point_of_initiation="12" if amount else "11",
    )


def qr_png(text: str, scale: int = 6) -> bytes:
    """A PNG of a QR code carrying `text`, rendered with zxing-cpp."""
    barcode = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode)
    image = Image.fromarray(np.asarray(zxingcpp.write_barcode_to_image(barcode, scale=scale)))
    canvas = Image.new("L", (image.width + 80, image.height + 80), 255)
    canvas.paste(image, (40, 40))
    out = io.BytesIO()
    canvas.save(out, format="PNG")
    return out.getvalue()


async def perceive(png: bytes) -> Scene:
    """Run an image through perception, as a turn's camera frame."""
    async with Perception() as perception:
        return await perception.perceive(png)


def write_directories(folder: Path) -> tuple[Path, Path]:
    """A contacts file (Anna, Mum) and a billers file (EDF for electricity)."""
    contacts = folder / "contacts.json"
    contacts.write_text(
        json.dumps(
            {
                "contacts": [
                    {"name": "Anna Schmidt", "account": "anna", "detail": "IBAN …4321"},
                    {"name": "Mum", "account": "mum", "aliases": ["mom", "mother"]},
                ]
            }
        )
    )
    billers = folder / "billers.json"
    billers.write_text(
        json.dumps(
            {
                "billers": [
                    {"name": "EDF", "account": "edf", "aliases": ["electricity"], "currency": "EUR"}
                ]
            }
        )
    )
    return contacts, billers


def payment_runner(
    runtime: Runtime, ledger: Ledger, clock: Clock, folder: Path, tap: bool = False, **extra: Agent
) -> TurnRunner:
    """The runtime's agents and router, with a payment agent and gate on `ledger` and `clock`
    (`tap`: a signed tap may confirm, as with `SIGHTLINE_CONFIRM_TAP`)."""
    wallet = LocalWallet(ledger)
    contacts, billers = write_directories(folder)
    agents = dict(runtime.registry.agents)
    agents["payment"] = PaymentAgent(contacts, billers, clock=clock)
    agents.update(extra)
    return TurnRunner(
        AgentRegistry(agents=agents),
        runtime.router,
        {"wallet": WalletBalance(wallet)},
        gate=ConfirmationGate(wallet, clock=clock, rules=Rules(tap=tap)),
    )


@dataclass
class Device:
    """A simulated pair of glasses: shows each card, looks, taps, speaks, signs.

    It has its own key (the session holds its public key, as a paired device's). Like the
    glasses, it signs a confirmation card once the gaze has dwelt on Confirm (`gaze_voice`),
    and a tap on it when the card offers `tap`; `say` is a turn heard from the microphone.
    """

    runner: TurnRunner
    clock: Clock
    session: Session = field(default_factory=Session)
    shown: str | None = None
    key: LocalDeviceKey = field(default_factory=LocalDeviceKey)
    offer: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        self.session.confirm.device_key = self.key.public_key()

    async def show(self, result: TurnResult) -> TurnResult:
        self.shown, self.offer = result.card_id, result.pending
        await self.runner.device_input(self.session, CardShown(result.card_id, self.clock()))
        return result

    async def sign(self, modality: str) -> TurnResult | None:
        """Sign the confirmation card on display."""
        assert self.offer is not None
        signature = self.key.sign(terms_of(self.offer), modality)
        event = SignedConfirmation(self.offer["card_id"], modality, signature, self.clock())
        return await self.runner.device_input(self.session, event)

    async def say(self, text: str, scene: Scene | None = None, source: str = "voice") -> TurnResult:
        turn = TurnInput(text, scene, source=source)  # type: ignore[arg-type]
        return await self.show(await self.runner.run(self.session, turn, "edge"))

    async def gaze(
        self, target: str | None, dwell_ms: int, card_id: str | None = ""
    ) -> TurnResult | None:
        self.clock.advance(dwell_ms / 1000)
        on = self.shown if card_id == "" else card_id
        offer = self.offer
        if target == "confirm" and dwell_ms >= 800 and offer and on == offer["card_id"]:
            signed = await self.sign("gaze_voice")
            if signed is not None:
                return signed
        event = GazeInput(target, dwell_ms, on, self.clock())
        return await self.runner.device_input(self.session, event)

    async def tap(self, card_id: str | None = "") -> TurnResult | None:
        on = self.shown if card_id == "" else card_id
        offer = self.offer
        if offer is not None and on == offer["card_id"] and "tap" in offer["modalities"]:
            return await self.sign("tap")
        return await self.runner.device_input(self.session, TapInput(on, self.clock()))


def balances(ledger: Ledger, payee: str | None = None, currency: str = "EUR") -> dict[str, int]:
    """The wallet's balance and, if named, a payee's (minor units)."""
    out = {"wallet": ledger.balance(WALLET, currency)}
    if payee is not None:
        names = {a.name for a in ledger.accounts()}
        out["payee"] = ledger.balance(payee, currency) if payee in names else 0
    return out


def transfers_for(ledger: Ledger) -> list[Any]:
    """Every payment transfer in the ledger."""
    from sqlalchemy import select

    from sightline.ledger.models import Transfer

    with ledger.read_session() as session:
        return list(session.scalars(select(Transfer).where(Transfer.kind == "payment")))


@pytest.fixture
def ledger(tmp_path: Path) -> Iterator[Ledger]:
    """A ledger on a SQLite file with €100 (and ₹10 000) in the wallet."""
    with funded_ledger(tmp_path / "ledger.sqlite3") as opened:
        yield opened


@pytest.fixture
def clock() -> Clock:
    """The gate's and the agent's clock."""
    return Clock()


@pytest.fixture
def device(runtime: Runtime, ledger: Ledger, clock: Clock, tmp_path: Path) -> Device:
    """Glasses talking to a runner with the payment agent and the gate on `ledger`."""
    return Device(payment_runner(runtime, ledger, clock, tmp_path), clock)
