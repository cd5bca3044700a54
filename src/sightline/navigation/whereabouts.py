"""Where am I: the nearest street, a landmark nearby and the district."""

from __future__ import annotations

from dataclasses import dataclass

from sightline.navigation.geo import LatLon, bearing_deg, haversine_m, point_segment_m
from sightline.navigation.graph import KINDS
from sightline.navigation.mapdata import NavMap
from sightline.navigation.places import Place

LANDMARK_RADIUS_M = 250.0
AREA_RADIUS_M = 2000.0
_AREAS = frozenset(
    f"place={v}" for v in ("suburb", "quarter", "neighbourhood", "town", "village", "hamlet")
)
_PROMINENT = ("tourism", "historic", "wikidata", "wikipedia")
_FURNITURE = (
    "toilets", "bench", "waste_basket", "vending_machine", "parking", "parking_entrance",
    "bicycle_parking", "motorcycle_parking", "drinking_water", "recycling", "atm",
    "telephone", "post_box", "charging_station", "shelter", "taxi", "fountain",
)  # fmt: skip
_NOT_LANDMARKS = (
    "highway=",
    "public_transport=",
    "emergency=",
    *(f"amenity={v}" for v in _FURNITURE),
)


@dataclass(frozen=True)
class Whereabouts:
    """A description of a position.

    Attributes:
        street: The nearest named street ("" when none is near).
        street_distance_m: How far that street is.
        landmark: A notable named place nearby, if any.
        landmark_distance_m: How far it is (straight line).
        landmark_bearing: Its direction, degrees from north.
        area: The nearest district, town or village name ("" when none).
    """

    street: str
    street_distance_m: float
    landmark: Place | None
    landmark_distance_m: float
    landmark_bearing: float
    area: str


def where_am_i(nav: NavMap, lat: float, lon: float) -> Whereabouts:
    """Describe a position by its nearest street, a nearby landmark and the district.

    Args:
        nav: The map.
        lat: Latitude of the wearer.
        lon: Longitude of the wearer.

    Returns:
        The description (empty fields when the map has nothing near).
    """
    here = LatLon(lat, lon)
    street, street_m = nearest_street(nav, here)
    landmark, landmark_m = _landmark(nav, here)
    bearing = bearing_deg(lat, lon, landmark.lat, landmark.lon) if landmark else 0.0
    return Whereabouts(street, street_m, landmark, landmark_m, bearing, _area(nav, here))


def nearest_street(nav: NavMap, here: LatLon) -> tuple[str, float]:
    """The nearest named street, not in a tunnel, and its distance in metres ("", inf if none)."""
    g = nav.graph
    p = nav.plane.point(here.lat, here.lon)
    best, best_m = "", float("inf")
    for u in nav.nearby_named_nodes(here):
        a = nav.plane.point(float(g.lat[u]), float(g.lon[u]))
        for e in range(int(g.indptr[u]), int(g.indptr[u + 1])):
            if not g.edge_name[e] or KINDS[int(g.edge_kind[e])] == "tunnel":
                continue
            v = int(g.indices[e])
            d = point_segment_m(p, a, nav.plane.point(float(g.lat[v]), float(g.lon[v])))
            if d < best_m:
                best, best_m = g.names[int(g.edge_name[e])], d
    return best, best_m


def _landmark(nav: NavMap, here: LatLon) -> tuple[Place | None, float]:
    best: Place | None = None
    best_key = best_m = float("inf")
    for i in nav.places_within(here, LANDMARK_RADIUS_M):
        place = nav.places.places[i]
        if not place.names or place.is_street or place.category in _AREAS:
            continue
        if any(c.startswith(_NOT_LANDMARKS) for c in place.categories):
            continue
        d = haversine_m(here.lat, here.lon, place.lat, place.lon)
        prominent = any(k in place.tags for k in _PROMINENT)
        key = d * (0.4 if prominent else 1.0)
        if key < best_key:
            best, best_key, best_m = place, key, d
    return best, best_m


def _area(nav: NavMap, here: LatLon) -> str:
    best, best_m = "", float("inf")
    for category in _AREAS:
        for i in nav.places.by_category.get(category, ()):
            place = nav.places.places[i]
            d = haversine_m(here.lat, here.lon, place.lat, place.lon)
            if d < min(best_m, AREA_RADIUS_M):
                best, best_m = place.name, d
    return best
