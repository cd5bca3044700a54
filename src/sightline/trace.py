"""Turn traces: per-stage timestamps, exported as JSON and as Prometheus histograms."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import Any

from prometheus_client import CollectorRegistry, Histogram

STAGE_BUCKETS_S = (0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.35, 0.5, 0.75, 1.0, 1.5, 2.5, 5.0, 10.0)


class TurnTrace:
    """The timeline of one turn: named stages stamped on a monotonic clock.

    Args:
        turn_id: The turn's identifier; a random one by default.
        clock: Monotonic seconds; injectable for tests.
        start: When the turn began on `clock` (for a spoken turn: the last voiced audio);
            now by default.
    """

    def __init__(
        self,
        turn_id: str | None = None,
        clock: Callable[[], float] = time.perf_counter,
        start: float | None = None,
    ) -> None:
        self.turn_id = turn_id or uuid.uuid4().hex[:12]
        self._clock = clock
        now = clock()
        self._start = now if start is None else start
        self.started_at = time.time() - (now - self._start)
        self._marks: dict[str, float] = {}
        self.details: dict[str, Any] = {}
        """What else the turn did worth recording (for example `egress`: images sent)."""

    def mark(self, stage: str) -> None:
        """Stamp a stage with the current time (the first stamp of a stage wins)."""
        self._marks.setdefault(stage, self._clock())

    def mark_at(self, stage: str, at: float) -> None:
        """Stamp a stage with a time already taken on the trace's clock."""
        self._marks.setdefault(stage, at)

    def timings_ms(self) -> dict[str, float]:
        """Milliseconds from the turn's start to each stage, in the order stamped."""
        return {s: round((t - self._start) * 1000, 2) for s, t in self._marks.items()}

    def to_json(self) -> dict[str, Any]:
        """The trace as a JSON-ready object."""
        return {
            "turn_id": self.turn_id,
            "started_at": self.started_at,
            "timings_ms": self.timings_ms(),
            **({"details": self.details} if self.details else {}),
        }


class TraceMetrics:
    """Prometheus histograms of the time from a turn's start to each stage.

    Args:
        registry: The registry to register in (the server's, or a private one in tests).
    """

    def __init__(self, registry: CollectorRegistry) -> None:
        self.stage_seconds = Histogram(
            "sightline_turn_stage_seconds",
            "Seconds from the start of a turn to each stage",
            labelnames=("stage",),
            buckets=STAGE_BUCKETS_S,
            registry=registry,
        )

    def observe(self, trace: TurnTrace) -> None:
        """Record every stage of a finished turn."""
        for stage, ms in trace.timings_ms().items():
            self.stage_seconds.labels(stage=stage).observe(ms / 1000)
