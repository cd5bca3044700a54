"""The gate on its own: the rules event by event, with a fake wallet and fake agent hooks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from sightline.cards.model import Card
from sightline.confirm import (
    CardShown,
    ConfirmationGate,
    ConfirmState,
    GazeInput,
    Rules,
    SignedConfirmation,
    SpokenReply,
    TapInput,
    spoken_word,
)
from sightline.confirm.device_key import LocalDeviceKey, terms_of
from sightline.errors import SightlineError
from sightline.ledger.errors import InsufficientFunds
from sightline.ledger.models import IntentState
from sightline.ledger.money import Money
from sightline.ledger.wallet import (
    PaymentRequest,
    PendingPayment,
    Receipt,
    WalletCapability,
    WalletProvider,
)
from sightline.sdk import ConfirmKind, ConfirmRequest, Permission, Reply

T0 = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
PAY = ConfirmRequest(
    kind=ConfirmKind.PAYMENT,
    ref="qr:1",
    payee="Café Rosa",
    payee_detail="Berlin",
    amount=Decimal("23.50"),
    currency="EUR",
    wallet_payee="payee:emv:cafe",
)
CARD = Card(title="Pay €23.50", lines=("Café Rosa", "Berlin"))


class FakeWallet(WalletProvider):
    """Records calls; `fail_pay` makes `pay` decline."""

    name = "fake"
    capabilities = frozenset(WalletCapability)

    def __init__(self) -> None:
        self.prepared: list[PaymentRequest] = []
        self.paid: list[PendingPayment] = []
        self.cancelled: list[PendingPayment] = []
        self.fail_pay = False

    async def balance(self, currency: str) -> Money:
        return Money(100_00, currency)

    async def prepare(self, request: PaymentRequest) -> PendingPayment:
        self.prepared.append(request)
        n = len(self.prepared)
        return PendingPayment(f"pi_{n}", request.payee, request.amount, T0, f"secret-nonce-{n}")

    async def pay(self, payment: PendingPayment) -> Receipt:
        if self.fail_pay:
            raise InsufficientFunds("no money")
        self.paid.append(payment)
        return Receipt(payment.intent_id, "transfer:1", payment.payee, payment.amount)

    async def cancel(self, payment: PendingPayment) -> None:
        self.cancelled.append(payment)

    async def status(self, intent_id: str) -> IntentState:
        return IntentState.CREATED


class Hooks:
    """Stands in for the agent: counts completions and cancellations."""

    def __init__(self) -> None:
        self.done: list[str | None] = []
        self.dropped: list[str] = []

    async def confirmed(self, agent: str, request: ConfirmRequest, reference: str | None) -> Reply:
        self.done.append(reference)
        return Reply.simple("Paid €23.50", request.payee)

    async def cancelled(self, agent: str, request: ConfirmRequest, reason: str) -> Reply:
        self.dropped.append(reason)
        return Reply.simple("Payment cancelled", reason)


class Setup:
    def __init__(self, rules: Rules | None = None) -> None:
        self.now = T0
        self.wallet = FakeWallet()
        self.gate = ConfirmationGate(self.wallet, clock=lambda: self.now, rules=rules)
        self.key = LocalDeviceKey()
        self.state = ConfirmState(device_key=self.key.public_key())
        self.hooks = Hooks()

    def signed(self, modality: str = "gaze_voice", seconds: float | None = None) -> object:
        """The device's signature on the pending card (as the glasses make it)."""
        pending = self.state.pending
        assert pending is not None
        signature = self.key.sign(terms_of(pending.public()), modality)
        at = self.now if seconds is None else self.at(seconds)
        return SignedConfirmation(pending.card_id, modality, signature, at)

    async def open(self) -> str:
        opened = await self.gate.open(
            self.state, "payment", frozenset({Permission.PAYMENT}), PAY, CARD
        )
        return opened.pending.card_id

    def at(self, seconds: float) -> datetime:
        self.now = T0 + timedelta(seconds=seconds)
        return self.now

    async def send(self, event: object) -> str | None:
        outcome = await self.gate.handle(self.state, event, self.hooks)  # type: ignore[arg-type]
        if outcome is None:
            return None
        return outcome.error["code"] if outcome.error else outcome.status


@pytest.fixture
def setup() -> Setup:
    return Setup()


async def test_signed_gaze_then_heard_confirm_pays_once(setup: Setup) -> None:
    card = await setup.open()
    assert setup.wallet.prepared[0].amount == Money(2350, "EUR")
    pending = setup.state.pending
    assert pending is not None and "secret-nonce" not in repr(pending) + str(pending.public())
    assert await setup.send(CardShown(card, setup.at(0))) is None
    assert await setup.send(setup.signed(seconds=0.9)) is None  # the device signs on the dwell
    assert await setup.send(GazeInput("confirm", 900, card, setup.at(1))) is None
    assert await setup.send(SpokenReply("confirm", "voice", setup.at(1.2))) == "confirmed"
    assert [p.intent_id for p in setup.wallet.paid] == ["pi_1"] and setup.hooks.done == [
        "transfer:1"
    ]
    assert await setup.send(TapInput(card, setup.at(1.5))) == "already_confirmed"
    assert await setup.send(TapInput(None, setup.at(1.6))) is None  # a stray tap: ignored
    assert await setup.send(SpokenReply("confirm", "voice", setup.at(1.7))) == "already_confirmed"
    assert len(setup.wallet.paid) == 1


async def test_a_signed_tap_pays_only_when_enabled() -> None:
    off = Setup()
    card = await off.open()
    await off.send(CardShown(card, off.at(0)))
    await off.send(GazeInput("confirm", 900, card, off.at(1)))
    assert await off.send(off.signed("tap", 1.1)) == "tap_disabled"
    on = Setup(Rules(tap=True))
    card = await on.open()
    await on.send(CardShown(card, on.at(0)))
    await on.send(GazeInput("confirm", 900, card, on.at(1)))
    assert await on.send(TapInput(card, on.at(1.1))) == "signature_required"
    card = await on.open()
    await on.send(CardShown(card, on.at(2)))
    await on.send(GazeInput("confirm", 900, card, on.at(3)))
    assert await on.send(on.signed("tap", 3.1)) == "confirmed"
    assert off.wallet.paid == [] and len(on.wallet.paid) == 1


async def test_only_the_dwell_while_shown_counts(setup: Setup) -> None:
    card = await setup.open()
    await setup.send(GazeInput("confirm", 2000, card, setup.at(0.5)))  # before it was shown
    await setup.send(CardShown(card, setup.at(0.5)))
    await setup.send(GazeInput("confirm", 2500, card, setup.at(1.0)))  # 500 ms while shown
    assert await setup.send(SpokenReply("confirm", "voice", setup.at(1.1))) == "gaze_required"
    assert setup.wallet.paid == [] and [p.intent_id for p in setup.wallet.cancelled] == ["pi_1"]


async def test_the_gaze_must_still_be_on_confirm(setup: Setup) -> None:
    card = await setup.open()
    await setup.send(CardShown(card, setup.at(0)))
    await setup.send(GazeInput("confirm", 900, card, setup.at(1)))
    await setup.send(GazeInput("card", 200, card, setup.at(1.2)))
    assert await setup.send(TapInput(card, setup.at(1.3))) == "gaze_required"
    assert setup.wallet.paid == []


async def test_spoken_confirm_must_be_heard(setup: Setup) -> None:
    card = await setup.open()
    await setup.send(CardShown(card, setup.at(0)))
    await setup.send(setup.signed(seconds=0.9))
    await setup.send(GazeInput("confirm", 900, card, setup.at(1)))
    assert await setup.send(SpokenReply("confirm", "unknown", setup.at(1.1))) == "not_wearer_input"
    card = await setup.open()
    await setup.send(CardShown(card, setup.at(2)))
    await setup.send(setup.signed(seconds=2.9))
    await setup.send(GazeInput("confirm", 900, card, setup.at(3)))
    assert await setup.send(SpokenReply("confirm", "typed", setup.at(3.1))) == "voice_required"
    assert setup.wallet.paid == []


async def test_cards_replaced_unshown_or_declined(setup: Setup) -> None:
    earlier = setup.gate.mint(setup.state)
    card = await setup.open()
    assert await setup.send(CardShown(earlier, setup.at(0.1))) is None  # a late ack
    assert await setup.send(CardShown("elsewhere", setup.at(0.2))) == "cancelled"
    assert setup.hooks.dropped == ["replaced"]
    card = await setup.open()
    assert await setup.send(CardShown(card, setup.at(0.3), shown=False)) == "cancelled"
    assert setup.hooks.dropped[-1] == "card_not_shown"
    card = await setup.open()
    setup.wallet.fail_pay = True
    await setup.send(CardShown(card, setup.at(1)))
    await setup.send(setup.signed(seconds=1.9))
    await setup.send(GazeInput("confirm", 900, card, setup.at(2)))
    assert await setup.send(SpokenReply("confirm", "voice", setup.at(2.1))) == "insufficient_funds"
    assert setup.wallet.cancelled[-1].intent_id == "pi_3"
    assert await setup.send(TapInput(card, setup.at(2.2))) == "confirmation_closed"


async def test_time_out_and_look_away_on_the_tick(setup: Setup) -> None:
    card = await setup.open()
    await setup.send(CardShown(card, setup.at(0)))
    assert await setup.gate.tick(setup.state, setup.hooks, setup.at(29.9)) is None
    outcome = await setup.gate.tick(setup.state, setup.hooks, setup.at(30))
    assert outcome is not None and outcome.status == "cancelled"
    assert setup.hooks.dropped == ["timed_out"]
    card = await setup.open()
    await setup.send(CardShown(card, setup.at(31)))
    await setup.send(GazeInput(None, 0, None, setup.at(32)))
    assert await setup.gate.tick(setup.state, setup.hooks, setup.at(34.9)) is None
    await setup.send(GazeInput("confirm", 100, card, setup.at(34.95)))  # back in time
    assert await setup.gate.tick(setup.state, setup.hooks, setup.at(40)) is None
    await setup.send(GazeInput("cancel", 100, card, setup.at(41)))
    assert await setup.send(TapInput(card, setup.at(41.1))) == "cancelled"


async def test_a_payment_needs_the_payment_permission(setup: Setup) -> None:
    with pytest.raises(SightlineError) as caught:
        await setup.gate.open(setup.state, "shopping", frozenset(), PAY, CARD)
    assert caught.value.code == "permission_denied" and setup.wallet.prepared == []
    with pytest.raises(TypeError):
        await setup.gate.handle(setup.state, "confirm", setup.hooks)  # type: ignore[arg-type]


async def test_the_card_always_shows_payee_and_amount(setup: Setup) -> None:
    opened = await setup.gate.open(
        setup.state, "payment", frozenset({Permission.PAYMENT}), PAY, Card(title="Pay?")
    )
    assert opened.card.lines == ("€23.50 to Café Rosa",)
    assert opened.card.actions == ("Confirm", "Cancel") and opened.card.ttl_s == 30


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("confirm", "confirm"),
        ("Yes, confirm the payment.", "confirm"),
        ("approve it please", "confirm"),
        ("cancel", "cancel"),
        ("no, cancel the order", "cancel"),
        ("no", "cancel"),
        ("confirm my flight to Rome", None),
        ("pay this", None),
        ("cancel the route", None),
    ],
)
def test_spoken_replies(text: str, word: str | None) -> None:
    assert spoken_word(text) == word


async def test_a_gaze_must_name_the_card(setup: Setup) -> None:
    card = await setup.open()
    await setup.send(CardShown(card, setup.at(0)))
    await setup.send(GazeInput("confirm", 900, None, setup.at(1)))  # which card? not counted
    assert await setup.gate.tick(setup.state, setup.hooks, setup.at(5)) is None  # not away
    assert await setup.send(TapInput(card, setup.at(5.1))) == "gaze_required"
    assert setup.wallet.paid == []
