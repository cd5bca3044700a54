"""Test doubles for the ledger tests (a plain module: imported by name from this folder)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


class FakeClock:
    """A settable UTC clock (starts 2025-06-01 10:00 UTC)."""

    def __init__(self) -> None:
        self.now = datetime(2025, 6, 1, 10, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)
