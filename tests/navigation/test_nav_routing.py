"""Routes over the Monaco network: connected, snapped, measured, with sensible steps."""

from __future__ import annotations

import numpy as np
import pytest

from sightline.navigation import LatLon, NavMap, Turn, route, where_am_i
from sightline.navigation.geo import haversine_m
from sightline.navigation.routing import is_connected_path

CASINO_SQUARE = LatLon(43.7394, 7.4275)
PALACE_SQUARE = LatLon(43.7315, 7.4200)


def test_random_routes_are_connected_over_walkable_edges(nav_map: NavMap) -> None:
    rng = np.random.default_rng(7)
    for _ in range(25):
        a, b = (nav_map.node_point(int(n)) for n in rng.choice(nav_map.main_nodes, 2))
        found = route(nav_map, a, b)
        assert found.nodes[0] == nav_map.snap(a)[0]
        assert found.nodes[-1] == nav_map.snap(b)[0]
        assert is_connected_path(nav_map, found.nodes)
        assert found.distance_m >= haversine_m(a.lat, a.lon, b.lat, b.lon) - 0.5
        assert found.steps[0].turn is Turn.DEPART and found.steps[-1].turn is Turn.ARRIVE
        total = sum(s.distance_m for s in found.steps)
        assert total == pytest.approx(found.distance_m, rel=0.02, abs=1.0)


def test_casino_to_palace(nav_map: NavMap) -> None:
    found = route(nav_map, CASINO_SQUARE, PALACE_SQUARE, "Palais Princier")
    straight = haversine_m(*CASINO_SQUARE, *PALACE_SQUARE)
    assert straight < found.distance_m < 2.5 * straight
    assert found.steps[-1].instruction == "Arrive at Palais Princier"
    named = [s.street for s in found.steps if s.street]
    assert named, "a route across Monaco walks some named streets"
    for before, after in zip(found.steps, found.steps[1:], strict=False):
        same_street = before.street and before.street == after.street
        assert not (same_street and after.turn is Turn.STRAIGHT)  # merged, not repeated
    data = found.steps_data()
    assert {"instruction", "street", "distance_m", "lat", "lon"} <= set(data[0])


def test_route_to_the_same_point(nav_map: NavMap) -> None:
    found = route(nav_map, CASINO_SQUARE, CASINO_SQUARE)
    assert [s.turn for s in found.steps] == [Turn.DEPART, Turn.ARRIVE]
    assert found.distance_m < 60


def test_where_am_i(nav_map: NavMap) -> None:
    here = where_am_i(nav_map, 43.73075, 7.42115)
    assert here.street
    assert here.street_distance_m < 40
    assert here.landmark is not None and here.landmark_distance_m <= 250
    assert here.area
