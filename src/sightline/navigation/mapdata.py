"""The loaded map: walking graph, place index and spatial lookups, cached on disk."""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from scipy.spatial import cKDTree

from sightline.navigation.geo import LatLon, LocalPlane
from sightline.navigation.graph import KINDS, WalkGraph, build_graph
from sightline.navigation.places import Place, PlaceIndex, display_name
from sightline.navigation.reader import RawMap, read_osm

FORMAT_VERSION = 5
"""Bump when the cached data changes shape; older cache files are then rebuilt."""

log = logging.getLogger(__name__)


class NavMap:
    """A map ready for searching and routing.

    Args:
        graph: The walking graph.
        places: The place index.
    """

    def __init__(self, graph: WalkGraph, places: PlaceIndex) -> None:
        self.graph = graph
        self.places = places
        self.matrix = graph.matrix()
        ref_lat = float(np.median(graph.lat)) if graph.node_count else 0.0
        self.plane = LocalPlane(ref_lat)
        self.main_nodes: NDArray[np.int64] = np.flatnonzero(graph.main)
        self._node_tree = cKDTree(self.plane.project(graph.lat, graph.lon)[self.main_nodes])
        tunnel = KINDS.index("tunnel")
        surface_named = (graph.edge_name > 0) & (graph.edge_kind != tunnel)
        sources = np.repeat(np.arange(graph.node_count), np.diff(graph.indptr))
        named = np.zeros(graph.node_count, dtype=bool)
        named[sources[surface_named]] = True
        self.named_nodes: NDArray[np.int64] = np.flatnonzero(named)
        self._named_tree = cKDTree(self.plane.project(graph.lat, graph.lon)[self.named_nodes])
        self._place_tree = cKDTree(self.plane.project(places.lat, places.lon))
        offsets, slots = self._node_tree.query(self.plane.project(places.lat, places.lon))
        self.place_node: NDArray[np.int64] = self.main_nodes[np.asarray(slots, dtype=np.int64)]
        self.place_offset_m: NDArray[np.float64] = np.asarray(offsets, dtype=np.float64)

    def snap(self, point: LatLon) -> tuple[int, float]:
        """The nearest node of the main walkable network and its distance in metres."""
        offset, slot = self._node_tree.query(self.plane.point(point.lat, point.lon))
        return int(self.main_nodes[int(slot)]), float(offset)

    def node_point(self, node: int) -> LatLon:
        """A node's position."""
        return LatLon(float(self.graph.lat[node]), float(self.graph.lon[node]))

    def nearby_named_nodes(self, point: LatLon, k: int = 8) -> list[int]:
        """The k nearest nodes that touch a named street (above ground)."""
        k = min(k, len(self.named_nodes))
        if k == 0:
            return []
        _, slots = self._named_tree.query(self.plane.point(point.lat, point.lon), k=k)
        return [int(self.named_nodes[int(s)]) for s in np.atleast_1d(slots)]

    def places_within(self, point: LatLon, radius_m: float) -> list[int]:
        """Indexes of places within a straight-line radius."""
        found = self._place_tree.query_ball_point(self.plane.point(point.lat, point.lon), radius_m)
        return [int(i) for i in found]


def build_map(raw: RawMap) -> tuple[WalkGraph, PlaceIndex]:
    """Build the graph and the place index from what was read."""
    places = [
        Place(
            r.osm_type,
            r.osm_id,
            display_name(r.names, r.categories, r.tags),
            r.names,
            tuple(r.categories),
            r.tags,
            r.lat,
            r.lon,
        )
        for r in raw.places
    ]
    return build_graph(raw.ways), PlaceIndex(places)


def cache_file(map_path: Path, cache_dir: Path) -> Path:
    """Where a map's cache lives: keyed by its path, size, mtime and the format version."""
    stat = map_path.stat()
    key = f"{map_path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{FORMAT_VERSION}"
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    stem = map_path.name.split(".")[0]
    return cache_dir / f"nav-{stem}-{digest}.pickle"


def load_map(map_path: Path, cache_dir: Path | None = None) -> NavMap:
    """Load a map, from the cache when it is current, else from the file (and cache it).

    The cache is a pickle written by this process's user; delete the folder to reset it.

    Args:
        map_path: The `.osm.pbf` extract.
        cache_dir: Where to keep the cache; None reads the file every time.

    Returns:
        The map.

    Raises:
        FileNotFoundError: The map file does not exist.
    """
    if not map_path.is_file():
        raise FileNotFoundError(f"no map at {map_path}")
    target = cache_file(map_path, cache_dir) if cache_dir is not None else None
    if target is not None and target.is_file():
        try:
            with target.open("rb") as fh:
                graph, places = pickle.load(fh)
            if isinstance(graph, WalkGraph) and isinstance(places, PlaceIndex):
                return NavMap(graph, places)
        except Exception as exc:  # a stale or damaged cache is rebuilt, never fatal
            log.warning("navigation cache %s unreadable (%s); rebuilding", target, exc)
    graph, places = build_map(read_osm(map_path))
    if target is not None:
        _write_atomically(target, (graph, places))
    return NavMap(graph, places)


def _write_atomically(target: Path, payload: object) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=target.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(payload, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
