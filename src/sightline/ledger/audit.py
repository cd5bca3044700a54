"""The append-only audit log: a SHA-256 hash chain over canonical JSON events.

Entry n stores `hash_n = SHA-256(hash_{n-1} + canonical_json({seq, at, kind, data}))`, with
`hash_0` = 64 zeros. Appending locks the single `audit_head` row, so concurrent transactions
extend the chain one after the other; every audited change is written in the same transaction
as its event, so the chain and the tables commit or roll back together.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from sightline.ledger.models import AuditEntry, AuditHead

GENESIS_HASH: Final = "0" * 64


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
    """Append `events` to the chain inside the caller's transaction; returns the last seq.

    Locks the head row (FOR UPDATE on PostgreSQL; SQLite's writer lock is already held), taken
    last in the transaction so it is held only for these statements and the commit.
    """
    seq, prev = session.execute(
        select(AuditHead.seq, AuditHead.hash)
        .where(AuditHead.id == 1)
        .with_for_update(key_share=True)
    ).one()
    stamp = at.isoformat()
    rows = []
    for event in events:
        seq += 1
        data = canonical_json(event.data)
        digest = chain_hash(prev, seq, stamp, event.kind, json.loads(data))
        rows.append(
            {
                "seq": seq,
                "at": stamp,
                "kind": event.kind,
                "data": data,
                "prev_hash": prev,
                "hash": digest,
            }
        )
        prev = digest
    session.execute(insert(AuditEntry), rows)
    session.execute(update(AuditHead).where(AuditHead.id == 1).values(seq=seq, hash=prev))
    return int(seq)


@dataclass(frozen=True, slots=True)
class AuditRecord:
    """One stored entry, as read back.

    Attributes:
        seq: Position in the chain, from 1.
        at: ISO 8601 time of the transaction that wrote it.
        kind: Event kind, e.g. `transfer.posted`.
        data: The event's fields.
        prev_hash: The previous entry's hash.
        hash: This entry's stored hash.
    """

    seq: int
    at: str
    kind: str
    data: dict[str, Any]
    prev_hash: str
    hash: str


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
            yield AuditRecord(row.seq, row.at, row.kind, _parse(row.data), row.prev_hash, row.hash)
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
