"""Per-payment and per-day limits of a wallet, checked inside the paying transaction."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sightline.ledger.errors import InvalidAmount, LimitExceeded
from sightline.ledger.models import IntentState, PaymentIntent, WalletLimit
from sightline.ledger.money import MAX_AMOUNT_MINOR


@dataclass(frozen=True, slots=True)
class Limits:
    """Spending limits of a wallet in one currency (minor units); None means no limit.

    Attributes:
        per_payment_minor: The largest single payment.
        per_day_minor: The most settled in one UTC calendar day.
    """

    per_payment_minor: int | None = None
    per_day_minor: int | None = None

    def __post_init__(self) -> None:
        for value in (self.per_payment_minor, self.per_day_minor):
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise InvalidAmount(f"a limit must be a non-negative integer, got {value!r}")
            if value > MAX_AMOUNT_MINOR * 1000:
                raise InvalidAmount(f"limit {value} is out of range")


UNLIMITED = Limits()


def day_bounds(now: datetime) -> tuple[datetime, datetime]:
    """The UTC calendar day containing `now`, as [start, end)."""
    start = now.replace(hour=0, minute=0, second=0, microsecond=0)
    return start, start + timedelta(days=1)


def limits_for(
    session: Session, wallet_id: int, currency: str, defaults: Mapping[str, Limits]
) -> Limits:
    """The wallet's limits in `currency`: its own row, else the configured default."""
    row = session.get(WalletLimit, (wallet_id, currency))
    if row is None:
        return defaults.get(currency, UNLIMITED)
    return Limits(row.per_payment_minor, row.per_day_minor)


def store_limits(session: Session, wallet_id: int, currency: str, limits: Limits) -> None:
    """Insert or replace the wallet's limits in `currency`."""
    row = session.get(WalletLimit, (wallet_id, currency), with_for_update={"key_share": True})
    if row is None:
        session.add(
            WalletLimit(
                account_id=wallet_id,
                currency=currency,
                per_payment_minor=limits.per_payment_minor,
                per_day_minor=limits.per_day_minor,
            )
        )
    else:
        row.per_payment_minor = limits.per_payment_minor
        row.per_day_minor = limits.per_day_minor
    session.flush()


def settled_today(session: Session, wallet_id: int, currency: str, now: datetime) -> int:
    """What the wallet has settled in `currency` in the UTC day of `now`."""
    start, end = day_bounds(now)
    total = session.execute(
        select(func.coalesce(func.sum(PaymentIntent.amount_minor), 0)).where(
            PaymentIntent.wallet_id == wallet_id,
            PaymentIntent.currency == currency,
            PaymentIntent.state == IntentState.SETTLED,
            PaymentIntent.settled_at >= start,
            PaymentIntent.settled_at < end,
        )
    ).scalar_one()
    return int(total)


def enforce(
    session: Session,
    *,
    wallet_id: int,
    currency: str,
    amount_minor: int,
    now: datetime,
    defaults: Mapping[str, Limits],
    per_day: bool = True,
    counted: bool = False,
) -> None:
    """Check a payment against the wallet's limits.

    For the authoritative check, call it with the wallet row locked (PostgreSQL) or inside
    `BEGIN IMMEDIATE` (SQLite), so concurrent payments cannot both fit the same headroom.
    `counted`: the payment is already written as settled in this transaction, so today's
    total includes it.

    Raises:
        LimitExceeded: `limit` is `per_payment` or `per_day`.
    """
    limits = limits_for(session, wallet_id, currency, defaults)
    if limits.per_payment_minor is not None and amount_minor > limits.per_payment_minor:
        raise LimitExceeded(
            f"{amount_minor} {currency} is over the per-payment limit of "
            f"{limits.per_payment_minor} {currency}",
            limit="per_payment",
        )
    if per_day and limits.per_day_minor is not None:
        spent = settled_today(session, wallet_id, currency, now) - (amount_minor if counted else 0)
        if spent + amount_minor > limits.per_day_minor:
            raise LimitExceeded(
                f"{amount_minor} {currency} would take today's total to {spent + amount_minor}, "
                f"over the daily limit of {limits.per_day_minor} {currency}",
                limit="per_day",
            )
