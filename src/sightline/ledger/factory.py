"""`open_ledger`: engine, migrations (`alembic upgrade head`), default accounts, recovery."""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path

from sqlalchemy import make_url

from sightline.ledger import db
from sightline.ledger.errors import LedgerUnavailable
from sightline.ledger.faults import FaultHook, no_faults
from sightline.ledger.ledger import Clock, Ledger, utc_now
from sightline.ledger.limits import Limits
from sightline.ledger.models import AccountKind
from sightline.ledger.views import FUNDING_ACCOUNT, WEARER_WALLET


def default_url(directory: Path) -> str:
    """The default ledger: a SQLite file `ledger.sqlite3` in `directory`."""
    return f"sqlite:///{directory / 'ledger.sqlite3'}"


def open_ledger(
    url: str,
    *,
    clock: Clock = utc_now,
    faults: FaultHook = no_faults,
    default_limits: Mapping[str, Limits] | None = None,
    intent_ttl: timedelta = timedelta(minutes=5),
    pool_size: int = 20,
    recover: bool = True,
) -> Ledger:
    """Open the ledger at `url`: migrate to head, open the default accounts, then `recover()`.

    Safe to call from several processes at once: migrations take a lock (PostgreSQL advisory
    lock, SQLite's writer lock) and account creation is idempotent.

    Args:
        url: `sqlite:///path/ledger.sqlite3` (`~` expanded, parent folders created) or
            `postgresql+psycopg://user@host:5432/db`.
        clock: Returns aware UTC datetimes.
        faults: Fault-injection hook, for tests.
        default_limits: Limits per currency for wallets without their own.
        intent_ttl: How long an intent can be confirmed.
        pool_size: Pooled connections (one per concurrent client is ideal).
        recover: Run `recover()` before returning.

    Raises:
        LedgerUnavailable: The database cannot be reached or migrated.
    """
    if db.backend_of(url) == "sqlite":
        parsed = make_url(url)
        if parsed.database and parsed.database != ":memory:":
            path = Path(parsed.database).expanduser()
            path.parent.mkdir(parents=True, exist_ok=True)
            url = parsed.set(database=str(path)).render_as_string(hide_password=False)
    engine = db.create_ledger_engine(url, pool_size=pool_size)
    try:
        # Threads of one process opening the same file take turns; other processes that find
        # SQLite's schema being changed ("database is locked") try again shortly.
        with _open_lock(url):
            for attempt in range(_OPEN_ATTEMPTS):
                try:
                    db.upgrade(engine)
                    ledger = Ledger(
                        engine,
                        clock=clock,
                        faults=faults,
                        default_limits=default_limits,
                        intent_ttl=intent_ttl,
                    )
                    _ensure_default_accounts(ledger)
                    if recover:
                        ledger.recover()
                    break
                except LedgerUnavailable as exc:
                    if "locked" not in str(exc) or attempt == _OPEN_ATTEMPTS - 1:
                        raise
                    time.sleep(0.2 * (attempt + 1))
    except BaseException:
        engine.dispose()
        raise
    return ledger


_OPEN_ATTEMPTS = 8
_OPEN_LOCKS: dict[str, threading.Lock] = {}
_OPEN_LOCKS_GUARD = threading.Lock()


def _open_lock(url: str) -> threading.Lock:
    with _OPEN_LOCKS_GUARD:
        return _OPEN_LOCKS.setdefault(url, threading.Lock())


def _ensure_default_accounts(ledger: Ledger) -> None:
    present = {account.name for account in ledger.accounts()}
    for name, kind in (
        (WEARER_WALLET, AccountKind.WALLET),
        (FUNDING_ACCOUNT, AccountKind.EXTERNAL),
    ):
        if name not in present:
            ledger.open_account(name, kind)
