"""The walking graph: nodes, CSR adjacency with lengths, and each edge's street and kind."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components

from sightline.navigation.geo import haversine_m
from sightline.navigation.reader import RawWay

MAX_SEGMENT_M = 20.0
"""Longer segments are split, so snapping to the nearest node is never far off the street."""

KINDS = ("", "steps", "crossing", "tunnel")
_MIN_LENGTH_M = 0.01


@dataclass
class WalkGraph:
    """A directed graph over way nodes (both directions unless `oneway:foot`).

    Attributes:
        lat: Node latitudes.
        lon: Node longitudes.
        osm_node: OSM node id of each node (-1 for points added to split long segments).
        indptr: CSR row pointers (edges of node u are `indptr[u]:indptr[u + 1]`).
        indices: CSR edge targets, sorted within each row.
        length_m: Edge lengths in metres.
        edge_name: Index into `names` of each edge's street ("" when unnamed).
        edge_kind: Index into `KINDS` of each edge's kind.
        names: Distinct street names.
        main: True for nodes of the largest strongly connected component.
    """

    lat: NDArray[np.float64]
    lon: NDArray[np.float64]
    osm_node: NDArray[np.int64]
    indptr: NDArray[np.int64]
    indices: NDArray[np.int32]
    length_m: NDArray[np.float64]
    edge_name: NDArray[np.int32]
    edge_kind: NDArray[np.int8]
    names: list[str]
    main: NDArray[np.bool_]

    @property
    def node_count(self) -> int:
        """Number of nodes."""
        return int(self.lat.shape[0])

    def matrix(self) -> csr_matrix:
        """The adjacency as a SciPy CSR matrix of lengths (for csgraph)."""
        n = self.node_count
        return csr_matrix((self.length_m, self.indices, self.indptr), shape=(n, n))

    def edge(self, u: int, v: int) -> int:
        """The index of edge u→v, or -1 when there is none."""
        start, end = int(self.indptr[u]), int(self.indptr[u + 1])
        pos = start + int(np.searchsorted(self.indices[start:end], v))
        return pos if pos < end and int(self.indices[pos]) == v else -1

    def degree(self, u: int) -> int:
        """Number of distinct neighbours of u (out-edges; the graph is nearly symmetric)."""
        return int(self.indptr[u + 1] - self.indptr[u])


class _Builder:
    def __init__(self) -> None:
        self.index: dict[int, int] = {}
        self.coords: list[tuple[float, float]] = []
        self.osm: list[int] = []
        self.edges: list[tuple[int, int, float, int, int]] = []
        self.names: dict[str, int] = {"": 0}

    def node(self, osm_id: int, lat: float, lon: float) -> int:
        found = self.index.get(osm_id)
        if found is None:
            found = self.index[osm_id] = self._new(lat, lon, osm_id)
        return found

    def _new(self, lat: float, lon: float, osm_id: int = -1) -> int:
        self.coords.append((lat, lon))
        self.osm.append(osm_id)
        return len(self.coords) - 1

    def link(self, a: int, b: int, name: int, kind: int, oneway: int) -> None:
        (lat1, lon1), (lat2, lon2) = self.coords[a], self.coords[b]
        length = haversine_m(lat1, lon1, lat2, lon2)
        pieces = max(1, math.ceil(length / MAX_SEGMENT_M))
        chain = [a]
        for i in range(1, pieces):
            t = i / pieces
            chain.append(self._new(lat1 + t * (lat2 - lat1), lon1 + t * (lon2 - lon1)))
        chain.append(b)
        step = max(length / pieces, _MIN_LENGTH_M)
        for u, v in pairwise(chain):
            if oneway >= 0:
                self.edges.append((u, v, step, name, kind))
            if oneway <= 0:
                self.edges.append((v, u, step, name, kind))


def build_graph(ways: Sequence[RawWay]) -> WalkGraph:
    """Build the walking graph from walkable ways.

    Plazas (`area=yes`) are walkable across: besides their outline, straight edges join
    every pair of their nodes that other ways reach.

    Args:
        ways: The walkable ways read from the map.

    Returns:
        The graph, with duplicate edges (shared segments) reduced to the shortest.
    """
    b = _Builder()
    usage = Counter(n for way in ways for n in set(way.node_ids))
    for way in ways:
        name = b.names.setdefault(way.name, len(b.names))
        kind = KINDS.index(way.kind)
        nodes = [
            b.node(i, lat, lon) for i, (lat, lon) in zip(way.node_ids, way.coords, strict=True)
        ]
        for u, v in pairwise(nodes):
            if u != v:
                b.link(u, v, name, kind, way.oneway)
        if way.area:
            doors = sorted({n for i, n in zip(way.node_ids, nodes, strict=True) if usage[i] > 1})
            for i, u in enumerate(doors):
                for v in doors[i + 1 :]:
                    b.link(u, v, name, kind, 0)
    return _finish(b)


def _finish(b: _Builder) -> WalkGraph:
    n = len(b.coords)
    if b.edges:
        src, dst, length, name, kind = (np.array(col) for col in zip(*b.edges, strict=True))
    else:
        src = dst = name = kind = np.zeros(0, dtype=np.int64)
        length = np.zeros(0)
    order = np.lexsort((length, dst, src))
    src, dst, length, name, kind = src[order], dst[order], length[order], name[order], kind[order]
    first = np.ones(len(src), dtype=bool)
    first[1:] = (src[1:] != src[:-1]) | (dst[1:] != dst[:-1])
    src, dst, length, name, kind = src[first], dst[first], length[first], name[first], kind[first]
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(src, minlength=n), out=indptr[1:])
    coords = np.array(b.coords, dtype=np.float64).reshape(-1, 2)
    graph = WalkGraph(
        lat=coords[:, 0].copy(),
        lon=coords[:, 1].copy(),
        osm_node=np.array(b.osm, dtype=np.int64),
        indptr=indptr,
        indices=dst.astype(np.int32),
        length_m=length.astype(np.float64),
        edge_name=name.astype(np.int32),
        edge_kind=kind.astype(np.int8),
        names=list(b.names),
        main=np.zeros(n, dtype=bool),
    )
    if n:
        _, labels = connected_components(graph.matrix(), directed=True, connection="strong")
        graph.main = labels == np.bincount(labels).argmax()
    return graph
