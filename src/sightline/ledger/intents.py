"""Payment intents: created → confirmed → settled, or cancelled / expired (session-level steps).

`settlement.settle_batch` confirms and pays in one transaction (the wearer's path). `confirm`
records the consent alone, in its own transaction (a connector's path: consent first, then the
provider, then `settle`); a crash after it leaves a `confirmed` intent, which recovery settles
(or declines back to `created` if funds or limits no longer allow), exactly as the interrupted
caller would have.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from sightline.ledger import balances
from sightline.ledger import limits as limits_mod
from sightline.ledger.errors import (
    AlreadySettled,
    IdempotencyConflict,
    IntentCancelled,
    IntentExpired,
    IntentNotFound,
    InvalidRequest,
    NonceMismatch,
)
from sightline.ledger.limits import Limits
from sightline.ledger.models import Account, AccountKind, IntentState, PaymentIntent, Transfer
from sightline.ledger.money import check_amount, check_currency
from sightline.ledger.postings import (
    check_name,
    ensure_account,
    require_account,
)
from sightline.ledger.tx import Tx
from sightline.ledger.views import Intent, IntentTicket


def hash_nonce(nonce: str) -> str:
    """SHA-256 hex of a nonce (nonces carry 144 random bits, so no slow hash is needed)."""
    return hashlib.sha256(nonce.encode("utf-8")).hexdigest()


def _new_nonce() -> tuple[str, str]:
    nonce = secrets.token_urlsafe(18)
    return nonce, hash_nonce(nonce)


def lock_intent(session: Session, intent_id: str) -> PaymentIntent:
    """The intent, locked FOR UPDATE (SQLite: already the only writer).

    Raises:
        IntentNotFound: No such intent.
    """
    intent = session.execute(
        select(PaymentIntent).where(PaymentIntent.id == intent_id).with_for_update(key_share=True),
        execution_options={"populate_existing": True},
    ).scalar_one_or_none()
    if intent is None:
        raise IntentNotFound(f"no payment intent {intent_id!r}")
    return intent


def transfer_id_of(session: Session, intent_id: str) -> int | None:
    """The id of the intent's transfer, None if it has none."""
    return session.execute(
        select(Transfer.id).where(Transfer.intent_id == intent_id)
    ).scalar_one_or_none()


def to_view(
    session: Session, row: PaymentIntent, *, names: tuple[str, str] | None = None
) -> Intent:
    """The public record of an intent row (`names`: wallet and payee names, if known)."""
    if names is None:
        wallet = session.get(Account, row.wallet_id)
        payee = session.get(Account, row.payee_id)
        assert wallet is not None and payee is not None
        names = (wallet.name, payee.name)
    settled = row.state == IntentState.SETTLED
    return intent_view(row, *names, transfer_id_of(session, row.id) if settled else None)


def intent_view(row: PaymentIntent, wallet: str, payee: str, transfer_id: int | None) -> Intent:
    """The public record of an intent row whose account names and transfer are known."""
    return Intent(
        id=row.id,
        idempotency_key=row.idempotency_key,
        wallet=wallet,
        payee=payee,
        amount_minor=row.amount_minor,
        currency=row.currency,
        state=IntentState(row.state),
        created_at=row.created_at,
        expires_at=row.expires_at,
        confirmed_at=row.confirmed_at,
        settled_at=row.settled_at,
        closed_at=row.closed_at,
        reason=row.reason,
        memo=row.memo,
        transfer_id=transfer_id,
    )


def create(
    tx: Tx,
    *,
    wallet: str,
    payee: str,
    amount_minor: int,
    currency: str,
    idempotency_key: str,
    ttl: timedelta,
    memo: str | None,
    defaults: Mapping[str, Limits],
) -> IntentTicket:
    """Create an intent, or replay the one `idempotency_key` already names.

    Raises:
        IdempotencyConflict: The key names an intent with other parameters.
        LimitExceeded: Over the per-payment limit.
        AccountNotFound, InvalidAccount, InvalidAmount, InvalidCurrency: Bad arguments.
    """
    check_amount(amount_minor)
    check_currency(currency)
    check_name(idempotency_key, "idempotency key")
    if memo is not None and len(memo) > 200:
        raise InvalidRequest("memo is longer than 200 characters")
    session = tx.session
    existing = session.execute(
        select(PaymentIntent)
        .where(PaymentIntent.idempotency_key == idempotency_key)
        .with_for_update(key_share=True),
        execution_options={"populate_existing": True},
    ).scalar_one_or_none()
    if existing is not None:
        view = to_view(session, existing)
        if (view.wallet, view.payee, view.amount_minor, view.currency) != (
            wallet,
            payee,
            amount_minor,
            currency,
        ):
            raise IdempotencyConflict(f"idempotency key {idempotency_key!r} names another payment")
        if existing.state != IntentState.CREATED:
            return IntentTicket(view, None, replayed=True)
        nonce, existing.nonce_hash = _new_nonce()
        tx.audit("intent.nonce_reissued", id=existing.id)
        return IntentTicket(view, nonce, replayed=True)
    wallet_row = require_account(session, wallet, AccountKind.WALLET)
    payee_row = ensure_account(tx, check_name(payee, "payee"), AccountKind.PAYEE)
    limits_mod.enforce(
        session,
        wallet_id=wallet_row.id,
        currency=currency,
        amount_minor=amount_minor,
        defaults=defaults,
    )
    nonce, nonce_hash = _new_nonce()
    row = PaymentIntent(
        id="pi_" + secrets.token_hex(12),
        idempotency_key=idempotency_key,
        wallet_id=wallet_row.id,
        payee_id=payee_row.id,
        amount_minor=amount_minor,
        currency=currency,
        state=IntentState.CREATED,
        nonce_hash=nonce_hash,
        memo=memo,
        created_at=tx.now,
        expires_at=tx.now + ttl,
    )
    session.add(row)
    session.flush()
    tx.audit(
        "intent.created",
        id=row.id,
        key=idempotency_key,
        wallet=wallet,
        payee=payee,
        amount_minor=amount_minor,
        currency=currency,
        expires_at=row.expires_at.isoformat(),
    )
    tx.fault("intent.created")
    return IntentTicket(to_view(session, row, names=(wallet, payee)), nonce)


def check_open(tx: Tx, intent: PaymentIntent, nonce: str | None) -> None:
    """Check the nonce (unless None), then refuse settled, cancelled and expired intents.

    Raises:
        NonceMismatch, AlreadySettled, IntentCancelled, IntentExpired: As the case may be.
    """
    if nonce is not None and not hmac.compare_digest(hash_nonce(nonce), intent.nonce_hash):
        raise NonceMismatch(f"wrong nonce for payment intent {intent.id}")
    if intent.state == IntentState.SETTLED:
        transfer_id = transfer_id_of(tx.session, intent.id)
        raise AlreadySettled(f"payment intent {intent.id} is already settled", transfer_id or 0)
    if intent.state == IntentState.CANCELLED:
        raise IntentCancelled(f"payment intent {intent.id} was cancelled")
    if intent.state == IntentState.EXPIRED:
        raise IntentExpired(f"payment intent {intent.id} expired at {intent.expires_at}")


def confirm_locked(tx: Tx, intent: PaymentIntent, defaults: Mapping[str, Limits]) -> bool:
    """Move a locked intent created → confirmed; False if it expired instead (error deferred).

    Raises:
        LimitExceeded, InsufficientFunds: The early checks failed (nothing changes).
    """
    if tx.now >= intent.expires_at:
        close(tx, intent, IntentState.EXPIRED, "expired")
        tx.commit_then_raise(IntentExpired(f"payment intent {intent.id} expired"))
        return False
    affordable(tx, intent, defaults)
    intent.state, intent.confirmed_at, intent.reason = IntentState.CONFIRMED, tx.now, None
    tx.audit("intent.confirmed", id=intent.id)
    return True


def confirm(tx: Tx, intent_id: str, nonce: str, defaults: Mapping[str, Limits]) -> PaymentIntent:
    """Record the wearer's confirmation (idempotent while `confirmed`).

    Raises:
        IntentNotFound, NonceMismatch, AlreadySettled, IntentCancelled, IntentExpired: By state.
        LimitExceeded, InsufficientFunds: An early check (settlement checks again, locked).
    """
    intent = lock_intent(tx.session, intent_id)
    check_open(tx, intent, nonce)
    if intent.state == IntentState.CREATED and confirm_locked(tx, intent, defaults):
        tx.fault("intent.confirmed")
    return intent


def affordable(tx: Tx, intent: PaymentIntent, defaults: Mapping[str, Limits]) -> None:
    """The early check of a confirmation: limits and funds, on the wallet's row unlocked.

    Raises:
        LimitExceeded, InsufficientFunds: It does not fit (settlement checks again, locked).
    """
    key = (intent.wallet_id, intent.currency)
    limits = limits_mod.limits_for(tx.session, *key, defaults)
    balances.read(tx.session, key).check(intent.amount_minor, limits, balances.day_of(tx.now))


def close(tx: Tx, intent: PaymentIntent, state: IntentState, reason: str) -> None:
    """Move the intent to a final state (cancelled or expired), audited."""
    intent.state, intent.closed_at, intent.reason = state, tx.now, reason
    tx.audit(f"intent.{state}", id=intent.id, reason=reason)


def cancel(tx: Tx, intent_id: str, reason: str) -> PaymentIntent:
    """created/confirmed → cancelled (idempotent once cancelled).

    Raises:
        IntentNotFound, AlreadySettled, IntentExpired: By state.
    """
    intent = lock_intent(tx.session, intent_id)
    if intent.state in (IntentState.CREATED, IntentState.CONFIRMED):
        close(tx, intent, IntentState.CANCELLED, reason[:64])
    elif intent.state != IntentState.CANCELLED:
        check_open(tx, intent, None)
    return intent


def expire_due(tx: Tx) -> list[str]:
    """Mark every `created` intent past its expiry `expired`; returns their ids."""
    rows = (
        tx.session.execute(
            select(PaymentIntent)
            .where(PaymentIntent.state == IntentState.CREATED, PaymentIntent.expires_at <= tx.now)
            .order_by(PaymentIntent.id)
            .with_for_update(key_share=True),
            execution_options={"populate_existing": True},
        )
        .scalars()
        .all()
    )
    for row in rows:
        close(tx, row, IntentState.EXPIRED, "expired")
    return [row.id for row in rows]
