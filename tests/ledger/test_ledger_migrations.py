"""Migrations: from an empty database, down and up again, in step with the models."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from ledger_fakes import FakeClock
from sqlalchemy import inspect, text

from sightline.ledger import (
    FUNDING_ACCOUNT,
    WEARER_WALLET,
    Ledger,
    LimitExceeded,
    Limits,
    open_ledger,
    verify,
)
from sightline.ledger.audit import GENESIS_HASH, chain_hash
from sightline.ledger.db import alembic_config, create_ledger_engine, current_revision, downgrade
from sightline.ledger.errors import LedgerUnavailable
from sightline.ledger.models import Base

TABLES = {
    "accounts",
    "transfers",
    "postings",
    "payment_intents",
    "wallet_limits",
    "audit_log",
    "audit_head",
    "wallet_balances",
    "alembic_version",
}
HEAD = ScriptDirectory.from_config(alembic_config()).get_current_head()


def test_opening_an_empty_database_migrates_to_head(ledger_url: str) -> None:
    engine = create_ledger_engine(ledger_url)
    try:
        assert current_revision(engine) is None
        assert set(inspect(engine).get_table_names()) == set()
    finally:
        engine.dispose()
    with open_ledger(ledger_url) as ledger:
        assert current_revision(ledger.engine) == HEAD == "0003"
        assert set(inspect(ledger.engine).get_table_names()) == TABLES
        assert {a.name for a in ledger.accounts()} == {WEARER_WALLET, FUNDING_ACCOUNT}
        assert verify(ledger).ok


def test_the_models_match_the_migrations(ledger: Ledger) -> None:
    with ledger.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == []


def test_down_to_empty_and_up_again(ledger_url: str) -> None:
    with open_ledger(ledger_url) as ledger:
        ledger.fund(WEARER_WALLET, 100, "EUR", "f")
        downgrade(ledger.engine, "base")
        assert set(inspect(ledger.engine).get_table_names()) <= {"alembic_version"}
    with open_ledger(ledger_url) as ledger:
        assert ledger.balance(WEARER_WALLET, "EUR") == 0
        assert verify(ledger).ok


def test_a_database_at_0001_upgrades_with_its_balances_filled(
    ledger_url: str, clock: FakeClock
) -> None:
    """Data written by the two-transaction ledger (0001) gets running balances from postings."""
    with open_ledger(ledger_url, clock=clock) as ledger:
        ledger.fund(WEARER_WALLET, 10_000, "EUR", "f")
        ledger.fund(WEARER_WALLET, 500, "CHF", "f-chf")
        ledger.set_limits(WEARER_WALLET, "EUR", Limits(per_day_minor=4_000))
        for index, amount in enumerate((1_000, 2_000)):
            ticket = ledger.create_intent("payee:shop", amount, "EUR", f"o{index}")
            assert ticket.nonce
            ledger.settle(ticket.intent.id, ticket.nonce)
        downgrade(ledger.engine, "0001")
        assert "wallet_balances" not in inspect(ledger.engine).get_table_names()
    with open_ledger(ledger_url, clock=clock) as ledger:
        assert current_revision(ledger.engine) == HEAD
        assert ledger.balance(WEARER_WALLET, "EUR") == 7_000
        assert ledger.balance(WEARER_WALLET, "CHF") == 500
        assert verify(ledger).ok
        ticket = ledger.create_intent("payee:shop", 1_500, "EUR", "over-the-day")
        assert ticket.nonce
        with pytest.raises(LimitExceeded):  # today's 3,000 were counted by the migration
            ledger.settle(ticket.intent.id, ticket.nonce)


def test_down_to_one_chain_relinks_the_log_and_up_again(ledger_url: str) -> None:
    with open_ledger(ledger_url) as ledger:
        ledger.fund(WEARER_WALLET, 10_000, "EUR", "f")
        for index in range(6):
            ticket = ledger.create_intent("payee:shop", 100, "EUR", f"o{index}")
            assert ticket.nonce
            ledger.settle(ticket.intent.id, ticket.nonce)
        before = verify(ledger)
        assert before.ok
        downgrade(ledger.engine, "0002")
        with ledger.engine.connect() as connection:
            rows = connection.execute(
                text("SELECT seq, at, kind, data, prev_hash, hash FROM audit_log ORDER BY seq")
            ).all()
            head = connection.execute(text("SELECT seq, hash FROM audit_head")).all()
        prev = GENESIS_HASH
        for seq, (number, at, kind, data, prev_hash, digest) in enumerate(rows, start=1):
            assert (number, prev_hash) == (seq, prev)  # 0002's one contiguous chain
            assert digest == chain_hash(prev, seq, at, kind, json.loads(data))
            prev = digest
        assert head == [(len(rows), prev)] and len(rows) == before.entries
    with open_ledger(ledger_url) as ledger:
        after = verify(ledger)
        assert after.ok and after.entries == before.entries
        assert ledger.balance(WEARER_WALLET, "EUR") == 10_000 - 600


def test_concurrent_opens_migrate_once(ledger_url: str) -> None:
    opened: list[Ledger] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(6)

    def open_one() -> None:
        barrier.wait()
        try:
            opened.append(open_ledger(ledger_url))
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=open_one) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        assert errors == []
        assert len(opened[0].accounts()) == 2
        assert verify(opened[0]).ok
    finally:
        for ledger in opened:
            ledger.close()


@pytest.mark.parametrize(
    "url",
    [
        "mysql://localhost/x",
        "sqlite://",
        "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2",
    ],
)
def test_unusable_urls_are_ledger_unavailable(url: str) -> None:
    with pytest.raises(LedgerUnavailable):
        open_ledger(url)


def test_sqlite_parent_folders_are_created_and_home_expanded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    with open_ledger("sqlite:///~/deep/er/ledger.sqlite3") as ledger:
        assert ledger.backend == "sqlite"
    assert (tmp_path / "deep" / "er" / "ledger.sqlite3").exists()
