"""Running wallet balances (and the day's settled total), filled from the postings.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_accounts = sa.table("accounts", sa.column("id", sa.BigInteger()), sa.column("kind", sa.String()))
_postings = sa.table(
    "postings",
    sa.column("account_id", sa.BigInteger()),
    sa.column("currency", sa.String()),
    sa.column("amount_minor", sa.BigInteger()),
)
_intents = sa.table(
    "payment_intents",
    sa.column("wallet_id", sa.BigInteger()),
    sa.column("currency", sa.String()),
    sa.column("amount_minor", sa.BigInteger()),
    sa.column("state", sa.String()),
    sa.column("settled_at", sa.DateTime()),
)


def upgrade() -> None:
    """Create `wallet_balances` and fill it: postings summed per wallet and currency, and the
    total settled on each wallet's last paying (UTC) day."""
    balances = op.create_table(
        "wallet_balances",
        sa.Column("account_id", sa.BigInteger(), sa.ForeignKey("accounts.id"), primary_key=True),
        sa.Column("currency", sa.String(3), primary_key=True),
        sa.Column("balance_minor", sa.BigInteger(), nullable=False),
        sa.Column("spent_day", sa.String(10)),
        sa.Column("spent_minor", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("balance_minor >= 0", name="ck_balance_nonnegative"),
        sa.CheckConstraint("spent_minor >= 0", name="ck_spent_nonnegative"),
    )
    bind = op.get_bind()
    sums = bind.execute(
        sa.select(
            _postings.c.account_id, _postings.c.currency, sa.func.sum(_postings.c.amount_minor)
        )
        .join(_accounts, _accounts.c.id == _postings.c.account_id)
        .where(_accounts.c.kind == "wallet")
        .group_by(_postings.c.account_id, _postings.c.currency)
    ).all()
    spent: dict[tuple[int, str], tuple[str, int]] = {}
    settled = bind.execute(
        sa.select(
            _intents.c.wallet_id,
            _intents.c.currency,
            _intents.c.settled_at,
            _intents.c.amount_minor,
        ).where(_intents.c.state == "settled", _intents.c.settled_at.is_not(None))
    )
    for wallet_id, currency, settled_at, amount in settled:
        day = settled_at.date().isoformat()
        last_day, total = spent.get((wallet_id, currency), ("", 0))
        if day > last_day:
            spent[wallet_id, currency] = (day, amount)
        elif day == last_day:
            spent[wallet_id, currency] = (day, total + amount)
    rows = [
        {
            "account_id": account_id,
            "currency": currency,
            "balance_minor": int(total),
            "spent_day": spent.get((account_id, currency), (None, 0))[0],
            "spent_minor": spent.get((account_id, currency), (None, 0))[1],
        }
        for account_id, currency, total in sums
    ]
    if rows:
        op.bulk_insert(balances, rows)


def downgrade() -> None:
    """Drop `wallet_balances` (balances are derived from the postings again)."""
    op.drop_table("wallet_balances")
