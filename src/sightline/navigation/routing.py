"""Walking routes over the graph: shortest paths (SciPy's Dijkstra) and their steps."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.sparse.csgraph import dijkstra

from sightline.navigation.geo import LatLon, haversine_m
from sightline.navigation.graph import KINDS
from sightline.navigation.maneuvers import Maneuver, build_maneuvers
from sightline.navigation.mapdata import NavMap

WALKING_SPEED_MPS = 1.3


class NoRoute(Exception):
    """No walkable path joins the two points."""


@dataclass(frozen=True)
class Route:
    """A walking route.

    Attributes:
        distance_m: Total length, including the bits from the points to the network.
        coords: The path, from the origin to the destination.
        steps: Turn-by-turn steps, "depart" first and "arrive" last.
        nodes: The graph nodes walked through.
    """

    distance_m: float
    coords: tuple[LatLon, ...]
    steps: tuple[Maneuver, ...]
    nodes: tuple[int, ...]

    @property
    def duration_s(self) -> float:
        """Walking time at an easy pace."""
        return self.distance_m / WALKING_SPEED_MPS

    def steps_data(self) -> list[dict[str, Any]]:
        """The steps as plain data (instruction, turn, street, distance_m, lat, lon)."""
        return [
            {
                "instruction": s.instruction,
                "turn": s.turn.value,
                "street": s.street,
                "distance_m": round(s.distance_m, 1),
                "lat": round(s.lat, 7),
                "lon": round(s.lon, 7),
            }
            for s in self.steps
        ]


def shortest_tree(nav: NavMap, source: int) -> tuple[NDArray[np.float64], NDArray[np.int32]]:
    """Walking distances from one node to every node, and the predecessor of each."""
    dist, pred = dijkstra(nav.matrix, directed=True, indices=source, return_predecessors=True)
    return np.asarray(dist, dtype=np.float64), np.asarray(pred, dtype=np.int32)


def path_to(pred: NDArray[np.int32], target: int) -> list[int]:
    """The nodes from the tree's source to `target` (empty when it is unreachable)."""
    path = [target]
    while (prev := int(pred[path[-1]])) >= 0:
        path.append(prev)
    path.reverse()
    return path


def route(nav: NavMap, origin: LatLon, destination: LatLon, destination_name: str = "") -> Route:
    """The shortest walking route between two points.

    Both points are joined to the nearest node of the main walkable network.

    Args:
        nav: The map.
        origin: Where the wearer is.
        destination: Where they go.
        destination_name: Named in the arrival step.

    Returns:
        The route.

    Raises:
        NoRoute: The network does not join them.
    """
    start, _ = nav.snap(origin)
    _, pred = shortest_tree(nav, start)
    end, _ = nav.snap(destination)
    return route_from_tree(nav, origin, destination, pred, end, destination_name)


def route_from_tree(
    nav: NavMap,
    origin: LatLon,
    destination: LatLon,
    pred: NDArray[np.int32],
    end: int,
    destination_name: str = "",
) -> Route:
    """Build the route to `end` from a shortest-path tree grown from the origin's node."""
    nodes = path_to(pred, end)
    start, _ = nav.snap(origin)
    if nodes[0] != start:
        raise NoRoute(f"no walkable path to {destination}")
    return assemble(nav, nodes, origin, destination, destination_name)


def assemble(
    nav: NavMap,
    nodes: Sequence[int],
    origin: LatLon,
    destination: LatLon,
    destination_name: str = "",
) -> Route:
    """Turn a node path into a Route (coordinates, length, steps)."""
    g = nav.graph
    coords = [origin, *(nav.node_point(n) for n in nodes), destination]
    streets, kinds = [""], [""]
    length = 0.0
    for u, v in pairwise(nodes):
        e = g.edge(u, v)
        streets.append(g.names[int(g.edge_name[e])])
        kinds.append(KINDS[int(g.edge_kind[e])])
        length += float(g.length_m[e])
    streets.append("")
    kinds.append("")
    first, last = coords[1], coords[-2]
    length += haversine_m(origin.lat, origin.lon, first.lat, first.lon)
    length += haversine_m(last.lat, last.lon, destination.lat, destination.lon)
    junctions = [False, *(g.degree(n) > 2 for n in nodes), False]
    steps = build_maneuvers(coords, streets, kinds, junctions, destination_name)
    return Route(length, tuple(coords), tuple(steps), tuple(nodes))


def is_connected_path(nav: NavMap, nodes: Sequence[int]) -> bool:
    """Tell whether every consecutive pair of nodes is joined by a walkable edge."""
    return bool(nodes) and all(nav.graph.edge(u, v) >= 0 for u, v in pairwise(nodes))
