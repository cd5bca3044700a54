"""Wrong pairing codes counted per key (an address, a device id) in a sliding window.

An attempt is counted as wrong *before* its code is checked and forgiven once it proved right,
and the check and the count happen in one step on the event loop, so concurrent requests can
never be evaluated more often than the limit allows.
"""

from __future__ import annotations

import contextlib
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass

MAX_KEYS = 50_000
"""Keys remembered at most; the least recently seen are forgotten first."""


@dataclass(frozen=True)
class Attempt:
    """A reserved attempt: the keys it counts against and when it was made."""

    keys: tuple[str, ...]
    at: float


class AttemptLimiter:
    """At most so many wrong attempts per key within `window_s` seconds.

    Args:
        window_s: The window's length.
        clock: Monotonic seconds, injectable for tests.
        max_keys: Keys remembered at most.
    """

    def __init__(
        self,
        window_s: float,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = MAX_KEYS,
    ) -> None:
        self.window_s = window_s
        self._clock = clock
        self._max_keys = max_keys
        self._wrong: OrderedDict[str, deque[float]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._wrong)

    def reserve(self, limits: Mapping[str, int]) -> Attempt | float:
        """Count an attempt against every key, or refuse it if any key used up its limit.

        Args:
            limits: The wrong attempts allowed per window, by key.

        Returns:
            The reserved attempt, or the seconds until the busiest key may try again.
        """
        now = self._clock()
        keys = list(limits)
        wait = max((self._retry_after(k, limits[k], now) for k in keys), default=0.0)
        if wait > 0:
            return wait
        for key in keys:
            self._wrong.setdefault(key, deque()).append(now)
            self._wrong.move_to_end(key)
        while len(self._wrong) > self._max_keys:
            self._wrong.popitem(last=False)
        return Attempt(tuple(keys), now)

    def forgive(self, attempt: Attempt) -> None:
        """The attempt's code was right: it no longer counts."""
        for key in attempt.keys:
            times = self._wrong.get(key)
            if times is None:
                continue
            with contextlib.suppress(ValueError):
                times.remove(attempt.at)
            if not times:
                del self._wrong[key]

    def _retry_after(self, key: str, allowed: int, now: float) -> float:
        times = self._wrong.get(key)
        if times is None:
            return 0.0
        while times and now - times[0] >= self.window_s:
            times.popleft()
        if not times:
            del self._wrong[key]
            return 0.0
        if len(times) < allowed:
            return 0.0
        return max(self.window_s - (now - times[-allowed]), 0.001)
