"""Settling in batches: one transaction for concurrent calls, each call its own outcome."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence

import pytest
from ledger_fakes import FakeClock
from sqlalchemy import func, select

from sightline.ledger import (
    WEARER_WALLET,
    AlreadySettled,
    InsufficientFunds,
    IntentExpired,
    IntentNotFound,
    Ledger,
    NonceMismatch,
    Settlement,
    verify,
)
from sightline.ledger.batcher import Batcher
from sightline.ledger.models import Transfer
from sightline.ledger.settlement import Outcome, SettleRequest


def run_batch(ledger: Ledger, requests: Sequence[SettleRequest]) -> list[Outcome]:
    """Settle `requests` as one batch (what concurrent `settle` calls of a process share)."""
    return ledger._settle_batch(requests)


def test_one_batch_pays_each_intent_once_and_answers_each_call(
    ledger: Ledger, clock: FakeClock
) -> None:
    ledger.fund(WEARER_WALLET, 1_000, "EUR", "funding")
    first = ledger.create_intent("payee:cafe", 600, "EUR", "first")
    second = ledger.create_intent("payee:cafe", 600, "EUR", "second")  # does not fit after first
    late = ledger.create_intent("payee:cafe", 100, "EUR", "late")
    assert first.nonce and second.nonce and late.nonce
    ledger.confirm(first.intent.id, first.nonce)  # consent given in time (a connector's path)
    ledger.confirm(second.intent.id, second.nonce)
    clock.advance(minutes=10)  # past the expiry: only the unconfirmed intent expires
    outcomes = run_batch(
        ledger,
        [
            SettleRequest(first.intent.id, first.nonce),
            SettleRequest(first.intent.id, first.nonce),  # the same call twice in one batch
            SettleRequest(second.intent.id, second.nonce),
            SettleRequest(late.intent.id, late.nonce),
            SettleRequest(first.intent.id, "wrong"),
            SettleRequest("pi_missing", "x"),
        ],
    )
    paid, again, short, expired, wrong, missing = outcomes
    assert isinstance(paid, Settlement) and paid.intent.state == "settled"
    assert isinstance(again, AlreadySettled) and again.transfer_id == paid.transfer_id
    assert isinstance(short, InsufficientFunds)
    assert isinstance(expired, IntentExpired)
    assert isinstance(wrong, NonceMismatch) and isinstance(missing, IntentNotFound)
    assert ledger.get_intent(second.intent.id).state == "created"  # declined, consent undone
    assert ledger.get_intent(late.intent.id).state == "expired"
    assert ledger.balance(WEARER_WALLET, "EUR") == 400
    with ledger.read_session() as session:
        assert session.execute(select(func.count()).select_from(Transfer)).scalar_one() == 2
    assert verify(ledger).ok


def test_concurrent_calls_share_batches_in_arrival_order() -> None:
    sizes: list[int] = []

    def run(batch: Sequence[int]) -> list[int]:
        sizes.append(len(batch))
        time.sleep(0.02)
        return [value * 2 for value in batch]

    batcher: Batcher[int, int] = Batcher(run)
    results: dict[int, int] = {}
    threads = [
        threading.Thread(target=lambda v=v: results.__setitem__(v, batcher.submit(v)))
        for v in range(12)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == {v: v * 2 for v in range(12)}
    assert sum(sizes) == 12 and max(sizes) > 1


def test_a_failed_batch_fails_each_of_its_calls_and_the_next_batch_runs() -> None:
    calls: list[Sequence[str]] = []

    def run(batch: Sequence[str]) -> list[str]:
        calls.append(batch)
        if "boom" in batch:
            raise RuntimeError("database gone")
        return list(batch)

    batcher: Batcher[str, str] = Batcher(run)
    with pytest.raises(RuntimeError):
        batcher.submit("boom")
    assert batcher.submit("fine") == "fine"
    assert calls == [["boom"], ["fine"]]
