"""What the gate does once an event decided: pay and complete, or cancel, through the agent.

`complete` is the only caller of `WalletProvider.pay` in Sightline; it is reached only from
`ConfirmationGate` after the rules authorised the wearer's device input.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, Protocol

from sightline.confirm.cards import failed_reply, paid_fallback, with_status
from sightline.confirm.state import PendingConfirmation
from sightline.errors import SightlineError
from sightline.sdk import ConfirmRequest, Reply

if TYPE_CHECKING:
    from sightline.ledger.wallet import PendingPayment, WalletProvider

log = logging.getLogger(__name__)
DECLINES: Final = {
    "insufficient_funds": "Declined: not enough money in the wallet.",
    "limit_exceeded": "Declined: over your payment limit.",
    "intent_expired": "The payment timed out.",
    "intent_cancelled": "The payment was cancelled.",
}


class ConfirmHooks(Protocol):
    """How the gate reaches the agent that asked (the turn runner provides this)."""

    async def confirmed(self, agent: str, request: ConfirmRequest, reference: str | None) -> Reply:
        """Call the agent's `on_confirmed`."""
        ...

    async def cancelled(self, agent: str, request: ConfirmRequest, reason: str) -> Reply:
        """Call the agent's `on_cancelled`."""
        ...


@dataclass(frozen=True)
class Outcome:
    """What the gate decided and the card to show for it.

    Attributes:
        agent: The agent whose confirmation it was ("confirm" when there was none).
        status: `confirmed`, `failed`, `cancelled` or `refused`.
        reply: The card and speech.
        card_id: The confirmation card it closed, if any.
        error: The stable code and message, when refused or failed.
    """

    agent: str
    status: str
    reply: Reply
    card_id: str | None = None
    error: dict[str, str] | None = None


def _error_of(reply: Reply) -> dict[str, str] | None:
    error = reply.data.get("error")
    if isinstance(error, dict):
        return {"code": str(error.get("code")), "message": str(error.get("message"))}
    if isinstance(error, str):
        return {"code": error, "message": reply.card.lines[0] if reply.card.lines else error}
    return None


async def cancel_payment(wallet: WalletProvider | None, payment: PendingPayment | None) -> None:
    """Withdraw a prepared payment (best effort: an unconfirmed intent also expires)."""
    if wallet is None or payment is None:
        return
    try:
        await wallet.cancel(payment)
    except SightlineError as exc:
        log.warning("cancelling payment %s: %s", payment.intent_id, exc)


async def complete(
    pending: PendingConfirmation, wallet: WalletProvider | None, hooks: ConfirmHooks
) -> Outcome:
    """Settle the wallet payment (if any), then let the agent complete and word it."""
    request = pending.request
    reference: str | None = None
    if pending.payment is not None:
        if wallet is None:
            reply = failed_reply(request, "wallet_unavailable", "No wallet is set up.")
            return Outcome(pending.agent, "failed", reply, pending.card_id, _error_of(reply))
        try:
            receipt = await wallet.pay(pending.payment)
        except SightlineError as exc:
            await cancel_payment(wallet, pending.payment)
            reply = failed_reply(request, exc.code, DECLINES.get(exc.code, exc.message))
            return Outcome(pending.agent, "failed", reply, pending.card_id, _error_of(reply))
        reference = receipt.reference
    try:
        reply = await hooks.confirmed(pending.agent, request, reference)
    except Exception as exc:
        log.exception("completing %s for %s failed", request.kind, pending.agent)
        if reference is None:
            code = exc.code if isinstance(exc, SightlineError) else "agent_failed"
            reply = failed_reply(request, code, f"The {pending.agent} service failed.")
            return Outcome(pending.agent, "failed", reply, pending.card_id, _error_of(reply))
        reply = paid_fallback(request, reference)
    error = _error_of(reply)
    status = "failed" if error else "confirmed"
    reason = error["code"] if error else "authorised"
    reply = with_status(reply, request, status, reason, reference)
    return Outcome(pending.agent, status, reply, pending.card_id, error)


async def cancel(
    pending: PendingConfirmation, reason: str, wallet: WalletProvider | None, hooks: ConfirmHooks
) -> Outcome:
    """Withdraw the payment intent (if any) and let the agent drop its pending state."""
    await cancel_payment(wallet, pending.payment)
    request = pending.request
    try:
        reply = await hooks.cancelled(pending.agent, request, reason)
    except Exception:
        log.exception("cancelling %s for %s failed", request.kind, pending.agent)
        reply = Reply.simple("Cancelled", "Nothing was done.", speech="Cancelled.")
    return Outcome(
        pending.agent,
        "cancelled",
        with_status(reply, request, "cancelled", reason),
        pending.card_id,
    )
