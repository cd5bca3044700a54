"""Fault injection: a hook called at named points between the ledger's steps.

Tests pass a hook that raises `InjectedCrash` at one point, then reopen the ledger and check that
recovery reached a consistent state. `InjectedCrash` is a `BaseException`, like a real crash it
skips every `except Exception` clean-up; only the database's own rollback of the open
transaction happens (as when a process dies with a transaction open).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

FaultHook = Callable[[str], None]
"""Called with the name of each point as the ledger passes it; raising aborts there."""

FAULT_POINTS: Final = (
    "intent.created",
    "intent.created.committed",
    "intent.confirmed",
    "intent.confirmed.committed",
    "transfer.inserted",
    "transfer.posted",
    "intent.settled",
    "intent.settled.committed",
)
"""Every point, in the order a payment that records its consent first (`confirm`, then
`settle`: a connector's path) passes them. Names ending in `.committed` come right after a
commit; the others are inside the open transaction."""
PAYMENT_FAULT_POINTS: Final = tuple(p for p in FAULT_POINTS if p != "intent.confirmed.committed")
"""The points of `create_intent` then `settle`: confirming and settling are one transaction."""


class InjectedCrash(BaseException):
    """The simulated crash raised by `crash_at`.

    Args:
        point: The fault point where it was raised.
    """

    def __init__(self, point: str) -> None:
        super().__init__(f"injected crash at {point}")
        self.point = point


def crash_at(point: str, *, times: int = 1) -> FaultHook:
    """A hook that raises `InjectedCrash` the first `times` times `point` is reached.

    Raises:
        ValueError: For a name not in `FAULT_POINTS`.
    """
    if point not in FAULT_POINTS:
        raise ValueError(f"unknown fault point {point!r}; known: {', '.join(FAULT_POINTS)}")
    remaining = [times]

    def hook(name: str) -> None:
        if name == point and remaining[0] > 0:
            remaining[0] -= 1
            raise InjectedCrash(point)

    return hook


def no_faults(name: str) -> None:
    """The default hook: does nothing."""
