"""Payment intents: life cycle, nonces, idempotent creation, expiry, cancellation, limits."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ledger_fakes import FakeClock

from sightline.errors import SightlineError
from sightline.ledger import (
    WEARER_WALLET,
    AccountKind,
    AlreadySettled,
    InsufficientFunds,
    IntentCancelled,
    IntentExpired,
    IntentNotFound,
    IntentState,
    Ledger,
    Leg,
    LimitExceeded,
    Limits,
    NonceMismatch,
    verify,
)
from sightline.ledger.errors import IdempotencyConflict


@pytest.fixture
def funded(ledger: Ledger) -> Ledger:
    ledger.fund(WEARER_WALLET, 10_000, "EUR", "funding")
    return ledger


def test_created_confirmed_settled(funded: Ledger) -> None:
    ticket = funded.create_intent("payee:cafe", 450, "EUR", "order-1", memo="flat white")
    assert ticket.intent.state == IntentState.CREATED and ticket.nonce
    assert ticket.intent.expires_at > ticket.intent.created_at
    confirmed = funded.confirm(ticket.intent.id, ticket.nonce)
    assert confirmed.state == IntentState.CONFIRMED and confirmed.confirmed_at
    assert funded.confirm(ticket.intent.id, ticket.nonce).state == IntentState.CONFIRMED
    settlement = funded.settle(ticket.intent.id, ticket.nonce)
    assert settlement.intent.state == IntentState.SETTLED
    assert settlement.intent.transfer_id == settlement.transfer_id
    assert funded.get_intent(ticket.intent.id).transfer_id == settlement.transfer_id
    assert funded.balance(WEARER_WALLET, "EUR") == 9_550
    assert funded.balance("payee:cafe", "EUR") == 450
    assert verify(funded).ok


def test_settle_confirms_on_the_way(funded: Ledger) -> None:
    ticket = funded.create_intent("payee:cafe", 100, "EUR", "order-1")
    assert ticket.nonce
    assert funded.settle(ticket.intent.id, ticket.nonce).intent.state == IntentState.SETTLED


def test_a_retry_after_settling_is_already_settled(funded: Ledger) -> None:
    ticket = funded.create_intent("payee:cafe", 100, "EUR", "order-1")
    assert ticket.nonce
    settlement = funded.settle(ticket.intent.id, ticket.nonce)
    with pytest.raises(AlreadySettled) as caught:
        funded.settle(ticket.intent.id, ticket.nonce)
    assert caught.value.transfer_id == settlement.transfer_id
    with pytest.raises(AlreadySettled):
        funded.confirm(ticket.intent.id, ticket.nonce)
    with pytest.raises(AlreadySettled):
        funded.cancel(ticket.intent.id)
    assert funded.balance(WEARER_WALLET, "EUR") == 9_900


def test_wrong_nonce_and_unknown_intent(funded: Ledger) -> None:
    ticket = funded.create_intent("payee:cafe", 100, "EUR", "order-1")
    with pytest.raises(NonceMismatch):
        funded.settle(ticket.intent.id, "not-the-nonce")
    with pytest.raises(IntentNotFound):
        funded.settle("pi_missing", "x")
    with pytest.raises(IntentNotFound):
        funded.get_intent("pi_missing")
    assert funded.get_intent(ticket.intent.id).state == IntentState.CREATED


def test_creating_again_with_the_key_replays_with_a_fresh_nonce(funded: Ledger) -> None:
    first = funded.create_intent("payee:cafe", 100, "EUR", "order-1")
    again = funded.create_intent("payee:cafe", 100, "EUR", "order-1")
    assert again.replayed and again.intent.id == first.intent.id
    assert first.nonce and again.nonce and again.nonce != first.nonce
    with pytest.raises(NonceMismatch):
        funded.settle(first.intent.id, first.nonce)
    funded.settle(again.intent.id, again.nonce)
    late = funded.create_intent("payee:cafe", 100, "EUR", "order-1")
    assert late.replayed and late.nonce is None and late.intent.state == IntentState.SETTLED
    with pytest.raises(IdempotencyConflict):
        funded.create_intent("payee:cafe", 101, "EUR", "order-1")
    with pytest.raises(IdempotencyConflict):
        funded.create_intent("payee:other", 100, "EUR", "order-1")


def test_expiry(funded: Ledger, clock: FakeClock) -> None:
    ticket = funded.create_intent("payee:cafe", 100, "EUR", "order-1")
    assert ticket.nonce
    clock.advance(minutes=5)
    with pytest.raises(IntentExpired):
        funded.settle(ticket.intent.id, ticket.nonce)
    expired = funded.get_intent(ticket.intent.id)
    assert expired.state == IntentState.EXPIRED and expired.closed_at == clock.now
    with pytest.raises(IntentExpired):
        funded.confirm(ticket.intent.id, ticket.nonce)
    assert funded.balance(WEARER_WALLET, "EUR") == 10_000
    assert verify(funded).ok


def test_overdue_intents_expire_on_recovery_but_confirmed_ones_settle(
    funded: Ledger, clock: FakeClock
) -> None:
    stale = funded.create_intent("payee:cafe", 100, "EUR", "order-1")
    confirmed = funded.create_intent("payee:cafe", 200, "EUR", "order-2", ttl=None)
    assert confirmed.nonce
    funded.confirm(confirmed.intent.id, confirmed.nonce)
    clock.advance(hours=1)
    report = funded.recover()
    assert report.expired == [stale.intent.id]
    assert report.settled == [confirmed.intent.id]  # consent was given in time
    assert funded.get_intent(stale.intent.id).state == IntentState.EXPIRED
    assert funded.balance(WEARER_WALLET, "EUR") == 9_800
    assert not funded.recover().changed


def test_cancel(funded: Ledger) -> None:
    ticket = funded.create_intent("payee:cafe", 100, "EUR", "order-1")
    assert ticket.nonce
    cancelled = funded.cancel(ticket.intent.id, reason="wearer said no")
    assert cancelled.state == IntentState.CANCELLED and cancelled.reason == "wearer said no"
    assert funded.cancel(ticket.intent.id).state == IntentState.CANCELLED
    with pytest.raises(IntentCancelled):
        funded.settle(ticket.intent.id, ticket.nonce)
    assert verify(funded).ok


def test_insufficient_funds_declines_and_a_later_retry_pays(funded: Ledger) -> None:
    ticket = funded.create_intent("payee:shop", 15_000, "EUR", "order-1")
    assert ticket.nonce
    with pytest.raises(InsufficientFunds):
        funded.settle(ticket.intent.id, ticket.nonce)
    assert funded.get_intent(ticket.intent.id).state == IntentState.CREATED
    funded.fund(WEARER_WALLET, 5_000, "EUR", "more")
    assert funded.settle(ticket.intent.id, ticket.nonce).intent.state == IntentState.SETTLED
    assert funded.balance(WEARER_WALLET, "EUR") == 0


def test_per_payment_limit_refuses_at_creation(funded: Ledger) -> None:
    funded.set_limits(WEARER_WALLET, "EUR", Limits(per_payment_minor=1_000))
    with pytest.raises(LimitExceeded) as caught:
        funded.create_intent("payee:shop", 1_001, "EUR", "order-1")
    assert caught.value.limit == "per_payment" and caught.value.code == "limit_exceeded"
    assert funded.create_intent("payee:shop", 1_000, "EUR", "order-2").nonce
    assert funded.limits(WEARER_WALLET, "EUR") == Limits(per_payment_minor=1_000)
    assert funded.limits(WEARER_WALLET, "USD") == Limits()


def test_per_day_limit_counts_the_utc_day(funded: Ledger, clock: FakeClock) -> None:
    funded.set_limits(WEARER_WALLET, "EUR", Limits(per_day_minor=1_000))
    tickets = [funded.create_intent("payee:shop", 400, "EUR", f"o{i}") for i in range(3)]
    for ticket in tickets[:2]:
        assert ticket.nonce
        funded.settle(ticket.intent.id, ticket.nonce)
    last = tickets[2]
    assert last.nonce
    with pytest.raises(LimitExceeded) as caught:
        funded.settle(last.intent.id, last.nonce)
    assert caught.value.limit == "per_day"
    clock.now = clock.now.replace(hour=23, minute=59)
    fresh = funded.create_intent("payee:shop", 400, "EUR", "o-late")
    clock.advance(minutes=2)  # past midnight UTC: a new day, the intent not yet expired
    assert fresh.nonce
    funded.settle(fresh.intent.id, fresh.nonce)
    assert funded.balance(WEARER_WALLET, "EUR") == 10_000 - 1_200


def test_default_limits_apply_without_a_wallet_row(make_ledger: Callable[..., Ledger]) -> None:
    ledger = make_ledger(default_limits={"EUR": Limits(per_payment_minor=50)})
    with pytest.raises(LimitExceeded):
        ledger.create_intent("payee:shop", 51, "EUR", "o1")
    ledger.set_limits(WEARER_WALLET, "EUR", Limits(per_payment_minor=100))
    assert ledger.create_intent("payee:shop", 51, "EUR", "o2").nonce


@pytest.mark.parametrize(
    ("payee", "amount", "currency", "key", "code"),
    [
        ("payee:x", 0, "EUR", "k", "invalid_amount"),
        ("payee:x", -5, "EUR", "k", "invalid_amount"),
        ("payee:x", 2.5, "EUR", "k", "invalid_amount"),
        ("payee:x", 5, "E", "k", "invalid_currency"),
        ("payee:x", 5, "EUR", "", "invalid_request"),
        ("", 5, "EUR", "k", "invalid_account"),
        (WEARER_WALLET, 5, "EUR", "k", "invalid_account"),
    ],
)
def test_bad_intents_are_refused(
    funded: Ledger, payee: str, amount: int, currency: str, key: str, code: str
) -> None:
    with pytest.raises(SightlineError) as caught:
        funded.create_intent(payee, amount, currency, key)
    assert caught.value.code == code


def test_paying_to_a_payee_account_only(funded: Ledger) -> None:
    with pytest.raises(SightlineError) as caught:
        funded.create_intent("payee:x", 5, "EUR", "k", wallet="payee:nobody")
    assert caught.value.code == "account_not_found"
    funded.transfer([Leg(WEARER_WALLET, -5, "EUR"), Leg("external:funding", 5, "EUR")], "refund")
    assert funded.balance(WEARER_WALLET, "EUR") == 9_995


def test_any_sequence_of_payments_obeys_funds_and_limits(
    make_ledger: Callable[..., Ledger], clock: FakeClock
) -> None:
    """Hypothesis: a model of funds, per-payment and per-day limits predicts every outcome."""
    ledger = make_ledger()
    keys = iter(range(10**9))

    @settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        funds=st.integers(0, 5_000),
        per_payment=st.integers(1, 2_000),
        per_day=st.integers(1, 4_000),
        steps=st.lists(st.tuples(st.integers(1, 2_500), st.booleans()), max_size=10),
    )
    def check(funds: int, per_payment: int, per_day: int, steps: list[tuple[int, bool]]) -> None:
        clock.advance(days=1)  # a fresh day for each example
        wallet = f"wallet:w{next(keys)}"
        ledger.open_account(wallet, AccountKind.WALLET)
        ledger.set_limits(wallet, "EUR", Limits(per_payment, per_day))
        if funds:
            ledger.fund(wallet, funds, "EUR", f"fund-{wallet}")
        balance, today = funds, 0
        for amount, next_day in steps:
            if next_day:
                clock.advance(days=1)
                today = 0
            key = f"pay-{next(keys)}"
            if amount > per_payment:
                with pytest.raises(LimitExceeded):
                    ledger.create_intent("payee:p", amount, "EUR", key, wallet=wallet)
                continue
            ticket = ledger.create_intent("payee:p", amount, "EUR", key, wallet=wallet)
            assert ticket.nonce
            if today + amount > per_day:
                with pytest.raises(LimitExceeded):
                    ledger.settle(ticket.intent.id, ticket.nonce)
            elif amount > balance:
                with pytest.raises(InsufficientFunds):
                    ledger.settle(ticket.intent.id, ticket.nonce)
            else:
                ledger.settle(ticket.intent.id, ticket.nonce)
                balance, today = balance - amount, today + amount
            assert ledger.balance(wallet, "EUR") == balance

    check()
    assert verify(ledger).ok
