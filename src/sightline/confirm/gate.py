"""The confirmation gate: the one path from a pending confirmation to money moved or an order
placed, and only on the wearer's device input.

The gate owns the wallet provider: it creates the payment intent when a card is opened, keeps
the prepared payment (with the ledger's one-time nonce) in the wearer's `ConfirmState`, and is
the only caller of `WalletProvider.pay`. Agents complete orders and bookings in `on_confirmed`,
which only the gate calls (through the runner's `ConfirmHooks`).
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Final

from sightline.cards.model import Card
from sightline.confirm.cards import bind_card, refused_reply
from sightline.confirm.completion import ConfirmHooks, Outcome, cancel, cancel_payment, complete
from sightline.confirm.events import DeviceEvent, SpokenReply
from sightline.confirm.rules import JUDGES, Action, Rules, Verdict, judge_time
from sightline.confirm.state import ConfirmState, GazeTrack, PendingConfirmation
from sightline.errors import SightlineError
from sightline.payments.money import to_minor
from sightline.sdk import ConfirmRequest, Permission, PermissionDenied

if TYPE_CHECKING:
    from sightline.ledger.wallet import PendingPayment, WalletProvider

Clock = Callable[[], datetime]
log = logging.getLogger(__name__)
LEDGER_GRACE: Final = timedelta(seconds=10)
"""The ledger intent outlives the card by this much; the gate cancels it explicitly."""
MAX_KEYS: Final = 8


def utc_now() -> datetime:
    """The current time, aware UTC."""
    return datetime.now(UTC)


@dataclass(frozen=True)
class Opened:
    """A confirmation now pending: its record and the card bound to it."""

    pending: PendingConfirmation
    card: Card


class ConfirmationGate:
    """Decides pending confirmations from device input, and completes or cancels them.

    Args:
        wallet: The wallet provider payments go through; None when none is set up.
        clock: The current time, aware (tests inject one).
        rules: Dwell, window and look-away thresholds.
    """

    def __init__(
        self,
        wallet: WalletProvider | None = None,
        *,
        clock: Clock = utc_now,
        rules: Rules | None = None,
    ) -> None:
        self._wallet = wallet
        self.clock = clock
        self.rules = rules or Rules()

    def mint(self, state: ConfirmState) -> str:
        """A fresh, unguessable card id, remembered as this session's."""
        card_id = secrets.token_urlsafe(16)
        state.cards.append(card_id)
        return card_id

    async def open(
        self,
        state: ConfirmState,
        agent: str,
        permissions: frozenset[Permission],
        request: ConfirmRequest,
        card: Card,
    ) -> Opened:
        """Make `request` the pending confirmation (any earlier one must be withdrawn first).

        A wallet payment's intent is created here, through the wallet provider.

        Raises:
            SightlineError: `permission_denied` (a wallet payment from an agent without the
                payment permission), `wallet_unavailable`, `already_paid`, or the wallet's own
                (`limit_exceeded`, `invalid_amount`, `ledger_unavailable`, …).
        """
        payment = None
        if request.wallet_payee is not None:
            if Permission.PAYMENT not in permissions:
                raise PermissionDenied(agent, Permission.PAYMENT)
            payment = await self._prepare(request)
        async with state.lock:
            now = self.clock()
            stale = state.take("replaced")
            if stale is not None:
                await cancel_payment(self._wallet, stale.payment)
            pending = PendingConfirmation(
                self.mint(state), agent, request, now, now + self.rules.window, payment
            )
            pending.modalities = self.rules.modalities()
            state.pending, state.gaze = pending, GazeTrack()
        return Opened(pending, bind_card(card, request, self.rules.window.total_seconds()))

    async def handle(
        self, state: ConfirmState, event: DeviceEvent | SpokenReply, hooks: ConfirmHooks
    ) -> Outcome | None:
        """Apply one device event (or spoken reply); an Outcome when it decided something."""
        judge = JUDGES.get(type(event))
        if judge is None:
            raise TypeError(f"not a device event: {type(event).__name__}")
        async with state.lock:
            return await self._apply(state, judge(state, event, self.rules, self.clock()), hooks)

    async def tick(
        self, state: ConfirmState, hooks: ConfirmHooks, now: datetime | None = None
    ) -> Outcome | None:
        """Cancel the pending confirmation if it timed out or the gaze left it too long."""
        async with state.lock:
            verdict = judge_time(state, self.rules, now or self.clock())
            return await self._apply(state, verdict, hooks)

    async def withdraw(self, state: ConfirmState, reason: str, hooks: ConfirmHooks) -> None:
        """Cancel the pending confirmation because another card replaces it."""
        async with state.lock:
            if state.pending is not None:
                await self._apply(state, Verdict(Action.CANCEL, reason), hooks)

    async def _apply(
        self, state: ConfirmState, verdict: Verdict, hooks: ConfirmHooks
    ) -> Outcome | None:
        wallet = self._wallet
        if verdict.action is Action.RECORD:
            return None
        if verdict.action is Action.AUTHORISE:
            pending = state.take("authorising")
            assert pending is not None
            outcome = await complete(pending, wallet, hooks)
            state.reclose(pending.card_id, outcome.status)
            return outcome
        pending = state.take(verdict.code)
        if verdict.action is Action.CANCEL:
            return None if pending is None else await cancel(pending, verdict.code, wallet, hooks)
        if pending is not None:
            await cancel(pending, "refused", wallet, hooks)
        agent = pending.agent if pending is not None else "confirm"
        kind = pending.request.kind if pending is not None else state.last_kind()
        reply = refused_reply(verdict.code, kind)
        card_id = pending.card_id if pending is not None else None
        return Outcome(agent, "refused", reply, card_id, reply.data["error"])

    async def _prepare(self, request: ConfirmRequest) -> PendingPayment:
        from sightline.ledger.models import IntentState
        from sightline.ledger.money import Money
        from sightline.ledger.wallet import PaymentRequest, WalletCapability

        wallet = self._wallet
        if wallet is None:
            raise SightlineError("wallet_unavailable", "no wallet is set up for payments")
        assert request.wallet_payee is not None
        amount = Money(to_minor(request.amount, request.currency), request.currency)
        ttl = self.rules.window + LEDGER_GRACE
        for attempt in range(MAX_KEYS):
            key = request.ref if attempt == 0 else f"{request.ref}#{attempt}"
            prepared = await wallet.prepare(
                PaymentRequest(request.wallet_payee, amount, key, request.memo, ttl)
            )
            if prepared.nonce is not None or not wallet.supports(WalletCapability.STATUS):
                return prepared
            if await wallet.status(prepared.intent_id) in (
                IntentState.SETTLED,
                IntentState.CONFIRMED,
            ):
                raise SightlineError("already_paid", "this was paid already")
        raise SightlineError("already_paid", "this code was used for too many payments")
