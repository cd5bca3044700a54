"""The ledger benchmark: a short run per backend must be consistent with no double spend."""

from __future__ import annotations

import pytest

from sightline.bench.ledger import run_ledger_benchmark


def test_threads_with_retries_and_duplicates(ledger_url: str) -> None:
    result = run_ledger_benchmark(ledger_url, clients=8, payments=120, retry_rate=0.3, seed=1)
    assert result["consistent"] is True, result
    assert result["double_spends"] == 0 and result["payments"] == result["settled"] == 120
    assert result["already_settled"] > 0 and result["errors"] == {}
    assert result["per_second"] > 0 and result["verify"]["ok"]


def test_processes(ledger_url: str) -> None:
    result = run_ledger_benchmark(
        ledger_url, clients=3, payments=45, retry_rate=0.5, mode="processes", seed=2
    )
    assert result["consistent"] is True, result
    assert result["mode"] == "processes" and result["double_spends"] == 0


def test_processes_paying_from_several_wallets(ledger_url: str) -> None:
    result = run_ledger_benchmark(
        ledger_url, clients=3, payments=45, retry_rate=0.3, mode="processes", seed=3, wallets=4
    )
    assert result["consistent"] is True, result
    assert result["wallets"] == 4 and result["settled"] == 45 and result["double_spends"] == 0


def test_a_temporary_sqlite_file_by_default() -> None:
    result = run_ledger_benchmark(None, clients=2, payments=10)
    assert result["backend"] == "sqlite" and result["consistent"]


def test_bad_arguments() -> None:
    with pytest.raises(ValueError):
        run_ledger_benchmark(None, clients=0)
    with pytest.raises(ValueError):
        run_ledger_benchmark(None, wallets=0)
