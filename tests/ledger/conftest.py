"""Ledger fixtures: every test runs against a SQLite file and against PostgreSQL.

PostgreSQL: one fresh database per test session (dropped at the end), one fresh schema per test.
The server is `SIGHTLINE_TEST_POSTGRES_URL` (default: postgres@127.0.0.1:5432/test). When it is
unreachable the PostgreSQL cases fail with the reason, unless `SIGHTLINE_SKIP_POSTGRES=1`.
"""

from __future__ import annotations

import itertools
import os
import secrets
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from ledger_fakes import FakeClock
from sqlalchemy import Engine, create_engine, make_url, text
from sqlalchemy.exc import OperationalError

from sightline.ledger import Ledger, open_ledger

ADMIN_URL = os.environ.get(
    "SIGHTLINE_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
_schemas = itertools.count(1)


@pytest.fixture(scope="session")
def pg_database() -> Iterator[Engine]:
    """An AUTOCOMMIT engine on a fresh, uniquely named database; dropped after the session."""
    if os.environ.get("SIGHTLINE_SKIP_POSTGRES") == "1":
        pytest.skip("SIGHTLINE_SKIP_POSTGRES=1")
    name = f"sightline_ledger_test_{os.getpid()}_{secrets.token_hex(3)}"
    admin = create_engine(
        ADMIN_URL, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 5}
    )
    reason = None
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as exc:
        reason = str(exc.orig).strip()
    if reason is not None:
        admin.dispose()
        pytest.fail(
            f"PostgreSQL is unreachable at {ADMIN_URL} ({reason}). Start it with "
            "`pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`, point "
            "SIGHTLINE_TEST_POSTGRES_URL at a server, or set SIGHTLINE_SKIP_POSTGRES=1.",
            pytrace=False,
        )
    engine = create_engine(make_url(ADMIN_URL).set(database=name), isolation_level="AUTOCOMMIT")
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def ledger_url(request: pytest.FixtureRequest, tmp_path: Any) -> str:
    """A URL to an empty database: a SQLite file, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'ledger.sqlite3'}"
    engine: Engine = request.getfixturevalue("pg_database")
    schema = f"t{next(_schemas)}_{secrets.token_hex(2)}"
    with engine.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = engine.url.set(query={"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


@pytest.fixture
def clock() -> FakeClock:
    """The fake clock ledgers in these tests run on."""
    return FakeClock()


@pytest.fixture
def make_ledger(ledger_url: str, clock: FakeClock) -> Iterator[Callable[..., Ledger]]:
    """Open (or reopen) the test's ledger; every one opened is closed at the end."""
    opened: list[Ledger] = []

    def make(**options: Any) -> Ledger:
        options.setdefault("clock", clock)
        ledger = open_ledger(ledger_url, **options)
        opened.append(ledger)
        return ledger

    yield make
    for ledger in opened:
        ledger.close()


@pytest.fixture
def ledger(make_ledger: Callable[..., Ledger]) -> Ledger:
    """An opened ledger on the fake clock."""
    return make_ledger()
