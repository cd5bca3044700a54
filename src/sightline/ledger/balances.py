"""Running wallet balances: one row per wallet and currency, kept in the posting transaction.

A wallet's row holds its balance (the sum of its postings, never below zero: a CHECK
constraint backs the code's check) and what it settled on its last paying UTC day. A payment
locks the row (`FOR NO KEY UPDATE`; SQLite: the writer lock), checks funds and the daily limit
on it in O(1) and writes it back in the same transaction as the postings. Payees and external
accounts have no row: nothing is checked against their balances, and leaving them out keeps
a popular merchant from becoming a row every wearer's payment has to lock.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, select, tuple_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from sightline.ledger.errors import InsufficientFunds, LimitExceeded
from sightline.ledger.limits import UNLIMITED, Limits
from sightline.ledger.models import (
    Account,
    AccountKind,
    Base,
    IntentState,
    PaymentIntent,
    WalletBalance,
    WalletLimit,
)

Key = tuple[int, str]
"""(wallet account id, currency)."""


def day_of(now: datetime) -> str:
    """The UTC calendar day of `now`, `YYYY-MM-DD` (the daily limit's day)."""
    return now.date().isoformat()


@dataclass(slots=True)
class WalletState:
    """A wallet row's values, changed in memory by the transaction that locked it."""

    account_id: int
    currency: str
    balance_minor: int = 0
    spent_day: str | None = None
    spent_minor: int = 0
    stored: bool = False

    def spent_on(self, day: str) -> int:
        """What the wallet settled on `day` (0 for a day other than its last paying day)."""
        return self.spent_minor if self.spent_day == day else 0

    def check(self, amount_minor: int, limits: Limits, day: str) -> None:
        """Check one payment of `amount_minor` against the limits and the balance.

        Raises:
            LimitExceeded: Over the per-payment or the per-day limit.
            InsufficientFunds: The balance does not cover it.
        """
        currency = self.currency
        if limits.per_payment_minor is not None and amount_minor > limits.per_payment_minor:
            raise LimitExceeded(
                f"{amount_minor} {currency} is over the per-payment limit of "
                f"{limits.per_payment_minor} {currency}",
                limit="per_payment",
            )
        total = self.spent_on(day) + amount_minor
        if limits.per_day_minor is not None and total > limits.per_day_minor:
            raise LimitExceeded(
                f"{amount_minor} {currency} would take today's total to {total}, "
                f"over the daily limit of {limits.per_day_minor} {currency}",
                limit="per_day",
            )
        if self.balance_minor < amount_minor:
            raise InsufficientFunds(
                f"balance {self.balance_minor} {currency} does not cover {amount_minor}"
            )

    def debit(self, amount_minor: int, day: str) -> None:
        """Take a checked payment off the balance and count it for `day`."""
        self.spent_minor = self.spent_on(day) + amount_minor
        self.spent_day = day
        self.balance_minor -= amount_minor


def _state(row: WalletBalance) -> WalletState:
    return WalletState(
        row.account_id, row.currency, row.balance_minor, row.spent_day, row.spent_minor, True
    )


def read(session: Session, key: Key) -> WalletState:
    """The wallet's row without a lock (a zero balance if it has none)."""
    row = session.get(WalletBalance, key)
    return _state(row) if row is not None else WalletState(*key)


def lock(session: Session, keys: Iterable[Key], *, create: bool = False) -> dict[Key, WalletState]:
    """Lock the rows of `keys` in key order; missing rows read as zero (inserted if `create`)."""
    wanted = sorted(set(keys))
    if not wanted:
        return {}
    if create:
        dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
        session.execute(
            dialect.insert(WalletBalance)
            .values(
                [
                    {"account_id": a, "currency": c, "balance_minor": 0, "spent_minor": 0}
                    for a, c in wanted
                ]
            )
            .on_conflict_do_nothing(index_elements=["account_id", "currency"])
        )
    rows = session.execute(
        select(WalletBalance)
        .where(tuple_(WalletBalance.account_id, WalletBalance.currency).in_(wanted))
        .order_by(WalletBalance.account_id, WalletBalance.currency)
        .with_for_update(key_share=True),
        execution_options={"populate_existing": True},
    ).scalars()
    found = {(row.account_id, row.currency): _state(row) for row in rows}
    return {key: found.get(key, WalletState(*key)) for key in wanted}


def save(session: Session, states: Iterable[WalletState]) -> None:
    """Write changed states back to their (locked, existing) rows."""
    params = [
        {
            "b_account": s.account_id,
            "b_currency": s.currency,
            "balance_minor": s.balance_minor,
            "spent_day": s.spent_day,
            "spent_minor": s.spent_minor,
        }
        for s in states
    ]
    if not params:
        return
    table = Base.metadata.tables["wallet_balances"]
    statement = (
        update(table)
        .where(
            table.c.account_id == bindparam("b_account"),
            table.c.currency == bindparam("b_currency"),
        )
        .values(
            balance_minor=bindparam("balance_minor"),
            spent_day=bindparam("spent_day"),
            spent_minor=bindparam("spent_minor"),
        )
    )
    session.connection().execute(statement, params)


def limits_of(
    session: Session, keys: Iterable[Key], defaults: Mapping[str, Limits]
) -> dict[Key, Limits]:
    """The limits of each (wallet, currency): its own row, else the currency's default.

    Read in a statement of its own after the wallet rows are locked (`set_limits` locks them
    too), so READ COMMITTED sees limits committed while the lock was awaited: a join in the
    locking statement would read them from that statement's older snapshot.
    """
    wanted = sorted(set(keys))
    found: dict[Key, Limits] = {}
    if wanted:
        rows = session.execute(
            select(WalletLimit).where(
                tuple_(WalletLimit.account_id, WalletLimit.currency).in_(wanted)
            )
        ).scalars()
        for row in rows:
            found[row.account_id, row.currency] = Limits(row.per_payment_minor, row.per_day_minor)
    return {key: found[key] if key in found else defaults.get(key[1], UNLIMITED) for key in wanted}


def audit_running(
    session: Session, stored: Mapping[int, tuple[str | None, list[tuple[str, str, int]]]]
) -> list[str]:
    """`verify`'s check of the rows: each balance against the postings (`stored`: transfer id →
    intent, legs), each day's total against the intents settled that day; the problems found."""
    problems: list[str] = []
    accounts = {a.id: (a.name, a.kind) for a in session.scalars(select(Account))}
    derived: Counter[tuple[str, str]] = Counter()
    for _, legs in stored.values():
        for name, currency, amount in legs:
            derived[name, currency] += amount
    settled: Counter[tuple[str, str, str]] = Counter()
    last_day: dict[tuple[str, str], str] = {}
    rows = session.execute(
        select(
            PaymentIntent.wallet_id,
            PaymentIntent.currency,
            PaymentIntent.settled_at,
            PaymentIntent.amount_minor,
        ).where(PaymentIntent.state == IntentState.SETTLED)
    )
    for wallet_id, currency, settled_at, amount in rows:
        if settled_at is None:
            continue
        name, day = accounts[wallet_id][0], day_of(settled_at)
        settled[name, currency, day] += amount
        last_day[name, currency] = max(day, last_day.get((name, currency), day))
    seen = set()
    for row in session.scalars(select(WalletBalance)):
        name = accounts.get(row.account_id, (f"#{row.account_id}", ""))[0]
        key = (name, row.currency)
        seen.add(key)
        if row.balance_minor != derived[key]:
            problems.append(
                f"{name} {row.currency}: running balance {row.balance_minor}, "
                f"postings give {derived[key]}"
            )
        spent = settled[name, row.currency, row.spent_day] if row.spent_day else 0
        if row.spent_minor != spent or (last_day.get(key) or "") > (row.spent_day or ""):
            problems.append(
                f"{name} {row.currency}: {row.spent_minor} settled on {row.spent_day}, "
                f"the intents give {spent} (last paying day {last_day.get(key)})"
            )
    wallets = {name for name, kind in accounts.values() if kind == AccountKind.WALLET}
    for (name, currency), amount in sorted(derived.items()):
        if name in wallets and amount and (name, currency) not in seen:
            problems.append(f"{name} {currency}: postings give {amount}, no running balance")
    return problems
