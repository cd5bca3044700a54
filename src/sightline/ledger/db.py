"""Engines, transaction modes and migrations for SQLite and PostgreSQL.

SQLite: pysqlite's own transaction handling is switched off and every write transaction starts
with `BEGIN IMMEDIATE` (one writer at a time, taken before the first read, so a read-check-write
cannot interleave); readers use a deferred `BEGIN` on a WAL database (a stable snapshot).
PostgreSQL: READ COMMITTED with explicit row locks in a fixed order (intents → wallet balance
rows → one audit chain head), unique constraints as the backstop, and a retry on serialization
failures and deadlocks. The locks are `FOR NO KEY UPDATE`: they serialize writers of the row
but not the `KEY SHARE` locks that foreign keys take when rows reference it (plain `FOR UPDATE`
would make every posting's reference to its account wait for that account's writers).
"""

from __future__ import annotations

import random
import time
from pathlib import Path
from typing import Any, Final

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, make_url, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.pool import ConnectionPoolEntry

from sightline.ledger.errors import LedgerUnavailable

MIGRATIONS: Final = Path(__file__).with_name("migrations")
MIGRATION_LOCK_KEY: Final = 0x5167_4C65_6467
"""PostgreSQL advisory lock held while migrating, so concurrent opens migrate once."""
_READ_OPTION: Final = "sightline_ledger_read"
_RETRY_SQLSTATES: Final = frozenset({"40001", "40P01", "55P03"})


def backend_of(url: str) -> str:
    """Return `sqlite` or `postgresql` for a SQLAlchemy URL.

    Raises:
        LedgerUnavailable: For another backend.
    """
    name = make_url(url).get_backend_name()
    if name not in ("sqlite", "postgresql"):
        raise LedgerUnavailable(f"the ledger runs on SQLite or PostgreSQL, not {name!r}")
    return name


def create_ledger_engine(
    url: str, *, pool_size: int = 20, sqlite_timeout_s: float = 60.0
) -> Engine:
    """Create the engine for `url` with the ledger's connection settings.

    Args:
        url: `sqlite:///path.db` or `postgresql+psycopg://user@host:port/db`.
        pool_size: Connections kept per engine (one per concurrent client is ideal).
        sqlite_timeout_s: How long a SQLite writer waits for the write lock.

    Raises:
        LedgerUnavailable: For an unsupported backend or an in-memory SQLite database.
    """
    backend = backend_of(url)
    if backend == "sqlite":
        database = make_url(url).database
        if not database or database == ":memory:":
            raise LedgerUnavailable("the ledger needs a SQLite file, not an in-memory database")
        engine = create_engine(
            url,
            connect_args={"timeout": sqlite_timeout_s, "check_same_thread": False},
            pool_size=pool_size,
            max_overflow=pool_size,
        )
        _configure_sqlite(engine)
        return engine
    return create_engine(url, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True)


def read_engine(engine: Engine) -> Engine:
    """The same pool with read-only transactions: deferred BEGIN on SQLite, REPEATABLE READ
    (one snapshot) on PostgreSQL."""
    if engine.dialect.name == "sqlite":
        return engine.execution_options(**{_READ_OPTION: True})
    return engine.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, record: ConnectionPoolEntry) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        read = conn.get_execution_options().get(_READ_OPTION, False)
        conn.exec_driver_sql("BEGIN" if read else "BEGIN IMMEDIATE")


class RetryTransaction(Exception):
    """Raised inside a transaction that lost a race it can detect: roll back and run it again."""


def is_retryable(exc: DBAPIError) -> bool:
    """Whether a database error is contention worth retrying (not a bug or a constraint)."""
    sqlstate = getattr(exc.orig, "sqlstate", None)
    if sqlstate in _RETRY_SQLSTATES:
        return True
    message = str(exc.orig).lower()
    return isinstance(exc, OperationalError) and (
        "database is locked" in message or "database is busy" in message
    )


def backoff(attempt: int) -> None:
    """Sleep a little before retry `attempt` (exponential with jitter, capped at 0.2 s)."""
    time.sleep(min(0.2, 0.002 * 2**attempt) * random.uniform(0.5, 1.5))


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic configuration for the package's migrations (no alembic.ini needed)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run `alembic upgrade` to `revision` in one transaction, serialized across processes.

    Raises:
        LedgerUnavailable: When the database cannot be reached or migrated.
    """
    try:
        with engine.begin() as connection:
            if engine.dialect.name == "postgresql":
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY}
                )
            command.upgrade(alembic_config(connection), revision)
    except DBAPIError as exc:
        raise LedgerUnavailable(f"cannot open the ledger database: {exc.orig}") from exc


def downgrade(engine: Engine, revision: str = "base") -> None:
    """Run `alembic downgrade` to `revision` (for tests and maintenance)."""
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), revision)


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, None when it has never been migrated."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
