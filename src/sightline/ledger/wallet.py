"""`WalletProvider`: the narrow async interface the payment agent pays through.

`LocalWallet` (the embedded ledger) is the default. A real connector (Alipay+, Stripe, a bank's
API) implements the same methods and declares what it can do in `capabilities`; see
`docs/payments.md`. No real money moves in this package.
"""

from __future__ import annotations

import asyncio
from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sightline.ledger.errors import AlreadySettled, CapabilityMissing
from sightline.ledger.ledger import Ledger
from sightline.ledger.models import IntentState
from sightline.ledger.money import Money
from sightline.ledger.views import WEARER_WALLET


class WalletCapability(StrEnum):
    """What a provider can do; callers check before offering a feature."""

    BALANCE = "balance"
    """`balance()` answers."""
    PAY = "pay"
    """`prepare()` and `pay()` move money."""
    CANCEL = "cancel"
    """`cancel()` withdraws an unpaid intent."""
    STATUS = "status"
    """`status()` reports an intent's state."""
    OFFLINE = "offline"
    """Works without a network connection (the local ledger)."""
    IDEMPOTENT_PAY = "idempotent_pay"
    """Retrying `pay()` with the same payment never pays twice."""


@dataclass(frozen=True, slots=True)
class PaymentRequest:
    """What the agent wants to pay.

    Attributes:
        payee: The provider's name for the payee (e.g. `payee:<merchant id>` from an EMV QR).
        amount: Positive amount in minor units.
        idempotency_key: The caller's key: the same key never creates two payments.
        memo: Shown to the wearer, kept with the payment.
        ttl: How long the wearer has to confirm (None: the provider's default).
    """

    payee: str
    amount: Money
    idempotency_key: str
    memo: str | None = None
    ttl: timedelta | None = None


@dataclass(frozen=True, slots=True)
class PendingPayment:
    """A prepared payment waiting for the wearer's confirmation.

    Attributes:
        intent_id: The provider's id of the payment.
        payee: As requested.
        amount: As requested.
        expires_at: Confirm before this.
        nonce: Secret binding the confirmation to this payment (None on a provider without).
    """

    intent_id: str
    payee: str
    amount: Money
    expires_at: datetime
    nonce: str | None


@dataclass(frozen=True, slots=True)
class Receipt:
    """A completed payment.

    Attributes:
        intent_id: The payment's id.
        reference: The provider's transaction reference (local: `transfer:<id>`).
        payee: Who was paid.
        amount: How much.
        replayed: True when this call found the payment already made (a retry).
    """

    intent_id: str
    reference: str
    payee: str
    amount: Money
    replayed: bool = False


class WalletProvider(ABC):
    """Where payments go. Implementations must make `pay` idempotent per payment.

    Attributes:
        name: Short identifier, e.g. `local`, `alipay_plus`, `stripe`.
        capabilities: What this provider supports.
    """

    name: str = "abstract"
    capabilities: frozenset[WalletCapability] = frozenset()

    def supports(self, capability: WalletCapability) -> bool:
        """Whether the provider declares `capability`."""
        return capability in self.capabilities

    def require(self, capability: WalletCapability) -> None:
        """Raise `capability_missing` unless the provider declares `capability`."""
        if capability not in self.capabilities:
            raise CapabilityMissing(f"wallet provider {self.name!r} cannot {capability}")

    @abstractmethod
    async def balance(self, currency: str) -> Money:
        """The spendable balance in `currency`."""

    @abstractmethod
    async def prepare(self, request: PaymentRequest) -> PendingPayment:
        """Create (or, for the same idempotency key, find) a payment awaiting confirmation.

        Raises:
            SightlineError: e.g. `limit_exceeded`, `idempotency_conflict`, `invalid_amount`.
        """

    @abstractmethod
    async def pay(self, payment: PendingPayment) -> Receipt:
        """Pay a confirmed payment exactly once; a retry returns the same receipt.

        Raises:
            SightlineError: e.g. `insufficient_funds`, `limit_exceeded`, `intent_expired`,
                `nonce_mismatch`, `intent_cancelled`.
        """

    async def cancel(self, payment: PendingPayment) -> None:
        """Withdraw an unpaid payment (needs `CANCEL`)."""
        self.require(WalletCapability.CANCEL)

    async def status(self, intent_id: str) -> IntentState:
        """The payment's state (needs `STATUS`)."""
        self.require(WalletCapability.STATUS)
        raise NotImplementedError


class LocalWallet(WalletProvider):
    """The embedded ledger as a wallet provider (the default).

    Args:
        ledger: An open ledger.
        wallet: The paying wallet's account name.
    """

    name = "local"
    capabilities = frozenset(WalletCapability)

    def __init__(self, ledger: Ledger, wallet: str = WEARER_WALLET) -> None:
        self.ledger = ledger
        self.wallet = wallet

    async def balance(self, currency: str) -> Money:
        """The wallet's balance, derived from its postings."""
        amount = await asyncio.to_thread(self.ledger.balance, self.wallet, currency)
        return Money(amount, currency)

    async def prepare(self, request: PaymentRequest) -> PendingPayment:
        """Create the payment intent (a replay returns it with a fresh nonce)."""
        ticket = await asyncio.to_thread(
            lambda: self.ledger.create_intent(
                request.payee,
                request.amount.amount_minor,
                request.amount.currency,
                request.idempotency_key,
                wallet=self.wallet,
                ttl=request.ttl,
                memo=request.memo,
            )
        )
        intent = ticket.intent
        return PendingPayment(
            intent.id,
            intent.payee,
            Money(intent.amount_minor, intent.currency),
            intent.expires_at,
            ticket.nonce,
        )

    async def pay(self, payment: PendingPayment) -> Receipt:
        """Settle the intent; `already_settled` becomes the original receipt (`replayed`)."""
        if payment.nonce is None:
            raise CapabilityMissing("the local wallet needs the payment's nonce to pay")
        nonce = payment.nonce
        try:
            settlement = await asyncio.to_thread(self.ledger.settle, payment.intent_id, nonce)
        except AlreadySettled as done:
            return Receipt(
                payment.intent_id,
                f"transfer:{done.transfer_id}",
                payment.payee,
                payment.amount,
                True,
            )
        return Receipt(
            payment.intent_id, f"transfer:{settlement.transfer_id}", payment.payee, payment.amount
        )

    async def cancel(self, payment: PendingPayment) -> None:
        """Cancel the intent (idempotent)."""
        await asyncio.to_thread(self.ledger.cancel, payment.intent_id)

    async def status(self, intent_id: str) -> IntentState:
        """The intent's state."""
        intent = await asyncio.to_thread(self.ledger.get_intent, intent_id)
        return intent.state
