"""Fixtures: a funded SQLite ledger, a clock, and simulated glasses (see pay_fixtures.py)."""

from __future__ import annotations

from pay_fixtures import clock, device, ledger

__all__ = ["clock", "device", "ledger"]
