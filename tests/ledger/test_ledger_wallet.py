"""`WalletProvider`: the local wallet over the ledger, and capability checks."""

from __future__ import annotations

from datetime import timedelta

import pytest

from sightline.ledger import WEARER_WALLET, IntentState, Ledger, Money
from sightline.ledger.errors import CapabilityMissing, InsufficientFunds
from sightline.ledger.wallet import (
    LocalWallet,
    PaymentRequest,
    PendingPayment,
    Receipt,
    WalletCapability,
    WalletProvider,
)


async def test_local_wallet_pays_once(ledger: Ledger) -> None:
    ledger.fund(WEARER_WALLET, 5_000, "SGD", "funding")
    wallet = LocalWallet(ledger)
    assert wallet.supports(WalletCapability.IDEMPOTENT_PAY) and wallet.name == "local"
    assert await wallet.balance("SGD") == Money(5_000, "SGD")
    request = PaymentRequest("payee:hawker-12", Money(680, "SGD"), "qr-scan-1", memo="laksa")
    pending = await wallet.prepare(request)
    assert pending.nonce and pending.amount == Money(680, "SGD")
    receipt = await wallet.pay(pending)
    assert receipt.reference.startswith("transfer:") and not receipt.replayed
    retried = await wallet.pay(pending)
    assert retried.replayed and retried.reference == receipt.reference
    assert await wallet.status(pending.intent_id) == IntentState.SETTLED
    assert await wallet.balance("SGD") == Money(4_320, "SGD")


async def test_local_wallet_cancel_and_errors(ledger: Ledger) -> None:
    wallet = LocalWallet(ledger)
    pending = await wallet.prepare(
        PaymentRequest("payee:x", Money(100, "EUR"), "k", ttl=timedelta(minutes=1))
    )
    with pytest.raises(InsufficientFunds):
        await wallet.pay(pending)
    await wallet.cancel(pending)
    assert await wallet.status(pending.intent_id) == IntentState.CANCELLED


class BalanceOnly(WalletProvider):
    """What a read-only connector would declare."""

    name = "balance_only"
    capabilities = frozenset({WalletCapability.BALANCE})

    async def balance(self, currency: str) -> Money:
        return Money(0, currency)

    async def prepare(self, request: PaymentRequest) -> PendingPayment:
        self.require(WalletCapability.PAY)
        raise AssertionError("unreachable")

    async def pay(self, payment: PendingPayment) -> Receipt:
        self.require(WalletCapability.PAY)
        raise AssertionError("unreachable")


async def test_a_provider_refuses_what_it_does_not_declare() -> None:
    provider = BalanceOnly()
    assert await provider.balance("EUR") == Money(0, "EUR")
    with pytest.raises(CapabilityMissing) as caught:
        await provider.prepare(PaymentRequest("payee:x", Money(1, "EUR"), "k"))
    assert caught.value.code == "capability_missing"
    with pytest.raises(CapabilityMissing):
        await provider.status("pi_x")
    with pytest.raises(CapabilityMissing):
        await provider.cancel(
            PendingPayment("pi_x", "payee:x", Money(1, "EUR"), None, None)  # type: ignore[arg-type]
        )
