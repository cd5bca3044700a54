"""Settlement: confirm and pay intents in one transaction each batch (session-level step).

`settle_batch` takes one or more `(intent, nonce)` requests (the batcher groups concurrent
calls of one process) and, in the caller's single transaction: locks the intents in id order
(`FOR NO KEY UPDATE`; SQLite: `BEGIN IMMEDIATE`), checks each nonce and state, locks the
wallets' running balances in key order, checks limits and funds on them, and writes every
decided change: created → settled (the nonce is consumed with the payment: the state
transition and the transfer commit together), the transfers and postings, the balances and the
audit events. Each request's outcome is a `Settlement` or the `LedgerError` for it; a request
that fails changes nothing, except an expired intent (closed) or a confirmed one that no longer
fits (declined back to `created`), whose changes commit with the batch.

A replay (the same intent again, in this batch or later, from this process or another) finds
the intent settled and gets `AlreadySettled` with the first transfer's id. The transfer's
`intent_id` is unique and its idempotency key is `intent:<id>`: a second transfer for an
intent cannot be written even if the locking were wrong.
"""

from __future__ import annotations

import hmac
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session, aliased

from sightline.ledger import balances
from sightline.ledger.errors import (
    AlreadySettled,
    IntentCancelled,
    IntentExpired,
    IntentNotFound,
    LedgerError,
    NonceMismatch,
)
from sightline.ledger.intents import hash_nonce, intent_view
from sightline.ledger.limits import Limits
from sightline.ledger.models import Account, Base, IntentState, PaymentIntent, Posting, Transfer
from sightline.ledger.tx import Tx
from sightline.ledger.views import Intent, Settlement

Outcome = Settlement | LedgerError


@dataclass(frozen=True, slots=True)
class SettleRequest:
    """One call of `settle`: the intent and the nonce presented (None: recovery's call)."""

    intent_id: str
    nonce: str | None


@dataclass(slots=True)
class _Row:
    """A locked intent, changed in memory and written back at the end of the batch."""

    row: PaymentIntent
    wallet: str
    payee: str
    transfer_id: int | None
    dirty: bool = False
    paying: bool = False


def _lock_intents(tx: Tx, ids: Sequence[str]) -> dict[str, _Row]:
    """Lock the intents in id order; each comes back as a detached row (Core, no session)."""
    wallet, payee = aliased(Account), aliased(Account)
    table = Base.metadata.tables["payment_intents"]
    rows = tx.session.execute(
        select(
            table,
            wallet.name.label("wallet_name"),
            payee.name.label("payee_name"),
            Transfer.id.label("transfer_id"),
        )
        .join(wallet, wallet.id == table.c.wallet_id)
        .join(payee, payee.id == table.c.payee_id)
        .outerjoin(Transfer, Transfer.intent_id == table.c.id)
        .where(table.c.id.in_(sorted(set(ids))))
        .order_by(table.c.id)
        .with_for_update(of=table, key_share=True)
    )
    items = {}
    for row in rows:
        values = row._mapping
        fields = {column.name: values[column.name] for column in table.c}
        items[row.id] = _Row(
            PaymentIntent(**fields),
            values["wallet_name"],
            values["payee_name"],
            values["transfer_id"],
        )
    # A row that another transaction settled while this one waited for its lock is re-read
    # (READ COMMITTED), but the joined transfer comes from the statement's older snapshot.
    late = [
        i.row.id for i in items.values() if i.row.state == IntentState.SETTLED and not i.transfer_id
    ]
    if late:
        found = tx.session.execute(
            select(Transfer.intent_id, Transfer.id).where(Transfer.intent_id.in_(late))
        )
        for intent_id, transfer_id in found:
            items[str(intent_id)].transfer_id = transfer_id
    return items


def _view(item: _Row) -> Intent:
    settled = item.row.state == IntentState.SETTLED
    return intent_view(item.row, item.wallet, item.payee, item.transfer_id if settled else None)


def _decide(
    tx: Tx,
    item: _Row,
    nonce: str | None,
    wallets: dict[balances.Key, balances.WalletState],
    limits: Mapping[balances.Key, Limits],
) -> LedgerError | None:
    """Decide one request against the locked state; None: it pays (state changed in memory)."""
    row = item.row
    if nonce is not None and not hmac.compare_digest(hash_nonce(nonce), row.nonce_hash):
        return NonceMismatch(f"wrong nonce for payment intent {row.id}")
    if row.state == IntentState.SETTLED:
        return None  # resolved to AlreadySettled once the transfer id is known
    if row.state == IntentState.CANCELLED:
        return IntentCancelled(f"payment intent {row.id} was cancelled")
    if row.state == IntentState.EXPIRED:
        return IntentExpired(f"payment intent {row.id} expired at {row.expires_at}")
    if row.state == IntentState.CREATED and tx.now >= row.expires_at:
        row.state, row.closed_at, row.reason, item.dirty = (
            IntentState.EXPIRED,
            tx.now,
            "expired",
            True,
        )
        tx.audit("intent.expired", id=row.id, reason="expired")
        return IntentExpired(f"payment intent {row.id} expired")
    key = (row.wallet_id, row.currency)
    day = balances.day_of(tx.now)
    try:
        wallets[key].check(row.amount_minor, limits[key], day)
    except LedgerError as exc:
        if row.state == IntentState.CONFIRMED:  # consent given earlier: decline it, audited
            row.state, row.confirmed_at, row.reason = IntentState.CREATED, None, exc.code
            item.dirty = True
            tx.audit("intent.declined", id=row.id, code=exc.code)
        return exc
    if row.state == IntentState.CREATED:
        row.confirmed_at = tx.now
        tx.audit("intent.confirmed", id=row.id)
        tx.fault("intent.confirmed")
    wallets[key].debit(row.amount_minor, day)
    row.state, row.settled_at, row.reason = IntentState.SETTLED, tx.now, None
    item.dirty = item.paying = True
    return None


def settle_batch(
    tx: Tx, requests: Sequence[SettleRequest], defaults: Mapping[str, Limits]
) -> list[Outcome]:
    """Confirm and settle each request in this one transaction; one outcome per request."""
    items = _lock_intents(tx, [r.intent_id for r in requests])
    open_keys = [
        (i.row.wallet_id, i.row.currency)
        for i in items.values()
        if i.row.state in (IntentState.CREATED, IntentState.CONFIRMED)
    ]
    wallets = balances.lock(tx.session, open_keys)
    limits = balances.limits_of(tx.session, open_keys, defaults)
    decided: list[tuple[SettleRequest, _Row | None, LedgerError | None, bool]] = []
    for request in requests:
        item = items.get(request.intent_id)
        if item is None:
            missing = IntentNotFound(f"no payment intent {request.intent_id!r}")
            decided.append((request, None, missing, False))
            continue
        was_settled = item.row.state == IntentState.SETTLED
        decided.append(
            (request, item, _decide(tx, item, request.nonce, wallets, limits), was_settled)
        )
    paying = [i for i in items.values() if i.paying]
    _write(tx, paying, [i for i in items.values() if i.dirty])
    balances.save(tx.session, (w for w in wallets.values() if w.stored))
    for item in paying:
        tx.audit("intent.settled", id=item.row.id, transfer=item.transfer_id)
        tx.fault("intent.settled")
    outcomes: list[Outcome] = []
    first: set[str] = set()
    for request, item, error, was_settled in decided:
        if error is not None or item is None:
            assert error is not None
            outcomes.append(error)
        elif was_settled or request.intent_id in first:
            message = f"payment intent {request.intent_id} is already settled"
            outcomes.append(AlreadySettled(message, item.transfer_id or 0))
        else:
            first.add(request.intent_id)
            outcomes.append(Settlement(_view(item), item.transfer_id or 0))
    return outcomes


def _write(tx: Tx, paying: list[_Row], dirty: list[_Row]) -> None:
    """Insert the transfers and postings of `paying`, then write every changed intent."""
    session = tx.session
    if paying:
        ids = session.scalars(
            insert(Transfer).returning(Transfer.id, sort_by_parameter_order=True),
            [
                {
                    "kind": "payment",
                    "idempotency_key": f"intent:{i.row.id}",
                    "intent_id": i.row.id,
                    "memo": None,
                    "created_at": tx.now,
                }
                for i in paying
            ],
        ).all()
        postings = []
        for item, transfer_id in zip(paying, ids, strict=True):
            item.transfer_id = transfer_id
            tx.fault("transfer.inserted")
            wallet_id, payee_id, currency = item.row.wallet_id, item.row.payee_id, item.row.currency
            amount = item.row.amount_minor
            postings.append((transfer_id, wallet_id, currency, -amount))
            postings.append((transfer_id, payee_id, currency, amount))
        session.execute(
            insert(Posting),
            [
                {"transfer_id": t, "account_id": a, "currency": c, "amount_minor": m}
                for t, a, c, m in postings
            ],
        )
        for item in paying:
            row = item.row
            tx.audit(
                "transfer.posted",
                id=item.transfer_id,
                kind="payment",
                key=f"intent:{row.id}",
                intent=row.id,
                legs=[
                    [item.wallet, row.currency, -row.amount_minor],
                    [item.payee, row.currency, row.amount_minor],
                ],
            )
            tx.fault("transfer.posted")
    if not dirty:
        return
    table = Base.metadata.tables["payment_intents"]
    columns = ("state", "confirmed_at", "settled_at", "closed_at", "reason")
    session.connection().execute(
        update(table)
        .where(table.c.id == bindparam("b_id"))
        .values({name: bindparam(f"b_{name}") for name in columns}),
        [
            {"b_id": i.row.id} | {f"b_{name}": getattr(i.row, name) for name in columns}
            for i in dirty
        ],
    )


def confirmed_ids(session: Session) -> list[str]:
    """The intents left `confirmed` (consent recorded, not settled): what recovery settles."""
    return list(
        session.scalars(
            select(PaymentIntent.id)
            .where(PaymentIntent.state == IntentState.CONFIRMED)
            .order_by(PaymentIntent.id)
        )
    )
