"""Concurrency: duplicate confirmations, racing payments on one wallet, racing creations."""

from __future__ import annotations

import asyncio
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import TypeVar

import pytest
from sqlalchemy import func, select

from sightline.ledger import (
    WEARER_WALLET,
    AlreadySettled,
    LedgerError,
    Limits,
    LocalWallet,
    Money,
    PaymentRequest,
    verify,
)
from sightline.ledger.ledger import Ledger
from sightline.ledger.models import Transfer

T = TypeVar("T")
THREADS = 16


def hammer(calls: Sequence[Callable[[], T]]) -> Counter[str]:
    """Run every call at once (a barrier releases them together); count outcomes by code."""
    barrier = threading.Barrier(len(calls))

    def run(call: Callable[[], T]) -> str:
        barrier.wait()
        try:
            call()
        except LedgerError as exc:
            return exc.code
        return "ok"

    with ThreadPoolExecutor(len(calls)) as pool:
        return Counter(pool.map(run, calls))


def at_once(calls: Sequence[Callable[[], T]]) -> list[T]:
    """Run every call at once (a barrier releases them together); their results in order."""
    barrier = threading.Barrier(len(calls))

    def run(call: Callable[[], T]) -> T:
        barrier.wait()
        return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


def transfers_of(ledger: Ledger, intent_id: str) -> int:
    with ledger.read_session() as session:
        return session.execute(
            select(func.count()).select_from(Transfer).where(Transfer.intent_id == intent_id)
        ).scalar_one()


def test_threads_hammering_one_intent_make_one_transfer(ledger: Ledger) -> None:
    ledger.fund(WEARER_WALLET, 100_000, "EUR", "funding")
    for round_ in range(3):
        ticket = ledger.create_intent("payee:cafe", 1_000, "EUR", f"order-{round_}")
        nonce = ticket.nonce
        assert nonce
        intent_id = ticket.intent.id
        outcomes = hammer([partial(ledger.settle, intent_id, nonce)] * THREADS)
        assert outcomes == Counter({"ok": 1, "already_settled": THREADS - 1})
        assert transfers_of(ledger, ticket.intent.id) == 1
    assert ledger.balance(WEARER_WALLET, "EUR") == 97_000
    assert verify(ledger).ok


def test_confirm_and_settle_mixed_with_cancel(ledger: Ledger) -> None:
    ledger.fund(WEARER_WALLET, 10_000, "EUR", "funding")
    ticket = ledger.create_intent("payee:cafe", 1_000, "EUR", "order")
    nonce = ticket.nonce
    assert nonce
    intent_id = ticket.intent.id
    calls: list[Callable[[], object]] = [lambda: ledger.settle(intent_id, nonce)] * 8
    calls += [lambda: ledger.confirm(intent_id, nonce)] * 4 + [lambda: ledger.cancel(intent_id)]
    outcomes = hammer(calls)
    state = ledger.get_intent(intent_id).state
    assert transfers_of(ledger, intent_id) == (1 if state == "settled" else 0)
    assert state in ("settled", "cancelled")
    if state == "settled":
        assert outcomes["already_settled"] >= 1  # at least the cancel, or late settles
    assert verify(ledger).ok


def test_racing_payments_cannot_overdraw_the_wallet(ledger: Ledger) -> None:
    ledger.fund(WEARER_WALLET, 1_000, "EUR", "funding")
    tickets = [ledger.create_intent("payee:shop", 100, "EUR", f"o{i}") for i in range(24)]
    outcomes = hammer([partial(ledger.settle, t.intent.id, t.nonce or "") for t in tickets])
    assert outcomes == Counter({"ok": 10, "insufficient_funds": 14})
    assert ledger.balance(WEARER_WALLET, "EUR") == 0
    assert verify(ledger).ok


def test_racing_payments_respect_the_daily_limit(ledger: Ledger) -> None:
    ledger.fund(WEARER_WALLET, 100_000, "EUR", "funding")
    ledger.set_limits(WEARER_WALLET, "EUR", Limits(per_day_minor=500))
    tickets = [ledger.create_intent("payee:shop", 100, "EUR", f"o{i}") for i in range(THREADS)]
    outcomes = hammer([partial(ledger.settle, t.intent.id, t.nonce or "") for t in tickets])
    assert outcomes == Counter({"ok": 5, "limit_exceeded": THREADS - 5})
    assert ledger.balance(WEARER_WALLET, "EUR") == 100_000 - 500


def test_racing_creations_with_one_key_make_one_intent(ledger: Ledger) -> None:
    results: list[str] = []

    def create() -> None:
        results.append(ledger.create_intent("payee:new-shop", 300, "EUR", "same").intent.id)

    outcomes = hammer([create] * THREADS)
    assert outcomes == Counter({"ok": THREADS})
    assert len(set(results)) == 1
    assert len([a for a in ledger.accounts() if a.name == "payee:new-shop"]) == 1
    assert verify(ledger).ok


def test_two_ledger_instances_share_the_guarantees(make_ledger: Callable[..., Ledger]) -> None:
    """Two engines (as two processes would have) racing on the same intents."""
    first, second = make_ledger(), make_ledger()
    first.fund(WEARER_WALLET, 50_000, "EUR", "funding")
    for round_ in range(3):
        ticket = first.create_intent("payee:cafe", 700, "EUR", f"order-{round_}")
        nonce = ticket.nonce
        assert nonce
        calls = [
            partial(ledger.settle, ticket.intent.id, nonce)
            for ledger in (first, second) * (THREADS // 2)
        ]
        assert hammer(calls) == Counter({"ok": 1, "already_settled": THREADS - 1})
    assert second.balance(WEARER_WALLET, "EUR") == 50_000 - 2_100
    assert verify(second).ok


def settle_result(ledger: Ledger, intent_id: str, nonce: str) -> tuple[str, int]:
    """What a hub tells the wearer: paid (first time) or already paid, with the transfer."""
    try:
        return "settled", ledger.settle(intent_id, nonce).transfer_id
    except AlreadySettled as done:
        return "already_settled", done.transfer_id


@pytest.mark.parametrize("ledger_url", ["postgresql"], indirect=True)
def test_two_hubs_confirming_one_intent_charge_once_and_agree(
    make_ledger: Callable[..., Ledger],
) -> None:
    """A wearer confirms on one hub, loses the connection, confirms again on another hub (a
    second process: its own engine and pool) while the first is still settling: one transfer,
    both hubs report it, and a replay later gets the same one."""
    hub_a, hub_b = make_ledger(), make_ledger()
    assert hub_a.engine is not hub_b.engine
    hub_a.fund(WEARER_WALLET, 50_000, "EUR", "funding")
    for round_ in range(8):
        ticket = hub_a.create_intent("payee:cafe", 1_000, "EUR", f"order-{round_}")
        nonce = ticket.nonce
        assert nonce
        calls = [partial(settle_result, hub, ticket.intent.id, nonce) for hub in (hub_a, hub_b)]
        results = at_once(calls)
        assert sorted(kind for kind, _ in results) == ["already_settled", "settled"]
        transfer_id = results[0][1]
        assert results[1][1] == transfer_id and transfer_id > 0
        assert transfers_of(hub_b, ticket.intent.id) == 1
        for hub in (hub_b, hub_a):  # replays after success, on either hub
            assert settle_result(hub, ticket.intent.id, nonce) == ("already_settled", transfer_id)
        assert hub_b.get_intent(ticket.intent.id).transfer_id == transfer_id
    assert hub_a.balance(WEARER_WALLET, "EUR") == 50_000 - 8_000
    assert verify(hub_b).ok


@pytest.mark.parametrize("ledger_url", ["postgresql"], indirect=True)
async def test_two_hubs_wallets_return_one_receipt(make_ledger: Callable[..., Ledger]) -> None:
    """Through `LocalWallet` (what the gate calls): both hubs' receipts name the one transfer."""
    hub_a, hub_b = LocalWallet(make_ledger()), LocalWallet(make_ledger())
    hub_a.ledger.fund(WEARER_WALLET, 5_000, "EUR", "funding")
    pending = await hub_a.prepare(PaymentRequest("payee:cafe", Money(2_350, "EUR"), "qr-1"))
    first, second = await asyncio.gather(hub_a.pay(pending), hub_b.pay(pending))
    assert first.reference == second.reference
    assert sorted([first.replayed, second.replayed]) == [False, True]
    again = await hub_b.pay(pending)  # reconnected later: the first result, no second charge
    assert (again.reference, again.replayed) == (first.reference, True)
    assert await hub_b.balance("EUR") == Money(5_000 - 2_350, "EUR")
    assert verify(hub_b.ledger).ok
