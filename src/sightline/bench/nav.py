"""The navigation benchmark: map load times, routing and place-search latency."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from sightline.bench.stats import percentile
from sightline.navigation.geo import LatLon
from sightline.navigation.mapdata import NavMap, cache_file, load_map
from sightline.navigation.places import Place
from sightline.navigation.routing import NoRoute, is_connected_path, route
from sightline.navigation.services import nearest_places
from sightline.navigation.text import normalize

BUDGETS = {"load_s": 10.0, "cached_load_s": 1.0, "route_p95_ms": 50.0, "search_p95_ms": 10.0}
CATEGORIES = ("pharmacy", "cafe", "restaurant", "atm", "bus stop", "toilets", "bakery", "park")
_JITTER_DEG = 0.0002  # about 20 m: origins and destinations are off the network, like people


def run_nav_benchmark(
    map_path: Path,
    cache_dir: Path,
    pairs: int = 200,
    seed: int = 0,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Measure loading, routing and searching on one map.

    The map's cache file in `cache_dir` is deleted first, so `load_s` is a cold load (it is
    left warm afterwards). Routes join random points near the network; each is checked to be
    a connected path over walkable edges between the snapped ends. Searches use random named
    places' names, alternately as written, lower-cased without accents, with a typo, and in
    another language (a `name:*` tag) when there is one.

    Args:
        map_path: The `.osm.pbf` extract.
        cache_dir: The cache folder.
        pairs: Number of routes, of searches and (an eighth of it) of nearest-by-category.
        seed: Random seed for the points and queries.
        progress: Called with (done, total) as work advances.

    Returns:
        Figures: load_s, cached_load_s, routes, routes_ok, route_p50_ms, route_p95_ms,
        searches, search_hits (target in the top 3), search_p50_ms, search_p95_ms,
        nearest_p50_ms, nearest_p95_ms, graph and index sizes, and `within_budget` (every
        route checked and the `BUDGETS` met).
    """
    cache_dir.mkdir(parents=True, exist_ok=True)
    cache_file(map_path, cache_dir).unlink(missing_ok=True)
    start = time.perf_counter()
    load_map(map_path, cache_dir)
    load_s = time.perf_counter() - start
    start = time.perf_counter()
    nav = load_map(map_path, cache_dir)
    cached_load_s = time.perf_counter() - start
    rng = np.random.default_rng(seed)
    nearest_n = max(1, pairs // 8)
    total = 2 * pairs + nearest_n
    tick = _ticker(progress, total)
    route_ms, ok = _bench_routes(nav, rng, pairs, tick)
    search_ms, hits = _bench_search(nav, rng, pairs, tick)
    nearest_ms = []
    for i in range(nearest_n):
        origin = _random_point(nav, rng)
        began = time.perf_counter()
        nearest_places(nav, CATEGORIES[i % len(CATEGORIES)], origin)
        nearest_ms.append((time.perf_counter() - began) * 1000)
        tick()
    figures: dict[str, Any] = {
        "map": str(map_path),
        "nodes": nav.graph.node_count,
        "edges": len(nav.graph.indices),
        "places": len(nav.places.places),
        "load_s": round(load_s, 3),
        "cached_load_s": round(cached_load_s, 3),
        "routes": len(route_ms),
        "routes_ok": ok,
        "route_p50_ms": round(percentile(route_ms, 50), 2),
        "route_p95_ms": round(percentile(route_ms, 95), 2),
        "searches": len(search_ms),
        "search_hits": hits,
        "search_p50_ms": round(percentile(search_ms, 50), 3),
        "search_p95_ms": round(percentile(search_ms, 95), 3),
        "nearest_p50_ms": round(percentile(nearest_ms, 50), 2),
        "nearest_p95_ms": round(percentile(nearest_ms, 95), 2),
    }
    figures["within_budget"] = ok == len(route_ms) and all(
        figures[key] <= limit for key, limit in BUDGETS.items()
    )
    return figures


def _ticker(progress: Callable[[int, int], None] | None, total: int) -> Callable[[], None]:
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total)

    return tick


def _random_point(nav: NavMap, rng: np.random.Generator) -> LatLon:
    node = int(rng.choice(nav.main_nodes))
    dlat, dlon = rng.uniform(-_JITTER_DEG, _JITTER_DEG, size=2)
    return LatLon(float(nav.graph.lat[node] + dlat), float(nav.graph.lon[node] + dlon))


def _bench_routes(
    nav: NavMap, rng: np.random.Generator, pairs: int, tick: Callable[[], None]
) -> tuple[list[float], int]:
    times, ok = [], 0
    for _ in range(pairs):
        origin, destination = _random_point(nav, rng), _random_point(nav, rng)
        began = time.perf_counter()
        try:
            found = route(nav, origin, destination)
        except NoRoute:
            found = None
        times.append((time.perf_counter() - began) * 1000)
        if found is not None:
            ends = (nav.snap(origin)[0], nav.snap(destination)[0])
            ok += ends == (found.nodes[0], found.nodes[-1]) and is_connected_path(nav, found.nodes)
        tick()
    return times, ok


def _bench_search(
    nav: NavMap, rng: np.random.Generator, count: int, tick: Callable[[], None]
) -> tuple[list[float], int]:
    named = [p for p in nav.places.places if p.names]
    times, hits = [], 0
    for i in range(count):
        place = named[int(rng.integers(len(named)))]
        query = _query_for(place, i, rng)
        near = _random_point(nav, rng)
        began = time.perf_counter()
        found = nav.places.search(query, near, limit=3)
        times.append((time.perf_counter() - began) * 1000)
        wanted = {normalize(n) for n in place.names}
        hits += any(m.place is place or normalize(m.place.name) in wanted for m in found)
        tick()
    return times, hits


def _query_for(place: Place, i: int, rng: np.random.Generator) -> str:
    name = place.names[0]
    variant = i % 4
    if variant == 1:
        return normalize(name)
    if variant == 2:
        words = name.split()
        k = max(range(len(words)), key=lambda j: len(words[j]))
        word = words[k]
        if len(word) >= 5:
            cut = int(rng.integers(1, len(word) - 1))
            words[k] = word[:cut] + word[cut + 1 :]
        return " ".join(words)
    if variant == 3 and len(place.names) > 1:
        return place.names[int(rng.integers(1, len(place.names)))]
    return name
