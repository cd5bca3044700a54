"""`Ledger`: the double-entry payment ledger's operations (open one with `open_ledger`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Self

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from sightline.ledger import balances, intents, postings, settlement
from sightline.ledger.batcher import Batcher
from sightline.ledger.errors import (
    IntentNotFound,
    LedgerError,
)
from sightline.ledger.faults import FaultHook, no_faults
from sightline.ledger.limits import Limits, limits_for, store_limits
from sightline.ledger.models import Account, AccountKind, PaymentIntent
from sightline.ledger.money import check_amount, check_currency
from sightline.ledger.settlement import SettleRequest
from sightline.ledger.tx import Tx, TxRunner
from sightline.ledger.views import (
    FUNDING_ACCOUNT,
    WEARER_WALLET,
    AccountInfo,
    Intent,
    IntentTicket,
    Leg,
    RecoveryReport,
    Settlement,
    TransferInfo,
)

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The current time, aware UTC."""
    return datetime.now(UTC)


class Ledger:
    """The payment ledger on one database. Thread-safe; share one per process.

    Every method is one short transaction, retried on lock contention. Use
    `open_ledger` rather than the constructor: it migrates the schema and runs `recover()`.

    Args:
        engine: From `db.create_ledger_engine`.
        clock: Returns aware UTC datetimes (tests pass a fake clock).
        faults: Fault-injection hook (see `sightline.ledger.faults`).
        default_limits: Limits per currency for wallets without their own.
        intent_ttl: How long an intent can be confirmed.
        max_attempts: Tries per transaction on contention before `ledger_busy`.
    """

    def __init__(
        self,
        engine: Engine,
        *,
        clock: Clock = utc_now,
        faults: FaultHook = no_faults,
        default_limits: Mapping[str, Limits] | None = None,
        intent_ttl: timedelta = timedelta(minutes=5),
        max_attempts: int = 30,
    ) -> None:
        self.engine = engine
        self.backend = engine.dialect.name
        self._tx = TxRunner(engine, clock, faults, max_attempts)
        self._defaults = dict(default_limits or {})
        self._ttl = intent_ttl
        self._settler: Batcher[SettleRequest, settlement.Outcome] = Batcher(self._settle_batch)

    def close(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def read_session(self) -> Session:
        """A session on the read-only engine (for `verify` and reports); caller closes it."""
        return self._tx.read_session()

    # -- accounts, transfers, balances ------------------------------------------------------

    def open_account(self, name: str, kind: AccountKind) -> AccountInfo:
        """Open an account, or return it if it exists with this kind.

        Raises:
            InvalidAccount: It exists with another kind, or the name is empty or too long.
        """
        return self._tx.write(
            lambda tx: postings.account_info(postings.ensure_account(tx, name, kind))
        )

    def accounts(self) -> list[AccountInfo]:
        """Every account, by id."""
        return self._tx.read(
            lambda s: [
                postings.account_info(a) for a in s.scalars(select(Account).order_by(Account.id))
            ]
        )

    def transfer(
        self,
        legs: Sequence[Leg],
        idempotency_key: str,
        *,
        kind: str = "transfer",
        memo: str | None = None,
    ) -> TransferInfo:
        """Post a balanced transfer once per `idempotency_key` (a retry returns the first).

        Raises:
            UnbalancedTransfer, InvalidAmount, InvalidCurrency: Bad legs.
            AccountNotFound: A leg names no account.
            InsufficientFunds: A wallet would go below zero.
            IdempotencyConflict: The key was used for other legs.
        """
        postings.check_name(idempotency_key, "idempotency key")
        postings.check_legs(legs)

        def step(tx: Tx) -> TransferInfo:
            replay = postings.replay_transfer(tx.session, idempotency_key, legs)
            if replay is not None:
                return replay
            row = postings.post_transfer(
                tx, kind=kind, idempotency_key=idempotency_key, legs=legs, memo=memo
            )
            return postings.transfer_info(tx.session, row)

        return self._tx.write(step)

    def fund(
        self,
        wallet: str,
        amount_minor: int,
        currency: str,
        idempotency_key: str,
        *,
        source: str = FUNDING_ACCOUNT,
    ) -> TransferInfo:
        """Top a wallet up from an external account (no real money moves).

        Raises:
            InvalidAmount, InvalidCurrency, AccountNotFound, IdempotencyConflict: As `transfer`.
        """
        check_amount(amount_minor)
        legs = [Leg(source, -amount_minor, currency), Leg(wallet, amount_minor, currency)]
        return self.transfer(legs, idempotency_key, kind="funding")

    def balance(self, account: str, currency: str) -> int:
        """The account's balance in minor units: the sum of its postings.

        Raises:
            AccountNotFound: No such account.
        """
        check_currency(currency)
        return self._tx.read(
            lambda s: postings.balance(s, postings.require_account(s, account), currency)
        )

    def set_limits(self, wallet: str, currency: str, limits: Limits) -> None:
        """Set a wallet's per-payment and per-day limits in `currency` (audited).

        Raises:
            AccountNotFound, InvalidAccount: `wallet` is not a wallet.
        """
        check_currency(currency)

        def step(tx: Tx) -> None:
            row = postings.require_account(tx.session, wallet, AccountKind.WALLET)
            balances.lock(tx.session, [(row.id, currency)], create=True)  # not mid-payment
            store_limits(tx.session, row.id, currency, limits)
            tx.audit(
                "limits.set",
                wallet=wallet,
                currency=currency,
                per_payment_minor=limits.per_payment_minor,
                per_day_minor=limits.per_day_minor,
            )

        self._tx.write(step)

    def limits(self, wallet: str, currency: str) -> Limits:
        """The limits that apply to `wallet` in `currency`."""
        return self._tx.read(
            lambda s: limits_for(
                s,
                postings.require_account(s, wallet, AccountKind.WALLET).id,
                currency,
                self._defaults,
            )
        )

    # -- payment intents ----------------------------------------------------------------------

    def create_intent(
        self,
        payee: str,
        amount_minor: int,
        currency: str,
        idempotency_key: str,
        *,
        wallet: str = WEARER_WALLET,
        ttl: timedelta | None = None,
        memo: str | None = None,
    ) -> IntentTicket:
        """Create a payment intent (the payee account is opened if new).

        A retry with the same key and parameters returns the same intent (`replayed=True`)
        with a fresh nonce while it is still `created`.

        Args:
            payee: Payee account name, e.g. `payee:cafe-42`.
            amount_minor: Positive integer minor units.
            currency: Three-letter code.
            idempotency_key: The client's key for this payment (unique).
            wallet: The paying wallet.
            ttl: Time to confirm (default: the ledger's `intent_ttl`).
            memo: Free text, at most 200 characters.

        Raises:
            LimitExceeded: Over the per-payment limit.
            IdempotencyConflict: The key names another payment.
            InvalidAmount, InvalidCurrency, AccountNotFound, InvalidAccount: Bad arguments.
        """
        return self._tx.write(
            lambda tx: intents.create(
                tx,
                wallet=wallet,
                payee=payee,
                amount_minor=amount_minor,
                currency=currency,
                idempotency_key=idempotency_key,
                ttl=ttl or self._ttl,
                memo=memo,
                defaults=self._defaults,
            ),
            committed="intent.created.committed",
        )

    def get_intent(self, intent_id: str) -> Intent:
        """The intent as stored.

        Raises:
            IntentNotFound: No such intent.
        """

        def read(s: Session) -> Intent:
            row = s.get(PaymentIntent, intent_id)
            if row is None:
                raise IntentNotFound(f"no payment intent {intent_id!r}")
            return intents.to_view(s, row)

        return self._tx.read(read)

    def confirm(self, intent_id: str, nonce: str) -> Intent:
        """Record the wearer's confirmation: created → confirmed (idempotent once confirmed).

        Raises:
            IntentNotFound, NonceMismatch, AlreadySettled, IntentCancelled, IntentExpired.
            LimitExceeded, InsufficientFunds: Early checks (settlement checks again).
        """
        return self._tx.write(
            lambda tx: intents.to_view(
                tx.session, intents.confirm(tx, intent_id, nonce, self._defaults)
            ),
            committed="intent.confirmed.committed",
        )

    def settle(self, intent_id: str, nonce: str) -> Settlement:
        """Confirm (if needed) and settle in one transaction: exactly one transfer per intent.

        The nonce is checked and consumed in the transaction that posts the transfer;
        concurrent calls of this process share one transaction (`Batcher`), calls of other
        processes on the same database queue on the intent's row lock.

        Raises:
            AlreadySettled: It was settled before (by this or a concurrent call, here or in
                another process); the error carries the first `transfer_id`, so a client
                retry can treat it as success.
            LimitExceeded, InsufficientFunds: Refused; a `confirmed` intent is declined back
                to `created`, a `created` one stays as it was.
            IntentNotFound, NonceMismatch, IntentCancelled, IntentExpired: By state.
        """
        return _settled(self._settler.submit(SettleRequest(intent_id, nonce)))

    def _settle_batch(self, requests: Sequence[SettleRequest]) -> list[settlement.Outcome]:
        return self._tx.write(
            lambda tx: settlement.settle_batch(tx, requests, self._defaults),
            committed="intent.settled.committed",
        )

    def cancel(self, intent_id: str, reason: str = "cancelled") -> Intent:
        """Cancel an unsettled intent (idempotent once cancelled).

        Raises:
            IntentNotFound, AlreadySettled, IntentExpired: By state.
        """
        return self._tx.write(
            lambda tx: intents.to_view(tx.session, intents.cancel(tx, intent_id, reason))
        )

    def expire_due(self) -> list[str]:
        """Expire every `created` intent past its expiry; returns their ids."""
        return self._tx.write(intents.expire_due)

    # -- recovery -------------------------------------------------------------------------------

    def recover(self) -> RecoveryReport:
        """Bring intents left mid-way by a crash to a final or retryable state.

        Deterministic: every `confirmed` intent is settled exactly as the interrupted `settle`
        would have (declined back to `created` if funds or limits no longer allow it); overdue
        `created` intents expire. Each intent is its own transaction, so a crash during
        recovery is recovered by the next run. Safe to run while other processes pay: a
        concurrent `settle` of the same intent then gets `already_settled`.
        """
        report = RecoveryReport(expired=self.expire_due())
        for intent_id in self._tx.read(settlement.confirmed_ids):
            outcome = self._settle_batch([SettleRequest(intent_id, None)])[0]
            if isinstance(outcome, Settlement):
                report.settled.append(intent_id)
            elif outcome.code in ("limit_exceeded", "insufficient_funds"):
                report.declined.append(intent_id)
        return report


def _settled(outcome: settlement.Outcome) -> Settlement:
    if isinstance(outcome, LedgerError):
        raise outcome
    return outcome
