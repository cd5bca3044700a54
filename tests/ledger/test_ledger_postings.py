"""Double entry: balanced transfers, integer amounts, balances derived from postings."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from sightline.errors import SightlineError
from sightline.ledger import (
    FUNDING_ACCOUNT,
    WEARER_WALLET,
    AccountKind,
    InsufficientFunds,
    Ledger,
    Leg,
    verify,
)
from sightline.ledger.errors import IdempotencyConflict
from sightline.ledger.money import MAX_AMOUNT_MINOR


def test_funding_moves_money_from_the_external_account(ledger: Ledger) -> None:
    transfer = ledger.fund(WEARER_WALLET, 12_345, "EUR", "top-up-1")
    assert transfer.kind == "funding"
    assert sum(leg.amount_minor for leg in transfer.legs) == 0
    assert ledger.balance(WEARER_WALLET, "EUR") == 12_345
    assert ledger.balance(FUNDING_ACCOUNT, "EUR") == -12_345
    assert ledger.balance(WEARER_WALLET, "USD") == 0
    assert verify(ledger).ok


@pytest.mark.parametrize(
    ("legs", "code"),
    [
        ([Leg(FUNDING_ACCOUNT, -100, "EUR")], "unbalanced_transfer"),
        ([Leg(FUNDING_ACCOUNT, -100, "EUR"), Leg(WEARER_WALLET, 99, "EUR")], "unbalanced_transfer"),
        (
            [Leg(FUNDING_ACCOUNT, -100, "EUR"), Leg(WEARER_WALLET, 100, "USD")],
            "unbalanced_transfer",
        ),
        ([Leg(FUNDING_ACCOUNT, 0, "EUR"), Leg(WEARER_WALLET, 0, "EUR")], "invalid_amount"),
        ([Leg(FUNDING_ACCOUNT, -1.5, "EUR"), Leg(WEARER_WALLET, 1.5, "EUR")], "invalid_amount"),  # type: ignore[arg-type]
        ([Leg(FUNDING_ACCOUNT, -True, "EUR"), Leg(WEARER_WALLET, True, "EUR")], "invalid_amount"),
        (
            [
                Leg(FUNDING_ACCOUNT, -MAX_AMOUNT_MINOR - 1, "EUR"),
                Leg(WEARER_WALLET, MAX_AMOUNT_MINOR + 1, "EUR"),
            ],
            "invalid_amount",
        ),
        ([Leg(FUNDING_ACCOUNT, -100, "eur"), Leg(WEARER_WALLET, 100, "eur")], "invalid_currency"),
        (
            [Leg(FUNDING_ACCOUNT, -100, "EUR"), Leg("wallet:nobody", 100, "EUR")],
            "account_not_found",
        ),
    ],
)
def test_bad_transfers_are_refused_and_leave_nothing(
    ledger: Ledger, legs: list[Leg], code: str
) -> None:
    with pytest.raises(SightlineError) as caught:
        ledger.transfer(legs, "bad")
    assert caught.value.code == code
    report = verify(ledger)
    assert report.ok and report.transfers == 0


def test_a_wallet_never_goes_below_zero(ledger: Ledger) -> None:
    ledger.fund(WEARER_WALLET, 500, "EUR", "f")
    ledger.open_account("payee:shop", AccountKind.PAYEE)
    with pytest.raises(InsufficientFunds):
        ledger.transfer([Leg(WEARER_WALLET, -501, "EUR"), Leg("payee:shop", 501, "EUR")], "t1")
    ledger.transfer([Leg(WEARER_WALLET, -500, "EUR"), Leg("payee:shop", 500, "EUR")], "t2")
    assert ledger.balance(WEARER_WALLET, "EUR") == 0


def test_a_transfer_key_posts_once(ledger: Ledger) -> None:
    first = ledger.fund(WEARER_WALLET, 700, "EUR", "same-key")
    again = ledger.fund(WEARER_WALLET, 700, "EUR", "same-key")
    assert (again.id, again.replayed, first.replayed) == (first.id, True, False)
    assert ledger.balance(WEARER_WALLET, "EUR") == 700
    with pytest.raises(IdempotencyConflict):
        ledger.fund(WEARER_WALLET, 701, "EUR", "same-key")


def test_postings_and_transfers_are_append_only(ledger: Ledger) -> None:
    ledger.fund(WEARER_WALLET, 100, "EUR", "f")
    for statement in (
        "UPDATE postings SET amount_minor = 1",
        "DELETE FROM postings",
        "UPDATE transfers SET kind = 'x'",
        "DELETE FROM audit_log",
    ):
        with pytest.raises(DBAPIError), ledger.engine.begin() as connection:
            connection.execute(text(statement))
    assert ledger.balance(WEARER_WALLET, "EUR") == 100


WALLETS = (WEARER_WALLET, "wallet:second")
ACCOUNTS = (*WALLETS, "payee:a", "payee:b")
operation = st.one_of(
    st.tuples(
        st.just("fund"),
        st.sampled_from(WALLETS),
        st.integers(1, MAX_AMOUNT_MINOR // 1000),
        st.sampled_from(["EUR", "JPY"]),
    ),
    st.tuples(
        st.just("move"),
        st.tuples(st.sampled_from(WALLETS), st.sampled_from(ACCOUNTS)),
        st.integers(1, 10**9),
        st.sampled_from(["EUR", "JPY"]),
    ),
)


def test_balances_follow_any_sequence_of_transfers(make_ledger: Callable[..., Ledger]) -> None:
    ledger = make_ledger()
    ledger.open_account("wallet:second", AccountKind.WALLET)
    for payee in ("payee:a", "payee:b"):
        ledger.open_account(payee, AccountKind.PAYEE)
    run = iter(range(10**9))

    @settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(operation, min_size=1, max_size=12))
    def check(operations: list[tuple[str, object, int, str]]) -> None:
        expected = Counter(
            {
                (a, c): ledger.balance(a, c)
                for a in (*ACCOUNTS, FUNDING_ACCOUNT)
                for c in ("EUR", "JPY")
            }
        )
        for kind, target, amount, currency in operations:
            key = f"op-{next(run)}"
            if kind == "fund":
                assert isinstance(target, str)
                ledger.fund(target, amount, currency, key)
                expected[target, currency] += amount
                expected[FUNDING_ACCOUNT, currency] -= amount
                continue
            assert isinstance(target, tuple)
            source, sink = target
            legs = [Leg(source, -amount, currency), Leg(sink, amount, currency)]
            if source != sink and expected[source, currency] < amount:
                with pytest.raises(InsufficientFunds):
                    ledger.transfer(legs, key)
                continue
            ledger.transfer(legs, key)
            expected[source, currency] -= amount
            expected[sink, currency] += amount
        for (account, currency), amount in expected.items():
            assert ledger.balance(account, currency) == amount
        assert verify(ledger).ok

    check()
