"""A lock granted in arrival order, for queuing one process's SQLite writers."""

from __future__ import annotations

import threading
from collections import deque
from types import TracebackType


class FifoLock:
    """A mutex handed to waiters first come, first served.

    `threading.Lock` lets the releasing thread take it straight back, so under load some
    threads wait for seconds; here `release` hands the lock to the oldest waiter.
    """

    def __init__(self) -> None:
        self._mutex = threading.Lock()
        self._waiters: deque[threading.Event] = deque()
        self._held = False

    def acquire(self) -> None:
        """Wait for the lock in arrival order."""
        with self._mutex:
            if not self._held:
                self._held = True
                return
            turn = threading.Event()
            self._waiters.append(turn)
        try:
            turn.wait()
        except BaseException:
            with self._mutex:
                if not turn.is_set():
                    self._waiters.remove(turn)
                    raise
            self.release()  # it was handed over while we were being interrupted
            raise

    def release(self) -> None:
        """Hand the lock to the oldest waiter, or free it."""
        with self._mutex:
            if self._waiters:
                self._waiters.popleft().set()
            else:
                self._held = False

    def __enter__(self) -> None:
        self.acquire()

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.release()
