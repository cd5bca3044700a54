"""The navigation services: search, nearest by walking, trips, where am I.

Every function is plain, synchronous CPU work over a loaded `NavMap`; async callers run them
in a thread (`asyncio.to_thread`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from sightline.navigation.categories import categories_for
from sightline.navigation.geo import LatLon, bearing_deg, haversine_m
from sightline.navigation.mapdata import NavMap
from sightline.navigation.places import Place, PlaceMatch
from sightline.navigation.routing import Route, route_from_tree, shortest_tree
from sightline.navigation.text import normalize

NAME_MATCH_MIN = 0.6
"""A name match below this text score is not taken as the destination."""
_NEAREST = re.compile(r"^(?:(?:the|a|an|any|some)\s+)?(?:nearest|closest|nearby|near)\s+(.+)$")
_ARTICLE = re.compile(r"^(?:the|a|an|any|some)\s+")


@dataclass(frozen=True)
class NearbyPlace:
    """A place and how far it is to walk there (metres)."""

    place: Place
    walking_m: float


@dataclass(frozen=True)
class Trip:
    """A destination and the walk to it.

    Attributes:
        place: Where to.
        route: The walking route.
        straight_m: The distance as the crow flies.
        bearing: The direction as the crow flies, degrees from north.
    """

    place: Place
    route: Route
    straight_m: float
    bearing: float


def search_places(
    nav: NavMap, query: str, near: LatLon | None = None, limit: int = 5
) -> list[PlaceMatch]:
    """Places whose names match the query, ranked by text score then distance."""
    return nav.places.search(query, near, limit)


def nearest_places(nav: NavMap, category: str, origin: LatLon, limit: int = 3) -> list[NearbyPlace]:
    """The places of a category nearest on foot, from one Dijkstra over the network.

    Args:
        nav: The map.
        category: What people call it ("pharmacy", "atm", "bus stop", "ice cream").
        origin: Where the wearer is.
        limit: At most this many.

    Returns:
        The nearest by walking distance (not straight line), nearest first.
    """
    found = _nearest(nav, categories_for(category, nav.places.by_category), origin)
    if found is None:
        return []
    ids, walking, _ = found
    order = np.argsort(walking, kind="stable")[:limit]
    return [NearbyPlace(nav.places.places[int(ids[k])], float(walking[k])) for k in order]


def _nearest(
    nav: NavMap, categories: frozenset[str], origin: LatLon
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    ids = np.asarray(nav.places.in_categories(categories), dtype=np.int64)
    if len(ids) == 0:
        return None
    start, offset = nav.snap(origin)
    dist, pred = shortest_tree(nav, start)
    walking = offset + dist[nav.place_node[ids]] + nav.place_offset_m[ids]
    reachable = np.isfinite(walking)
    if not reachable.any():
        return None
    return ids[reachable], walking[reachable], pred


def trip_to(nav: NavMap, origin: LatLon, place: Place) -> Trip:
    """The walking route to a known place."""
    start, _ = nav.snap(origin)
    _, pred = shortest_tree(nav, start)
    end, _ = nav.snap(LatLon(place.lat, place.lon))
    return _trip(nav, origin, place, pred, end)


def _trip(nav: NavMap, origin: LatLon, place: Place, pred: np.ndarray, end: int) -> Trip:
    target = LatLon(place.lat, place.lon)
    route = route_from_tree(nav, origin, target, pred, end, place.name)
    straight = haversine_m(origin.lat, origin.lon, target.lat, target.lon)
    return Trip(place, route, straight, bearing_deg(origin.lat, origin.lon, *target))


def find_destination(nav: NavMap, query: str, origin: LatLon) -> Trip | None:
    """Resolve what the wearer asked for and plan the walk there.

    "nearest pharmacy", "a cafe" or just "pharmacy" (a kind of place) go to the nearest of
    that kind on foot; anything else is searched by name ("the oceanographic museum").

    Args:
        nav: The map.
        query: The destination in the wearer's words.
        origin: Where the wearer is.

    Returns:
        The trip, or None when nothing on the map matches.
    """
    text = normalize(query)
    nearest = _NEAREST.match(text)
    phrase = nearest.group(1) if nearest else _ARTICLE.sub("", text)
    categories = categories_for(phrase, nav.places.by_category)
    if categories:
        found = _nearest(nav, categories, origin)
        if found is not None:
            ids, walking, pred = found
            best = int(ids[int(np.argmin(walking))])
            place = nav.places.places[best]
            return _trip(nav, origin, place, pred, int(nav.place_node[best]))
    matches = nav.places.search(phrase, origin, limit=1, min_score=NAME_MATCH_MIN)
    return trip_to(nav, origin, matches[0].place) if matches else None


def distance_to(nav: NavMap, origin: LatLon, destination: str | Place) -> Trip | None:
    """How far a place is on foot (and as the crow flies), by name, kind or as a Place."""
    if isinstance(destination, Place):
        return trip_to(nav, origin, destination)
    return find_destination(nav, destination, origin)
