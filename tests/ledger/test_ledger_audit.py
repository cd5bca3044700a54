"""The audit hash chain and `verify`: a clean ledger passes, any tampered row fails it."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from sightline.ledger import WEARER_WALLET, Ledger, verify
from sightline.ledger.audit import GENESIS_HASH, canonical_json, chain_hash

TRIGGERED = ("audit_log", "transfers", "postings")


@pytest.fixture
def busy(ledger: Ledger) -> Ledger:
    """A ledger with funding, two settled payments, a cancelled and an open intent."""
    ledger.fund(WEARER_WALLET, 10_000, "EUR", "funding")
    for index, amount in enumerate((1_200, 800)):
        ticket = ledger.create_intent("payee:shop", amount, "EUR", f"order-{index}")
        assert ticket.nonce
        ledger.settle(ticket.intent.id, ticket.nonce)
    ledger.cancel(ledger.create_intent("payee:shop", 5, "EUR", "cancelled").intent.id)
    ledger.create_intent("payee:cafe", 300, "EUR", "open")
    return ledger


def tamper(ledger: Ledger, *statements: str, **params: object) -> None:
    """Run statements as someone with database access would: append-only triggers bypassed."""
    with ledger.engine.begin() as connection:
        if ledger.backend == "postgresql":
            for table in TRIGGERED:
                connection.execute(text(f"ALTER TABLE {table} DISABLE TRIGGER USER"))
        else:
            for table in TRIGGERED:
                for action in ("update", "delete"):
                    connection.execute(text(f"DROP TRIGGER IF EXISTS {table}_no_{action}"))
        for statement in statements:
            connection.execute(text(statement), params)


def checks(ledger: Ledger) -> set[str]:
    report = verify(ledger)
    assert not report.ok and report.problem_count == len(report.problems)
    return {problem.check for problem in report.problems}


def test_a_clean_ledger_verifies(busy: Ledger) -> None:
    report = verify(busy)
    assert report.ok, report.problems
    assert (report.transfers, report.postings, report.intents) == (3, 6, 4)
    assert report.entries >= 12 and report.as_dict()["ok"] is True


def test_the_chain_is_sha256_over_canonical_json() -> None:
    assert canonical_json({"b": 1, "a": ["é", None]}) == '{"a":["é",null],"b":1}'
    with pytest.raises(TypeError):
        canonical_json({"amount": 1.5})
    first = chain_hash(GENESIS_HASH, 1, "2025-06-01T10:00:00+00:00", "x", {"a": 1})
    assert first != chain_hash(GENESIS_HASH, 1, "2025-06-01T10:00:00+00:00", "x", {"a": 2})
    assert len(first) == 64


def test_editing_an_audit_entry_breaks_the_chain(busy: Ledger) -> None:
    tamper(busy, "UPDATE audit_log SET data = REPLACE(data, '1200', '1201') WHERE seq = 5")
    assert "chain" in checks(busy)


def rehash(ledger: Ledger, seq: int) -> None:
    """Forge entry `seq` with a hash recomputed over the forged content."""
    with ledger.engine.connect() as connection:
        row = connection.execute(
            text("SELECT seq, at, kind, data, prev_hash FROM audit_log WHERE seq = :seq"),
            {"seq": seq},
        ).one()
    data = json.loads(row.data) | {"forged": True}
    forged = chain_hash(row.prev_hash, row.seq, row.at, row.kind, data)
    tamper(
        ledger,
        "UPDATE audit_log SET data = :data, hash = :hash WHERE seq = :seq",
        data=canonical_json(data),
        hash=forged,
        seq=seq,
    )


def test_rehashing_one_entry_still_breaks_the_next_link(busy: Ledger) -> None:
    with busy.engine.connect() as connection:  # an entry that has a next one in its chain
        seq = connection.execute(
            text(
                "SELECT MIN(a.seq) FROM audit_log a JOIN audit_log b ON b.prev_hash = a.hash "
                "AND b.chain = a.chain"
            )
        ).scalar_one()
    rehash(busy, seq)
    assert "chain" in checks(busy)


def test_rehashing_the_last_entry_of_a_chain_breaks_its_head(busy: Ledger) -> None:
    with busy.engine.connect() as connection:
        seq = connection.execute(text("SELECT MAX(seq) FROM audit_log")).scalar_one()
    rehash(busy, seq)
    assert "head" in checks(busy)


def test_deleting_the_last_entry_is_noticed(busy: Ledger) -> None:
    tamper(busy, "DELETE FROM audit_log WHERE seq = (SELECT MAX(seq) FROM audit_log)")
    assert "head" in checks(busy)


def test_changing_one_posting_unbalances_its_transfer(busy: Ledger) -> None:
    tamper(busy, "UPDATE postings SET amount_minor = amount_minor - 1 WHERE id = 3")
    assert {"balanced", "transfers", "balances"} <= checks(busy)


def test_changing_both_legs_consistently_is_still_caught(busy: Ledger) -> None:
    tamper(
        busy,
        "UPDATE postings SET amount_minor = -1 WHERE id = 3",
        "UPDATE postings SET amount_minor = 1 WHERE id = 4",
    )
    found = checks(busy)
    assert "balanced" not in found and {"transfers", "balances", "intents"} <= found


def test_a_transfer_inserted_behind_the_ledgers_back(busy: Ledger) -> None:
    tamper(
        busy,
        "INSERT INTO transfers (id, kind, idempotency_key, created_at) "
        "VALUES (99, 'transfer', 'sneaky', CURRENT_TIMESTAMP)",
        "INSERT INTO postings (transfer_id, account_id, currency, amount_minor) "
        "VALUES (99, 1, 'EUR', 500), (99, 2, 'EUR', -500)",
    )
    assert {"transfers", "balances"} <= checks(busy)


def test_a_rewritten_intent_state_is_caught(busy: Ledger) -> None:
    tamper(busy, "UPDATE payment_intents SET state = 'created' WHERE idempotency_key = 'order-0'")
    assert "intents" in checks(busy)


def test_a_second_transfer_for_an_intent_is_caught(busy: Ledger) -> None:
    if busy.backend == "sqlite":
        pytest.skip("SQLite cannot drop the inline UNIQUE on transfers.intent_id")
    # Only a schema without its unique constraint (or a bug) could hold this state.
    tamper(
        busy,
        "ALTER TABLE transfers DROP CONSTRAINT transfers_intent_id_key",
        "INSERT INTO transfers (id, kind, idempotency_key, intent_id, created_at) "
        "SELECT 99, kind, 'again', intent_id, created_at FROM transfers WHERE id = 2",
        "INSERT INTO postings (transfer_id, account_id, currency, amount_minor) "
        "SELECT 99, account_id, currency, amount_minor FROM postings WHERE transfer_id = 2",
    )
    report = verify(busy)
    assert any("has 2 transfers" in problem.detail for problem in report.problems)


def test_a_running_balance_that_differs_from_the_postings_is_caught(busy: Ledger) -> None:
    tamper(busy, "UPDATE wallet_balances SET balance_minor = balance_minor + 1")
    report = verify(busy)
    assert [p.check for p in report.problems] == ["running"], report.problems
    assert "postings give 8000" in report.problems[0].detail


def test_a_days_total_that_differs_from_the_settled_intents_is_caught(busy: Ledger) -> None:
    tamper(busy, "UPDATE wallet_balances SET spent_minor = 0")  # the daily limit would reset
    assert checks(busy) == {"running"}
