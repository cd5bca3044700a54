"""Turn traces: stage timestamps, JSON export and Prometheus histograms."""

from __future__ import annotations

from itertools import count

from prometheus_client import CollectorRegistry, generate_latest

from sightline.trace import TraceMetrics, TurnTrace


def test_stages_are_relative_to_start_and_first_stamp_wins() -> None:
    ticks = count(start=0.0, step=0.010)
    trace = TurnTrace("t1", clock=lambda: next(ticks))
    trace.mark("routed")
    trace.mark("agent_done")
    trace.mark("routed")
    assert trace.timings_ms() == {"routed": 10.0, "agent_done": 20.0}
    exported = trace.to_json()
    assert exported["turn_id"] == "t1" and exported["timings_ms"]["agent_done"] == 20.0


def test_metrics_histograms_per_stage() -> None:
    registry = CollectorRegistry()
    metrics = TraceMetrics(registry)
    ticks = count(start=0.0, step=0.030)
    trace = TurnTrace(clock=lambda: next(ticks))
    trace.mark("routed")
    metrics.observe(trace)
    text = generate_latest(registry).decode()
    assert 'sightline_turn_stage_seconds_count{stage="routed"} 1.0' in text
    assert 'sightline_turn_stage_seconds_bucket{le="0.05",stage="routed"} 1.0' in text
