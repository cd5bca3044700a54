"""Per-payment and per-day limits of a wallet: the values, where they are stored and found."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy.orm import Session

from sightline.ledger.errors import InvalidAmount, LimitExceeded
from sightline.ledger.models import WalletLimit
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


def enforce(
    session: Session,
    *,
    wallet_id: int,
    currency: str,
    amount_minor: int,
    defaults: Mapping[str, Limits],
) -> None:
    """Check a payment against the wallet's per-payment limit (when its intent is created).

    The per-day limit, and both again, are checked on the wallet's locked running balance
    when the payment settles (`balances.WalletState.check`).

    Raises:
        LimitExceeded: `limit` is `per_payment`.
    """
    limits = limits_for(session, wallet_id, currency, defaults)
    if limits.per_payment_minor is not None and amount_minor > limits.per_payment_minor:
        raise LimitExceeded(
            f"{amount_minor} {currency} is over the per-payment limit of "
            f"{limits.per_payment_minor} {currency}",
            limit="per_payment",
        )
