"""Crash safety: a crash at every injected point, then a reopen, ends consistent and paid once."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Callable

import pytest
from sqlalchemy import func, select

from sightline.ledger import (
    FAULT_POINTS,
    PAYMENT_FAULT_POINTS,
    WEARER_WALLET,
    AlreadySettled,
    InjectedCrash,
    IntentState,
    Ledger,
    crash_at,
    verify,
)
from sightline.ledger.models import PaymentIntent, Transfer

AMOUNT, FUNDS = 2_500, 10_000
IN_SETTLEMENT = ("transfer.inserted", "transfer.posted", "intent.settled")
"""Points inside the settling transaction after the intent was confirmed in it."""
CASES = [(point, point == "intent.confirmed.committed") for point in FAULT_POINTS] + [
    (point, True) for point in IN_SETTLEMENT
]
"""(point, confirm first): every point on the one-transaction path (`create_intent`, `settle`),
and the connector's path (`confirm`, then `settle`) for the points where consent is recorded."""


class Armed:
    """A fault hook that does nothing until armed at one point; records every point passed."""

    def __init__(self) -> None:
        self.point: str | None = None
        self.seen: list[str] = []

    def __call__(self, name: str) -> None:
        self.seen.append(name)
        if name == self.point:
            self.point = None
            raise InjectedCrash(name)


def pay(ledger: Ledger, key: str = "order-1", *, confirm_first: bool = False) -> int:
    """The client: create (or replay) the intent, settle; `already_settled` counts as paid.

    `confirm_first`: record the consent in its own transaction first (a connector's path).
    """
    ticket = ledger.create_intent("payee:cafe", AMOUNT, "EUR", key)
    if ticket.nonce is None:
        assert ticket.intent.transfer_id is not None
        return ticket.intent.transfer_id
    if confirm_first:
        ledger.confirm(ticket.intent.id, ticket.nonce)
    try:
        return ledger.settle(ticket.intent.id, ticket.nonce).transfer_id
    except AlreadySettled as done:
        return done.transfer_id


def intents_and_transfers(ledger: Ledger) -> tuple[list[str], int]:
    with ledger.read_session() as session:
        states = list(session.scalars(select(PaymentIntent.state)))
        transfers = session.execute(
            select(func.count()).select_from(Transfer).where(Transfer.kind == "payment")
        ).scalar_one()
    return states, transfers


@pytest.mark.parametrize("confirm_first", [False, True])
def test_a_payment_passes_every_fault_point_in_order(
    make_ledger: Callable[..., Ledger], confirm_first: bool
) -> None:
    hook = Armed()
    ledger = make_ledger(faults=hook)
    ledger.fund(WEARER_WALLET, FUNDS, "EUR", "funding")
    hook.seen.clear()
    pay(ledger, confirm_first=confirm_first)
    points = FAULT_POINTS if confirm_first else PAYMENT_FAULT_POINTS
    assert tuple(dict.fromkeys(hook.seen)) == points


def state_after_crash(point: str, confirm_first: bool) -> list[str]:
    """What a crash at `point` leaves once the ledger is reopened (and recovered)."""
    if point == "intent.created":
        return []
    if point in ("intent.created.committed", "intent.confirmed"):
        return [IntentState.CREATED]
    if confirm_first or point == "intent.settled.committed":
        return [IntentState.SETTLED]  # recovery settles the consent recorded before the crash
    return [IntentState.CREATED]  # the one transaction rolled back: nonce unused, nothing paid


@pytest.mark.parametrize(("point", "confirm_first"), CASES)
def test_crash_then_reopen_recovers(
    make_ledger: Callable[..., Ledger], point: str, confirm_first: bool
) -> None:
    hook = Armed()
    crashed = make_ledger(faults=hook)
    crashed.fund(WEARER_WALLET, FUNDS, "EUR", "funding")
    hook.point = point
    with pytest.raises(InjectedCrash):
        pay(crashed, confirm_first=confirm_first)
    crashed.close()  # the process is gone: its connections with it

    reopened = make_ledger()  # open_ledger runs recover()
    states, transfers = intents_and_transfers(reopened)
    assert states == state_after_crash(point, confirm_first)
    assert transfers == (0 if states != [IntentState.SETTLED] else 1)
    assert verify(reopened).ok

    pay(reopened)  # the client retries from the start
    assert intents_and_transfers(reopened) == ([IntentState.SETTLED], 1)
    assert reopened.balance(WEARER_WALLET, "EUR") == FUNDS - AMOUNT
    assert verify(reopened).ok


@pytest.mark.parametrize("point", IN_SETTLEMENT)
def test_a_crash_during_recovery_is_recovered_by_the_next_open(
    make_ledger: Callable[..., Ledger], point: str
) -> None:
    hook = Armed()
    ledger = make_ledger(faults=hook)
    ledger.fund(WEARER_WALLET, FUNDS, "EUR", "funding")
    hook.point = point
    with pytest.raises(InjectedCrash):
        pay(ledger, confirm_first=True)  # consent recorded: recovery has to settle it
    ledger.close()
    with pytest.raises(InjectedCrash):
        make_ledger(faults=crash_at(point))  # recovery itself crashes at the same point
    recovered = make_ledger()
    assert intents_and_transfers(recovered) == ([IntentState.SETTLED], 1)
    assert recovered.balance(WEARER_WALLET, "EUR") == FUNDS - AMOUNT
    assert verify(recovered).ok


@pytest.mark.parametrize("point", ["transfer.inserted", "transfer.posted"])
def test_a_crash_while_funding_leaves_nothing_and_the_retry_posts_once(
    make_ledger: Callable[..., Ledger], point: str
) -> None:
    crashed = make_ledger(faults=crash_at(point))
    with pytest.raises(InjectedCrash):
        crashed.fund(WEARER_WALLET, FUNDS, "EUR", "funding")
    crashed.close()
    ledger = make_ledger()
    assert ledger.balance(WEARER_WALLET, "EUR") == 0
    ledger.fund(WEARER_WALLET, FUNDS, "EUR", "funding")
    assert ledger.fund(WEARER_WALLET, FUNDS, "EUR", "funding").replayed
    assert ledger.balance(WEARER_WALLET, "EUR") == FUNDS
    assert verify(ledger).ok


KILLER = textwrap.dedent(
    """
    import os, sys
    from sightline.ledger import open_ledger, WEARER_WALLET

    armed = False

    def die(point):
        if armed and point == sys.argv[2]:
            os._exit(17)  # no rollback, no clean-up: the process just stops

    ledger = open_ledger(sys.argv[1], faults=die)
    ledger.fund(WEARER_WALLET, 10_000, "EUR", "funding")
    armed = True
    ticket = ledger.create_intent("payee:cafe", 2_500, "EUR", "order-1")
    if sys.argv[3] == "confirm-first":
        ledger.confirm(ticket.intent.id, ticket.nonce)
    ledger.settle(ticket.intent.id, ticket.nonce)
    """
)


@pytest.mark.parametrize(
    ("point", "confirm_first"),
    [("transfer.posted", False), ("transfer.posted", True), ("intent.confirmed.committed", True)],
)
def test_a_killed_process_is_recovered(
    ledger_url: str, make_ledger: Callable[..., Ledger], point: str, confirm_first: bool
) -> None:
    path = "confirm-first" if confirm_first else "settle"
    done = subprocess.run(
        [sys.executable, "-c", KILLER, ledger_url, point, path], capture_output=True, timeout=120
    )
    assert done.returncode == 17, done.stderr.decode()
    ledger = make_ledger()
    assert intents_and_transfers(ledger)[0] == state_after_crash(point, confirm_first)
    pay(ledger)  # the client retries: paid once, whoever finished it
    assert intents_and_transfers(ledger) == ([IntentState.SETTLED], 1)
    assert ledger.balance(WEARER_WALLET, "EUR") == FUNDS - AMOUNT
    assert verify(ledger).ok
