"""The navigation benchmark's figures on the Monaco extract."""

from __future__ import annotations

from pathlib import Path

from sightline.bench.nav import run_nav_benchmark


def test_benchmark_figures(shared_data: Path, tmp_path: Path) -> None:
    monaco_pbf = shared_data / "maps" / "monaco.osm.pbf"
    seen: list[tuple[int, int]] = []
    figures = run_nav_benchmark(
        monaco_pbf, tmp_path, pairs=16, seed=3, progress=lambda d, t: seen.append((d, t))
    )
    for key in (
        "load_s",
        "cached_load_s",
        "search_p50_ms",
        "search_p95_ms",
        "route_p50_ms",
        "route_p95_ms",
    ):
        assert figures[key] > 0, key
    assert figures["routes"] == figures["routes_ok"] == 16
    assert figures["searches"] == 16 and figures["search_hits"] >= 14
    assert figures["cached_load_s"] < figures["load_s"]
    assert seen[-1][0] == seen[-1][1] == len(seen)
    assert len(list(tmp_path.glob("nav-monaco-*.pickle"))) == 1
