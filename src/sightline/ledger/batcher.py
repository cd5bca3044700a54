"""Group commit for one process: concurrent calls share one transaction, in arrival order.

The first caller becomes the leader and runs every request queued so far as one batch; callers
arriving meanwhile wait and form the next batch, which the leader hands to its oldest waiter
once its own batch is done. On a contended row (every payment of one wallet locks its balance)
this turns N commits into one. Under load only (the previous batch ended less than `linger_s`
ago), a leader waits up to `linger_s` for as many callers as the previous batch had, so the
callers a batch released come back into one batch rather than one alone and the rest after
it; a call arriving at a quiet ledger runs at once.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

Req = TypeVar("Req")
Res = TypeVar("Res")


class _Waiter(Generic[Req, Res]):
    __slots__ = ("done", "error", "lead", "request", "result")

    def __init__(self, request: Req) -> None:
        self.request = request
        self.done = threading.Event()
        self.lead = False
        self.result: Res | None = None
        self.error: BaseException | None = None


class Batcher(Generic[Req, Res]):
    """Runs `run(batch)` for queued requests, one batch at a time.

    Args:
        run: Takes requests, returns one result per request, in order. An exception it raises
            is the outcome of every request of the batch.
        max_batch: The most requests in one batch.
        linger_s: The longest a leader waits for callers under load.
    """

    def __init__(
        self,
        run: Callable[[Sequence[Req]], Sequence[Res]],
        max_batch: int = 64,
        linger_s: float = 0.002,
    ) -> None:
        self._run = run
        self._max = max_batch
        self._linger = linger_s
        self._mutex = threading.Lock()
        self._arrived = threading.Condition(self._mutex)
        self._queue: list[_Waiter[Req, Res]] = []
        self._running = False
        self._last_size = 0
        self._last_end = 0.0

    def submit(self, request: Req) -> Res:
        """Run `request` in the next batch and return its result (or raise the batch's error)."""
        waiter: _Waiter[Req, Res] = _Waiter(request)
        with self._mutex:
            self._queue.append(waiter)
            lead = not self._running
            self._running = True
            self._arrived.notify()
        if not lead:
            waiter.done.wait()
        if waiter.lead or lead:
            self._lead()
        if waiter.error is not None:
            raise waiter.error
        return waiter.result  # type: ignore[return-value]

    def _lead(self) -> None:
        with self._mutex:
            deadline = self._last_end + self._linger
            wanted = min(self._last_size, self._max)
            while len(self._queue) < wanted and (left := deadline - time.monotonic()) > 0:
                self._arrived.wait(left)
            batch, self._queue = self._queue[: self._max], self._queue[self._max :]
        try:
            results = self._run([w.request for w in batch])
        except BaseException as exc:  # every request of the batch gets it
            for waiter in batch:
                waiter.error = exc
        else:
            for waiter, result in zip(batch, results, strict=True):
                waiter.result = result
        finally:
            with self._mutex:
                self._last_size, self._last_end = len(batch), time.monotonic()
                successor = self._queue[0] if self._queue else None
                self._running = successor is not None
                if successor is not None:
                    successor.lead = True
                    successor.done.set()
            for waiter in batch:
                waiter.done.set()
