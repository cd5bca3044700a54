"""Running ledger transactions: `Tx` (one transaction's context) and `TxRunner` (retries)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from sightline.ledger import db
from sightline.ledger.audit import AuditEvent, append_events
from sightline.ledger.errors import LedgerBusy, LedgerError, LedgerUnavailable
from sightline.ledger.faults import FaultHook
from sightline.ledger.fifo import FifoLock

T = TypeVar("T")


@dataclass
class Tx:
    """One transaction's state, passed to the step functions.

    Attributes:
        session: The open session (its transaction commits after the step returns).
        now: The clock, read once for the whole transaction.
        fault: The fault hook.
        events: Audit events, appended to the chain just before commit.
        deferred: An error to raise after the commit (the step's state change stays).
    """

    session: Session
    now: datetime
    fault: FaultHook
    events: list[AuditEvent] = field(default_factory=list)
    deferred: LedgerError | None = None

    def audit(self, event: str, /, **data: Any) -> None:
        """Queue an audit event of kind `event` with fields `data` for this transaction."""
        self.events.append(AuditEvent(event, data))

    def commit_then_raise(self, error: LedgerError) -> None:
        """Keep this transaction's changes, then raise `error` to the caller."""
        self.deferred = error


class TxRunner:
    """Runs steps in write transactions (with retries) and reads in snapshots.

    Args:
        engine: The ledger's engine.
        clock: Read once per transaction.
        faults: The fault hook; `write` calls it with the `committed` point after the commit.
        max_attempts: Tries per transaction on contention before `ledger_busy`.
    """

    def __init__(
        self, engine: Engine, clock: Callable[[], datetime], faults: FaultHook, max_attempts: int
    ) -> None:
        self._write = sessionmaker(engine, expire_on_commit=False)
        self._read = sessionmaker(db.read_engine(engine), expire_on_commit=False)
        self._clock = clock
        self._faults = faults
        self._attempts = max_attempts
        # SQLite has one writer at a time anyway: queue this process's threads in order
        # instead of letting them poll SQLite's busy handler (which sleeps up to 100 ms a try).
        sqlite = engine.dialect.name == "sqlite"
        self._writer: contextlib.AbstractContextManager[None] = (
            FifoLock() if sqlite else contextlib.nullcontext()
        )

    def write(self, step: Callable[[Tx], T], *, committed: str | None = None) -> T:
        """Run `step` in a write transaction, appending its audit events before the commit.

        Contention (SQLite busy, PostgreSQL deadlock/serialization, a lost race the step
        detected) and unique-key races are retried from the start; `committed` names the
        fault point right after the commit. A deferred error is raised after the commit.

        Raises:
            LedgerBusy: Out of attempts.
            LedgerUnavailable: Any other database error.
        """
        races = 0
        for attempt in range(self._attempts):
            try:
                with self._writer, self._write() as session, session.begin():
                    tx = Tx(session, self._clock(), self._faults)
                    result = step(tx)
                    if tx.events:
                        append_events(session, tx.events, tx.now)
            except IntegrityError:
                races += 1  # a concurrent insert of the same unique key won: read it next time
                if races > 3:
                    raise
            except db.RetryTransaction:
                pass
            except DBAPIError as exc:
                if not db.is_retryable(exc):
                    raise LedgerUnavailable(f"ledger database error: {exc.orig}") from exc
            else:
                if committed is not None:
                    self._faults(committed)
                if tx.deferred is not None:
                    raise tx.deferred
                return result
            db.backoff(attempt)
        raise LedgerBusy(f"gave up after {self._attempts} attempts on a busy ledger")

    def read(self, reader: Callable[[Session], T]) -> T:
        """Run `reader` in a read-only snapshot.

        Raises:
            LedgerUnavailable: On a database error.
        """
        try:
            with self._read() as session, session.begin():
                return reader(session)
        except DBAPIError as exc:
            raise LedgerUnavailable(f"ledger database error: {exc.orig}") from exc

    def read_session(self) -> Session:
        """A session on the read-only engine; the caller closes it."""
        return self._read()
