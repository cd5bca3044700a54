"""One pass over an `.osm.pbf` file with pyosmium: walkable ways and places."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

import osmium

from sightline.navigation.geo import LocalPlane
from sightline.navigation.tags import (
    CATEGORY_KEYS,
    edge_kind,
    foot_oneway,
    is_area,
    is_walkable,
    place_categories,
    place_names,
    street_name,
)

Coords = list[tuple[float, float]]


@dataclass
class RawWay:
    """A walkable way: its nodes (OSM ids and lat/lon) and what a pedestrian is told about it."""

    node_ids: list[int]
    coords: Coords
    name: str
    kind: str
    oneway: int
    area: bool


@dataclass
class RawPlace:
    """A named or categorised object, located by a representative point."""

    osm_type: str
    osm_id: int
    names: tuple[str, ...]
    categories: list[str]
    tags: dict[str, str]
    lat: float
    lon: float


@dataclass
class RawMap:
    """Everything read from the file, before the graph and the index are built."""

    ways: list[RawWay] = field(default_factory=list)
    places: list[RawPlace] = field(default_factory=list)


def read_osm(path: Path) -> RawMap:
    """Read walkable ways and places from an OpenStreetMap extract.

    Places are nodes, ways (open or closed) and multipolygon relations with a category tag
    (amenity, shop, tourism, …), plus every named walkable way as a street.

    Args:
        path: An `.osm.pbf` (or any format pyosmium reads).

    Returns:
        The raw ways and places.
    """
    raw = RawMap()
    processor = (
        osmium.FileProcessor(str(path))
        .with_locations()
        .with_areas(osmium.filter.KeyFilter(*CATEGORY_KEYS))
        .with_filter(osmium.filter.EmptyTagFilter())
    )
    for obj in processor:
        if isinstance(obj, osmium.osm.Node):
            tags = dict(obj.tags)
            cats = place_categories(tags)
            if cats:
                loc = obj.location
                raw.places.append(
                    RawPlace("node", obj.id, place_names(tags), cats, tags, loc.lat, loc.lon)
                )
        elif isinstance(obj, osmium.osm.Way):
            _read_way(obj, raw)
        elif isinstance(obj, osmium.osm.Area) and not obj.from_way():
            _read_relation_area(obj, raw)
    return raw


def _read_way(way: osmium.osm.Way, raw: RawMap) -> None:
    tags = dict(way.tags)
    walkable = is_walkable(tags)
    cats = place_categories(tags)
    if not walkable and not cats:
        return
    ids: list[int] = []
    coords: Coords = []
    for node in way.nodes:
        if node.location.valid():
            ids.append(node.ref)
            coords.append((node.location.lat, node.location.lon))
    if len(coords) < 2:
        return
    if walkable:
        name = street_name(tags)
        raw.ways.append(
            RawWay(ids, coords, name, edge_kind(tags), foot_oneway(tags), is_area(tags))
        )
        if name and not cats:
            cats = [f"highway={tags['highway']}"]
    if cats:
        lat, lon = representative_point(coords)
        raw.places.append(RawPlace("way", way.id, place_names(tags), cats, tags, lat, lon))


def _read_relation_area(area: osmium.osm.Area, raw: RawMap) -> None:
    tags = dict(area.tags)
    cats = place_categories(tags)
    if not cats:
        return
    rings: list[Coords] = []
    for ring in area.outer_rings():
        coords = [(n.location.lat, n.location.lon) for n in ring if n.location.valid()]
        if len(coords) >= 3:
            rings.append(coords)
    if not rings:
        return
    lat, lon = representative_point(max(rings, key=len))
    raw.places.append(RawPlace("relation", area.orig_id(), place_names(tags), cats, tags, lat, lon))


def representative_point(coords: Coords) -> tuple[float, float]:
    """A point standing for a way: its area centroid if closed and inside, else a midpoint.

    Args:
        coords: The way's (lat, lon) vertices.

    Returns:
        The centroid of a closed ring when it falls inside the ring; otherwise the point
        halfway along the line (or the vertex nearest the centroid, for odd-shaped rings).
    """
    plane = LocalPlane(coords[0][0])
    pts = [plane.point(lat, lon) for lat, lon in coords]
    if len(coords) >= 4 and coords[0] == coords[-1]:
        centroid = _centroid(pts)
        if centroid is not None:
            if _inside(centroid, pts):
                return plane.unproject(*centroid)
            best = min(range(len(pts)), key=lambda i: math.dist(pts[i], centroid))
            return coords[best]
    return plane.unproject(*_halfway(pts))


def _centroid(pts: list[tuple[float, float]]) -> tuple[float, float] | None:
    ox, oy = pts[0]
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in pairwise(pts):
        a0x, a0y, a1x, a1y = x0 - ox, y0 - oy, x1 - ox, y1 - oy
        cross = a0x * a1y - a1x * a0y
        area += cross
        cx += (a0x + a1x) * cross
        cy += (a0y + a1y) * cross
    if abs(area) < 1e-9:
        return None
    return ox + cx / (3 * area), oy + cy / (3 * area)


def _inside(p: tuple[float, float], ring: list[tuple[float, float]]) -> bool:
    x, y = p
    inside = False
    for (x0, y0), (x1, y1) in pairwise(ring):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def _halfway(pts: list[tuple[float, float]]) -> tuple[float, float]:
    lengths = [math.dist(a, b) for a, b in pairwise(pts)]
    remaining = sum(lengths) / 2
    for (a, b), length in zip(pairwise(pts), lengths, strict=True):
        if remaining <= length and length > 0:
            t = remaining / length
            return a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])
        remaining -= length
    return pts[len(pts) // 2]
