"""The ledger's tables as SQLAlchemy 2 models (the migrations in `migrations/` create them)."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

ID = BigInteger().with_variant(Integer(), "sqlite")
"""Auto-increment ids: BIGINT identity on PostgreSQL, the rowid alias on SQLite."""


class AccountKind(StrEnum):
    """What an account is for."""

    WALLET = "wallet"
    """The wearer's money: may not go below zero, limits apply."""
    PAYEE = "payee"
    """A merchant or person paid by intents."""
    EXTERNAL = "external"
    """Outside the ledger (funding source); its balance is the negative of what came in."""


class IntentState(StrEnum):
    """Where a payment intent is: created → confirmed → settled, or cancelled / expired."""

    CREATED = "created"
    CONFIRMED = "confirmed"
    SETTLED = "settled"
    CANCELLED = "cancelled"
    EXPIRED = "expired"


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in, aware UTC datetimes out; stored naive UTC on every backend."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the ledger; use an aware UTC datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    """Declarative base of the ledger's tables."""


class Account(Base):
    """A wallet, a payee or an external account; balances come from its postings."""

    __tablename__ = "accounts"
    __table_args__ = (CheckConstraint("kind IN ('wallet', 'payee', 'external')", name="ck_kind"),)

    id: Mapped[int] = mapped_column(ID, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Transfer(Base):
    """A balanced set of postings; at most one per intent (unique `intent_id`)."""

    __tablename__ = "transfers"

    id: Mapped[int] = mapped_column(ID, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(16))
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    intent_id: Mapped[str | None] = mapped_column(
        String(40), ForeignKey("payment_intents.id"), unique=True
    )
    memo: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Posting(Base):
    """One leg of a transfer: a signed amount on one account (positive adds to its balance)."""

    __tablename__ = "postings"
    __table_args__ = (
        CheckConstraint("amount_minor <> 0", name="ck_amount_nonzero"),
        Index("ix_postings_account_currency", "account_id", "currency"),
    )

    id: Mapped[int] = mapped_column(ID, primary_key=True, autoincrement=True)
    transfer_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("transfers.id"), index=True)
    account_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("accounts.id"))
    currency: Mapped[str] = mapped_column(String(3))
    amount_minor: Mapped[int] = mapped_column(BigInteger)


class PaymentIntent(Base):
    """A payment from a wallet to a payee, waiting for the wearer's confirmation."""

    __tablename__ = "payment_intents"
    __table_args__ = (
        CheckConstraint("amount_minor > 0", name="ck_amount_positive"),
        CheckConstraint(
            "state IN ('created', 'confirmed', 'settled', 'cancelled', 'expired')", name="ck_state"
        ),
        Index("ix_intents_wallet_day", "wallet_id", "currency", "state", "settled_at"),
        Index("ix_intents_state", "state"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    wallet_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("accounts.id"))
    payee_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("accounts.id"))
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    state: Mapped[str] = mapped_column(String(16))
    nonce_hash: Mapped[str] = mapped_column(String(64))
    memo: Mapped[str | None] = mapped_column(String(200))
    reason: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    settled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class WalletLimit(Base):
    """Per-payment and per-day (UTC) limits of one wallet in one currency; None = no limit."""

    __tablename__ = "wallet_limits"

    account_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("accounts.id"), primary_key=True)
    currency: Mapped[str] = mapped_column(String(3), primary_key=True)
    per_payment_minor: Mapped[int | None] = mapped_column(BigInteger)
    per_day_minor: Mapped[int | None] = mapped_column(BigInteger)


class WalletBalance(Base):
    """A wallet's running balance in one currency and what it settled on its last paying day.

    Updated in the transaction that posts to the wallet (the row is locked for it), so a
    payment checks funds and the daily limit in O(1); `verify` checks it against the postings.
    """

    __tablename__ = "wallet_balances"
    __table_args__ = (
        CheckConstraint("balance_minor >= 0", name="ck_balance_nonnegative"),
        CheckConstraint("spent_minor >= 0", name="ck_spent_nonnegative"),
    )

    account_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("accounts.id"), primary_key=True)
    currency: Mapped[str] = mapped_column(String(3), primary_key=True)
    balance_minor: Mapped[int] = mapped_column(BigInteger)
    spent_day: Mapped[str | None] = mapped_column(String(10))
    spent_minor: Mapped[int] = mapped_column(BigInteger)


class AuditEntry(Base):
    """One append-only audit event; `hash` = SHA-256(prev_hash + canonical JSON of the event)."""

    __tablename__ = "audit_log"

    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(40))
    data: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)
    chain: Mapped[int] = mapped_column(Integer, server_default="1")


class AuditHead(Base):
    """The row naming one chain's last entry (`id` is the chain); a transaction locks one."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(BigInteger)
    hash: Mapped[str] = mapped_column(String(64))
