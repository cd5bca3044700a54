"""One benchmark client: `python -m sightline.bench.ledger_client`, JSON lines over stdin/stdout.

Reads `{"url": …, "items": [[intent_id, nonce, retry], …]}`, opens the ledger, prints `ready`,
waits for `go`, settles its items and prints the outcome counts and latencies as JSON. A plain
subprocess (not multiprocessing) so it works whatever the caller's `__main__` is.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from collections.abc import Sequence
from typing import Any

from sightline.ledger.errors import AlreadySettled, LedgerError
from sightline.ledger.factory import open_ledger
from sightline.ledger.ledger import Ledger

Item = tuple[str, str, bool]
"""(intent id, nonce, client retry after success)."""


def settle_items(ledger: Ledger, items: Sequence[Item]) -> dict[str, Any]:
    """Settle each item (twice when its retry flag is set), counting outcomes by code.

    Returns:
        `outcomes` (settled, already_settled, or an error code → count), `latencies` (ms per
        call), `start` and `end` (wall-clock seconds).
    """
    outcomes: Counter[str] = Counter()
    latencies: list[float] = []
    started = time.time()
    for intent_id, nonce, retry in items:
        for _ in range(2 if retry else 1):
            begun = time.perf_counter()
            try:
                ledger.settle(intent_id, nonce)
                outcomes["settled"] += 1
            except AlreadySettled:
                outcomes["already_settled"] += 1
            except LedgerError as exc:
                outcomes[exc.code] += 1
            latencies.append((time.perf_counter() - begun) * 1000)
    return {
        "outcomes": dict(outcomes),
        "latencies": latencies,
        "start": started,
        "end": time.time(),
    }


def main() -> None:
    """Run one client from the job on stdin."""
    job = json.loads(sys.stdin.readline())
    ledger = open_ledger(job["url"], recover=False, pool_size=2)
    try:
        print("ready", flush=True)
        if sys.stdin.readline().strip() != "go":
            return
        items = [(str(i), str(n), bool(r)) for i, n, r in job["items"]]
        print(json.dumps(settle_items(ledger, items)), flush=True)
    finally:
        ledger.close()


if __name__ == "__main__":
    main()
