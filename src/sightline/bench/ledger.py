"""`run_ledger_benchmark`: concurrent clients settling payments with retries and duplicates.

Phase 1 creates the intents (threads; a `retry_rate` share is created twice with the same key,
as a client does after a lost response). Phase 2 is measured: `clients` threads or processes
settle them; a `retry_rate` share of intents is also confirmed by a second client at the same
moment (queued next to each other, dealt to different clients), and after a success a client
re-sends with probability `retry_rate`. Then a full `verify` and a count of transfers per intent.
"""

from __future__ import annotations

import json
import random
import secrets
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import func, select

from sightline.bench.ledger_client import Item, settle_items
from sightline.bench.stats import percentile
from sightline.ledger.factory import open_ledger
from sightline.ledger.ledger import Ledger
from sightline.ledger.limits import Limits
from sightline.ledger.models import Account, AccountKind, IntentState, PaymentIntent, Transfer
from sightline.ledger.verify import verify

CURRENCY = "EUR"
FUNDING_SPARE = 1_000
"""What the wallet keeps after every payment: the balance check of the run."""


def _run_processes(url: str, work: list[list[Item]]) -> list[dict[str, Any]]:
    """Each client a `python -m sightline.bench.ledger_client` process, started together."""
    command = [sys.executable, "-m", "sightline.bench.ledger_client"]
    processes = [
        subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        for _ in work
    ]
    try:
        for process, items in zip(processes, work, strict=True):
            assert process.stdin is not None
            process.stdin.write(json.dumps({"url": url, "items": items}) + "\n")
            process.stdin.flush()
        for process in processes:
            assert process.stdout is not None
            if process.stdout.readline().strip() != "ready":
                raise RuntimeError("a benchmark client failed to start (see its stderr)")
        for process in processes:
            assert process.stdin is not None
            process.stdin.write("go\n")
            process.stdin.flush()
        results = []
        for process in processes:
            assert process.stdout is not None
            results.append(json.loads(process.stdout.readline()))
        return results
    finally:
        for process in processes:
            if process.stdin is not None:
                process.stdin.close()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _run_threads(ledger: Ledger, work: list[list[Item]]) -> list[dict[str, Any]]:
    barrier = threading.Barrier(len(work))

    def client(items: list[Item]) -> dict[str, Any]:
        barrier.wait()
        return settle_items(ledger, items)

    with ThreadPoolExecutor(len(work)) as pool:
        return list(pool.map(client, work))


def _prepare(
    ledger: Ledger, run: str, bench: _Run, rng: random.Random
) -> tuple[list[str], list[tuple[str, str, int]], float]:
    """Open the run's wallets and payees, fund them, create the intents (timed); payment i is
    paid from wallet i mod `wallets`."""
    wallets = [f"wallet:bench-{run}-{n}" for n in range(bench.wallets)]
    amounts = [rng.randint(1, 5_000) for _ in range(bench.payments)]
    for n, wallet in enumerate(wallets):
        ledger.open_account(wallet, AccountKind.WALLET)
        limits = Limits(per_payment_minor=10**6, per_day_minor=10**12)
        ledger.set_limits(wallet, CURRENCY, limits)
        total = sum(amounts[n :: bench.wallets]) + FUNDING_SPARE
        ledger.fund(wallet, total, CURRENCY, f"bench-{run}-funding-{n}")
    retried = [rng.random() < bench.retry_rate for _ in range(bench.payments)]

    def create(index: int) -> tuple[str, str, int]:
        payee = f"payee:bench-{run}-{index % 50}"
        key = f"bench-{run}-{index}"
        wallet = wallets[index % len(wallets)]
        ticket = ledger.create_intent(payee, amounts[index], CURRENCY, key, wallet=wallet)
        if retried[index]:  # the response was "lost": the client sends it again
            ticket = ledger.create_intent(payee, amounts[index], CURRENCY, key, wallet=wallet)
        assert ticket.nonce is not None
        return ticket.intent.id, ticket.nonce, amounts[index]

    started = time.perf_counter()
    with ThreadPoolExecutor(bench.clients) as pool:
        created = list(pool.map(create, range(bench.payments)))
    return wallets, created, time.perf_counter() - started


@dataclass
class _Run:
    mode: str
    clients: int
    payments: int
    retry_rate: float
    wallets: int = 1
    wallet_names: list[str] = field(default_factory=list)
    duplicates: int = 0
    create_seconds: float = 0.0
    created: list[tuple[str, str, int]] = field(default_factory=list)


def run_ledger_benchmark(
    url: str | None = None,
    clients: int = 16,
    payments: int = 2000,
    retry_rate: float = 0.2,
    *,
    mode: Literal["threads", "processes"] = "threads",
    seed: int = 0,
    wallets: int = 1,
) -> dict[str, Any]:
    """Measure concurrent settlement and check that nothing was paid twice.

    Args:
        url: Ledger database; None for a SQLite file in a temporary folder. The run adds its
            own wallet and payees, so an existing ledger is left otherwise untouched.
        clients: Concurrent clients.
        payments: Intents to settle.
        retry_rate: Share of intents created twice, confirmed by a second client concurrently,
            and re-sent after success.
        mode: Clients as threads of this process, or as separate processes.
        seed: Random seed for amounts and retries.
        wallets: Wallets the payments come from (round robin); 1, the default, is the worst
            case for contention, more are many wearers paying at once.

    Returns:
        `payments`; `per_second` (payments settled per second in the measured phase);
        `double_spends` (transfers beyond one per intent, plus "settled" answers beyond one
        per intent); `consistent` (verify passed, no double spend, every intent settled, the
        wallet's balance exactly as expected); and details (latencies, outcome counts, verify).

    Raises:
        ValueError: For non-positive `clients`/`payments`/`wallets` or `retry_rate` outside
            [0, 1].
    """
    if clients < 1 or payments < 1 or wallets < 1 or not 0 <= retry_rate <= 1:
        raise ValueError("clients, payments and wallets must be positive, retry_rate in [0, 1]")
    run = _Run(mode, clients, payments, retry_rate, wallets)
    with tempfile.TemporaryDirectory(prefix="sightline-bench-") as scratch:
        url = url or f"sqlite:///{Path(scratch) / 'ledger.sqlite3'}"
        rng = random.Random(seed)
        ledger = open_ledger(url, pool_size=clients + 4)
        try:
            run.wallet_names, run.created, run.create_seconds = _prepare(
                ledger, secrets.token_hex(4), run, rng
            )
            queue: list[Item] = []
            for intent_id, nonce, _ in run.created:
                queue.append((intent_id, nonce, rng.random() < retry_rate))
                if rng.random() < retry_rate:  # a second client confirms at the same moment
                    queue.append((intent_id, nonce, False))
                    run.duplicates += 1
            work = [items for items in (queue[i::clients] for i in range(clients)) if items]
            if mode == "processes":
                ledger.close()
                results = _run_processes(url, work)
                ledger = open_ledger(url, pool_size=4)
            else:
                results = _run_threads(ledger, work)
            return _summarize(ledger, run, results)
        finally:
            ledger.close()


def _summarize(ledger: Ledger, run: _Run, results: list[dict[str, Any]]) -> dict[str, Any]:
    outcomes: Counter[str] = Counter()
    latencies: list[float] = []
    for result in results:
        outcomes.update(result["outcomes"])
        latencies.extend(result["latencies"])
    seconds = max(r["end"] for r in results) - min(r["start"] for r in results)
    with ledger.read_session() as session:
        wallet_ids = list(
            session.scalars(select(Account.id).where(Account.name.in_(run.wallet_names)))
        )
        rows = session.execute(
            select(Transfer.intent_id, func.count().label("n"))
            .join(PaymentIntent, PaymentIntent.id == Transfer.intent_id)
            .where(PaymentIntent.wallet_id.in_(wallet_ids))
            .group_by(Transfer.intent_id)
        )
        per_intent = {str(row.intent_id): int(row.n) for row in rows}
        settled = session.execute(
            select(func.count()).where(
                PaymentIntent.wallet_id.in_(wallet_ids),
                PaymentIntent.state == IntentState.SETTLED,
            )
        ).scalar_one()
    unsettled = sum(1 for intent_id, _, _ in run.created if per_intent.get(intent_id, 0) != 1)
    double_spends = sum(n - 1 for n in per_intent.values() if n > 1) + max(
        0, outcomes["settled"] - run.payments
    )
    balance_ok = all(
        ledger.balance(wallet, CURRENCY) == FUNDING_SPARE for wallet in run.wallet_names
    )
    report = verify(ledger)
    return {
        "backend": ledger.backend,
        "mode": run.mode,
        "clients": run.clients,
        "payments": run.payments,
        "wallets": run.wallets,
        "retry_rate": run.retry_rate,
        "settled": settled,
        "settle_calls": sum(outcomes.values()),
        "duplicate_confirmations": run.duplicates,
        "already_settled": outcomes["already_settled"],
        "errors": {k: v for k, v in outcomes.items() if k not in ("settled", "already_settled")},
        "create_seconds": round(run.create_seconds, 3),
        "seconds": round(seconds, 3),
        "per_second": round(run.payments / seconds, 1) if seconds > 0 else 0.0,
        "latency_ms": {f"p{q}": round(percentile(latencies, q), 2) for q in (50, 95, 99)},
        "double_spends": double_spends,
        "unsettled": unsettled,
        "balance_ok": balance_ok,
        "verify": report.as_dict()
        | {"problems": [f"{p.check}: {p.detail}" for p in report.problems[:10]]},
        "consistent": report.ok and double_spends == 0 and unsettled == 0 and balance_ok,
    }
