"""Settlement: the one transfer of a confirmed intent (session-level step).

The transfer's idempotency key is `intent:<id>` and its `intent_id` is unique, so a second
transfer for an intent cannot be written even if the locking below were wrong. The intent row
is locked first (`FOR NO KEY UPDATE`; SQLite: `BEGIN IMMEDIATE`), so concurrent confirmations
of the same intent queue up and all but the first see it settled.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from sightline.ledger.db import RetryTransaction
from sightline.ledger.errors import InsufficientFunds, LedgerError, LimitExceeded
from sightline.ledger.intents import (
    affordable,
    check_open,
    confirm_locked,
    lock_intent,
    to_view,
)
from sightline.ledger.limits import Limits
from sightline.ledger.models import Account, IntentState, PaymentIntent
from sightline.ledger.postings import lock_accounts, post_transfer
from sightline.ledger.tx import Tx
from sightline.ledger.views import Leg, Settlement


def settle_confirmed(
    tx: Tx, intent_id: str, nonce: str | None, defaults: Mapping[str, Limits]
) -> Settlement:
    """Post the intent's one transfer and mark it settled; `nonce=None` is recovery's call.

    Funds and limits are checked with the wallet locked. If they no longer allow the payment,
    the intent goes back to `created` (commit) and the error is raised after the commit.

    Raises:
        AlreadySettled: Another call settled it first (carries the transfer id).
        LimitExceeded, InsufficientFunds: Declined (the intent is `created` again).
        IntentNotFound, NonceMismatch, IntentCancelled, IntentExpired: By state.
    """
    intent = lock_intent(tx.session, intent_id)
    check_open(tx, intent, nonce)
    if intent.state == IntentState.CREATED and not confirm_locked(tx, intent, defaults):
        return Settlement(to_view(tx.session, intent), 0)
    wallet = tx.session.get(Account, intent.wallet_id)
    payee = tx.session.get(Account, intent.payee_id)
    assert wallet is not None and payee is not None
    names = (wallet.name, payee.name)
    try:
        affordable(tx, intent, defaults, counted=False)  # early, without the wallet lock
    except (LimitExceeded, InsufficientFunds) as exc:
        _decline(tx, intent, exc)
        return Settlement(to_view(tx.session, intent, names=names), 0)
    transfer = post_transfer(
        tx,
        kind="payment",
        idempotency_key=f"intent:{intent.id}",
        intent_id=intent.id,
        legs=[
            Leg(wallet.name, -intent.amount_minor, intent.currency),
            Leg(payee.name, intent.amount_minor, intent.currency),
        ],
        accounts={wallet.name: wallet, payee.name: payee},
        check_funds=False,
    )
    intent.state, intent.settled_at = IntentState.SETTLED, tx.now
    tx.session.flush()
    # The authoritative check: with the wallet locked until commit, the balance and today's
    # total include every committed payment and this one. A payment that committed since the
    # early check can make it fail: then the whole transaction runs again (and declines).
    lock_accounts(tx.session, [wallet.id])
    try:
        affordable(tx, intent, defaults, counted=True)
    except (LimitExceeded, InsufficientFunds) as exc:
        raise RetryTransaction(f"a concurrent payment used the headroom: {exc.code}") from exc
    tx.audit("intent.settled", id=intent.id, transfer=transfer.id)
    tx.fault("intent.settled")
    view = replace(to_view(tx.session, intent, names=names), transfer_id=transfer.id)
    return Settlement(view, transfer.id)


def _decline(tx: Tx, intent: PaymentIntent, error: LedgerError) -> None:
    intent.state, intent.confirmed_at, intent.reason = IntentState.CREATED, None, error.code
    tx.audit("intent.declined", id=intent.id, code=error.code)
    tx.commit_then_raise(error)
