"""The append-only audit log: a SHA-256 hash chain over canonical JSON events.

The log is several chains (`audit_head` has one row per chain, 16). An entry stores
`hash = SHA-256(prev_hash + canonical_json({seq, at, kind, data}))`, where `prev_hash` is the
hash of the previous entry of its chain (64 zeros for the first). A transaction appends all its
events to one chain, whichever head is not locked (`FOR UPDATE SKIP LOCKED`, in random order;
SQLite has one writer and uses chain 1), so concurrent writers no longer queue on one row.
`seq` orders the whole log: on PostgreSQL it comes from the sequence `audit_log_seq`, taken
under the transaction's row locks, so two transactions on the same intent get increasing `seq`s
in the order they committed (the later one waited for the earlier one's lock); gaps are rolled
back transactions. Every audited change is written in the same transaction as its event, so
the log and the tables commit or roll back together.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from sqlalchemy import Sequence, func, insert, select, update
from sqlalchemy.orm import Session

from sightline.ledger.models import AuditEntry, AuditHead

GENESIS_HASH: Final = "0" * 64
CHAINS: Final = 16
"""Chains the migrations create (`audit_head` ids 1..16)."""


def canonical_json(value: Any) -> str:
    """Compact JSON with sorted keys, UTF-8 text as is; floats are refused (money is integers).

    Raises:
        TypeError: For a float or any value JSON cannot represent.
    """
    _refuse_floats(value)
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _refuse_floats(value: Any) -> None:
    if isinstance(value, float):
        raise TypeError("audit events carry no floats")
    if isinstance(value, Mapping):
        for item in value.values():
            _refuse_floats(item)
    elif isinstance(value, list | tuple):
        for item in value:
            _refuse_floats(item)


def chain_hash(prev_hash: str, seq: int, at: str, kind: str, data: Any) -> str:
    """The hash of an entry from the previous hash and the event's fields."""
    event = canonical_json({"seq": seq, "at": at, "kind": kind, "data": data})
    return hashlib.sha256((prev_hash + event).encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class AuditEvent:
    """An event waiting to be appended at the end of its transaction."""

    kind: str
    data: Mapping[str, Any]


def append_events(session: Session, events: list[AuditEvent], at: datetime) -> int:
    """Append `events` to a free chain inside the caller's transaction; returns the last seq.

    The head is locked last in the transaction, so it is held only for these statements and
    the commit; on PostgreSQL a locked head is skipped for another (all busy: wait for one).
    """
    postgres = session.get_bind().dialect.name == "postgresql"
    heads = select(AuditHead.id, AuditHead.seq, AuditHead.hash)
    head = None
    if postgres:
        head = session.execute(
            heads.order_by(func.random()).limit(1).with_for_update(skip_locked=True, key_share=True)
        ).first()
    if head is None:
        chain = random.randint(1, CHAINS) if postgres else 1
        head = session.execute(
            heads.where(AuditHead.id == chain).with_for_update(key_share=True)
        ).one()
    chain, _, prev = head
    if postgres:
        seqs = list(
            session.scalars(
                select(Sequence("audit_log_seq").next_value()).select_from(
                    func.generate_series(1, len(events))
                )
            )
        )
    else:
        top = session.execute(select(func.coalesce(func.max(AuditEntry.seq), 0))).scalar_one()
        seqs = list(range(int(top) + 1, int(top) + 1 + len(events)))
    stamp = at.isoformat()
    rows: list[dict[str, Any]] = []
    last = 0
    for seq, event in zip(sorted(seqs), events, strict=True):
        data = canonical_json(event.data)
        digest = chain_hash(prev, seq, stamp, event.kind, json.loads(data))
        rows.append(
            {
                "seq": seq,
                "chain": chain,
                "at": stamp,
                "kind": event.kind,
                "data": data,
                "prev_hash": prev,
                "hash": digest,
            }
        )
        prev, last = digest, seq
    session.execute(insert(AuditEntry), rows)
    session.execute(update(AuditHead).where(AuditHead.id == chain).values(seq=last, hash=prev))
    return last


@dataclass(frozen=True, slots=True)
class AuditRecord:
    """One stored entry, as read back.

    Attributes:
        seq: Position in the whole log (increasing along each chain).
        at: ISO 8601 time of the transaction that wrote it.
        kind: Event kind, e.g. `transfer.posted`.
        data: The event's fields.
        prev_hash: The hash of the previous entry of its chain.
        hash: This entry's stored hash.
        chain: The chain it belongs to.
    """

    seq: int
    at: str
    kind: str
    data: dict[str, Any]
    prev_hash: str
    hash: str
    chain: int = 1


def iter_entries(session: Session, batch: int = 2000) -> Iterator[AuditRecord]:
    """Read the log in order, `batch` rows at a time."""
    last = 0
    while True:
        rows = session.execute(
            select(AuditEntry).where(AuditEntry.seq > last).order_by(AuditEntry.seq).limit(batch)
        ).scalars()
        count = 0
        for row in rows:
            count += 1
            last = row.seq
            yield AuditRecord(
                row.seq, row.at, row.kind, _parse(row.data), row.prev_hash, row.hash, row.chain
            )
        if count < batch:
            return
        session.expunge_all()


def _parse(text: str) -> dict[str, Any]:
    """The event's data; text that is not a JSON object (tampering) is kept so the hash fails."""
    try:
        value = json.loads(text)
    except ValueError:
        return {"unparseable": text}
    return value if isinstance(value, dict) else {"not_an_object": value}
