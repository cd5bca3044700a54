"""Several audit chains, so concurrent transactions do not all queue on one head row.

The existing log becomes chain 1 (its entries keep their hashes); heads 2..16 start empty.
`seq` stays the log's primary key and its global order (on PostgreSQL from the sequence
`audit_log_seq`, so it can have gaps); each entry links to the previous entry of its chain.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from sightline.ledger.audit import chain_hash

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CHAINS = 16
GENESIS = "0" * 64
_head = sa.table(
    "audit_head",
    sa.column("id", sa.Integer()),
    sa.column("seq", sa.BigInteger()),
    sa.column("hash", sa.String()),
)


def upgrade() -> None:
    """Add `audit_log.chain` (1 for every existing entry), the heads of chains 2..16 and, on
    PostgreSQL, the sequence that numbers new entries after the existing ones."""
    op.add_column("audit_log", sa.Column("chain", sa.Integer(), nullable=False, server_default="1"))
    op.bulk_insert(_head, [{"id": i, "seq": 0, "hash": GENESIS} for i in range(2, CHAINS + 1)])
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE SEQUENCE audit_log_seq")
        op.execute(
            "SELECT setval('audit_log_seq', COALESCE((SELECT MAX(seq) FROM audit_log), 0) + 1, "
            "false)"
        )


def downgrade() -> None:
    """Back to one chain: the log is re-linked in `seq` order as 0002 had it (numbered 1..n,
    every hash recomputed; an audited rewrite of the log, so verify the ledger first)."""
    bind = op.get_bind()
    postgres = bind.dialect.name == "postgresql"
    rows = bind.execute(sa.text("SELECT at, kind, data FROM audit_log ORDER BY seq")).all()
    _append_only(bind, enabled=False)
    bind.execute(sa.text("DELETE FROM audit_log"))
    prev, entries = GENESIS, []
    for seq, (at, kind, data) in enumerate(rows, start=1):
        digest = chain_hash(prev, seq, at, kind, json.loads(data))
        entries.append(
            {"seq": seq, "at": at, "kind": kind, "data": data, "prev_hash": prev, "hash": digest}
        )
        prev = digest
    if entries:
        bind.execute(
            sa.text(
                "INSERT INTO audit_log (seq, at, kind, data, prev_hash, hash) "
                "VALUES (:seq, :at, :kind, :data, :prev_hash, :hash)"
            ),
            entries,
        )
    _append_only(bind, enabled=True)
    op.execute(_head.update().where(_head.c.id == 1).values(seq=len(entries), hash=prev))
    op.execute(_head.delete().where(_head.c.id > 1))
    if postgres:
        op.execute("DROP SEQUENCE audit_log_seq")
        op.drop_column("audit_log", "chain")
    else:  # SQLite's own DROP COLUMN keeps the table (and its append-only triggers)
        op.execute("ALTER TABLE audit_log DROP COLUMN chain")


def _append_only(bind: sa.Connection, *, enabled: bool) -> None:
    """Switch the audit log's append-only triggers (0001) off for the re-link, and on again."""
    if bind.dialect.name == "postgresql":
        op.execute(f"ALTER TABLE audit_log {'ENABLE' if enabled else 'DISABLE'} TRIGGER USER")
        return
    for action in ("update", "delete"):
        if enabled:
            op.execute(
                f"CREATE TRIGGER audit_log_no_{action} BEFORE {action.upper()} ON audit_log "
                "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
            )
        else:
            op.execute(f"DROP TRIGGER IF EXISTS audit_log_no_{action}")
