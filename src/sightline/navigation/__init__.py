"""Offline walking navigation over an OpenStreetMap extract.

Load a map once with `load_map` (cached on disk), then search places, find the nearest of a
kind on foot, plan routes with turn-by-turn steps, and describe where a position is. All
functions are synchronous CPU work; async code runs them with `asyncio.to_thread`.

Example:
    nav = load_map(Path("monaco.osm.pbf"), cache_dir)
    trip = find_destination(nav, "nearest pharmacy", LatLon(43.7384, 7.4246))
"""

from sightline.navigation.geo import LatLon
from sightline.navigation.maneuvers import Maneuver, Turn, build_maneuvers, classify_turn
from sightline.navigation.mapdata import NavMap, load_map
from sightline.navigation.places import Place, PlaceMatch
from sightline.navigation.routing import NoRoute, Route, route
from sightline.navigation.services import (
    NearbyPlace,
    Trip,
    distance_to,
    find_destination,
    nearest_places,
    search_places,
    trip_to,
)
from sightline.navigation.whereabouts import Whereabouts, where_am_i

__all__ = [
    "LatLon",
    "Maneuver",
    "NavMap",
    "NearbyPlace",
    "NoRoute",
    "Place",
    "PlaceMatch",
    "Route",
    "Trip",
    "Turn",
    "Whereabouts",
    "build_maneuvers",
    "classify_turn",
    "distance_to",
    "find_destination",
    "load_map",
    "nearest_places",
    "route",
    "search_places",
    "trip_to",
    "where_am_i",
]
