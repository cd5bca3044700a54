"""The wallet as the runtime wires it: opened on first use, and a balance-only view for agents.

The confirmation gate gets the full `WalletProvider` (it alone prepares, pays and cancels);
agents get `WalletBalance` through `ctx.service("wallet", Permission.PAYMENT)`, which cannot
move money.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from sightline.ledger.models import IntentState
from sightline.ledger.money import Money
from sightline.ledger.wallet import (
    PaymentRequest,
    PendingPayment,
    Receipt,
    WalletCapability,
    WalletProvider,
)


class LazyWallet(WalletProvider):
    """A wallet provider opened the first time it is used (opening migrates the ledger).

    Args:
        opener: Builds the real provider (runs in a worker thread, once).
        capabilities: What the real provider will declare.
    """

    name = "lazy"

    def __init__(
        self,
        opener: Callable[[], WalletProvider],
        capabilities: frozenset[WalletCapability] = frozenset(WalletCapability),
    ) -> None:
        self._opener = opener
        self._wallet: WalletProvider | None = None
        self._opening = asyncio.Lock()
        self.capabilities = capabilities

    async def opened(self) -> WalletProvider:
        """The real provider, opening it on the first call."""
        async with self._opening:
            if self._wallet is None:
                self._wallet = await asyncio.to_thread(self._opener)
                self.name = self._wallet.name
            return self._wallet

    async def balance(self, currency: str) -> Money:
        """The spendable balance."""
        return await (await self.opened()).balance(currency)

    async def prepare(self, request: PaymentRequest) -> PendingPayment:
        """Create the payment awaiting confirmation."""
        return await (await self.opened()).prepare(request)

    async def pay(self, payment: PendingPayment) -> Receipt:
        """Pay a confirmed payment exactly once."""
        return await (await self.opened()).pay(payment)

    async def cancel(self, payment: PendingPayment) -> None:
        """Withdraw an unpaid payment."""
        await (await self.opened()).cancel(payment)

    async def status(self, intent_id: str) -> IntentState:
        """The payment's state."""
        return await (await self.opened()).status(intent_id)


def local_wallet(url: str | None, cache_dir: Path) -> LazyWallet:
    """The default wallet: `LocalWallet` on the ledger at `url` (an SQLite file in `cache_dir`
    when None), opened on first use the way `sightline ledger` opens it.
    """

    def opener() -> WalletProvider:
        from sightline.ledger import LocalWallet, default_url, open_ledger

        if url is None:
            cache_dir.mkdir(parents=True, exist_ok=True)
        return LocalWallet(open_ledger(url or default_url(cache_dir)))

    return LazyWallet(opener)


class WalletBalance:
    """What agents may use of the wallet: its balance. Nothing here moves money.

    Args:
        wallet: The provider whose balance is read.
    """

    def __init__(self, wallet: WalletProvider) -> None:
        self._read = wallet.balance

    async def balance(self, currency: str) -> Money:
        """The spendable balance in `currency` (minor units).

        Raises:
            SightlineError: `ledger_unavailable`, `invalid_currency`, …
        """
        return await self._read(currency)
