"""The ledger: accounts, transfers, postings, payment intents, limits, the audit chain.

Revision ID: 0001
Revises:
Create Date: 2025-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
APPEND_ONLY = ("audit_log", "transfers", "postings")
GENESIS = "0" * 64


def upgrade() -> None:
    """Create the tables, the audit head row and the append-only triggers."""
    op.create_table(
        "accounts",
        sa.Column("id", ID, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("kind IN ('wallet', 'payee', 'external')", name="ck_kind"),
    )
    op.create_table(
        "payment_intents",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("idempotency_key", sa.String(200), nullable=False, unique=True),
        sa.Column("wallet_id", sa.BigInteger(), sa.ForeignKey("accounts.id"), nullable=False),
        sa.Column("payee_id", sa.BigInteger(), sa.ForeignKey("accounts.id"), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("nonce_hash", sa.String(64), nullable=False),
        sa.Column("memo", sa.String(200)),
        sa.Column("reason", sa.String(64)),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("confirmed_at", sa.DateTime()),
        sa.Column("settled_at", sa.DateTime()),
        sa.Column("closed_at", sa.DateTime()),
        sa.CheckConstraint("amount_minor > 0", name="ck_amount_positive"),
        sa.CheckConstraint(
            "state IN ('created', 'confirmed', 'settled', 'cancelled', 'expired')", name="ck_state"
        ),
    )
    op.create_index(
        "ix_intents_wallet_day",
        "payment_intents",
        ["wallet_id", "currency", "state", "settled_at"],
    )
    op.create_index("ix_intents_state", "payment_intents", ["state"])
    op.create_table(
        "transfers",
        sa.Column("id", ID, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("idempotency_key", sa.String(200), nullable=False, unique=True),
        sa.Column("intent_id", sa.String(40), sa.ForeignKey("payment_intents.id"), unique=True),
        sa.Column("memo", sa.String(200)),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "postings",
        sa.Column("id", ID, primary_key=True, autoincrement=True),
        sa.Column("transfer_id", sa.BigInteger(), sa.ForeignKey("transfers.id"), nullable=False),
        sa.Column("account_id", sa.BigInteger(), sa.ForeignKey("accounts.id"), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("amount_minor <> 0", name="ck_amount_nonzero"),
    )
    op.create_index("ix_postings_transfer_id", "postings", ["transfer_id"])
    op.create_index("ix_postings_account_currency", "postings", ["account_id", "currency"])
    op.create_table(
        "wallet_limits",
        sa.Column("account_id", sa.BigInteger(), sa.ForeignKey("accounts.id"), primary_key=True),
        sa.Column("currency", sa.String(3), primary_key=True),
        sa.Column("per_payment_minor", sa.BigInteger()),
        sa.Column("per_day_minor", sa.BigInteger()),
    )
    op.create_table(
        "audit_log",
        sa.Column("seq", sa.BigInteger(), primary_key=True, autoincrement=False),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False, unique=True),
    )
    head = op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    op.bulk_insert(head, [{"id": 1, "seq": 0, "hash": GENESIS}])
    _append_only_triggers()


def downgrade() -> None:
    """Drop everything `upgrade` created."""
    dialect = op.get_bind().dialect.name
    for table in APPEND_ONLY:
        if dialect == "postgresql":
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
        else:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete")
    if dialect == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS sightline_ledger_append_only()")
    for table in (
        "audit_head",
        "audit_log",
        "wallet_limits",
        "postings",
        "transfers",
        "payment_intents",
        "accounts",
    ):
        op.drop_table(table)


def _append_only_triggers() -> None:
    """Refuse UPDATE and DELETE on the audit log, transfers and postings."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION sightline_ledger_append_only() RETURNS trigger AS $$ "
            "BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$ LANGUAGE plpgsql"
        )
        for table in APPEND_ONLY:
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION sightline_ledger_append_only()"
            )
            op.execute(
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION sightline_ledger_append_only()"
            )
        return
    for table in APPEND_ONLY:
        for action in ("update", "delete"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{action} BEFORE {action.upper()} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
            )
