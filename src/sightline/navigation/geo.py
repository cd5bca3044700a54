"""Geodesy for walking distances: haversine, bearings, compass words, a local metric plane."""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

EARTH_RADIUS_M = 6_371_008.8
_COMPASS = ("north", "northeast", "east", "southeast", "south", "southwest", "west", "northwest")


class LatLon(NamedTuple):
    """A WGS84 position in degrees."""

    lat: float
    lon: float


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres between two WGS84 points."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def haversine_many(
    lat1: NDArray[np.float64],
    lon1: NDArray[np.float64],
    lat2: NDArray[np.float64],
    lon2: NDArray[np.float64],
) -> NDArray[np.float64]:
    """Vectorised haversine: element-wise distances in metres."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(lon2 - lon1)
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    result: NDArray[np.float64] = 2 * EARTH_RADIUS_M * np.arcsin(np.minimum(1.0, np.sqrt(a)))
    return result


def bearing_deg(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Initial bearing from the first point to the second, degrees clockwise from north [0, 360)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dl = math.radians(lon2 - lon1)
    x = math.sin(dl) * math.cos(p2)
    y = math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl)
    return math.degrees(math.atan2(x, y)) % 360.0


def turn_angle(bearing_in: float, bearing_out: float) -> float:
    """Signed change of heading in degrees, in (-180, 180]: positive turns right."""
    delta = (bearing_out - bearing_in) % 360.0
    return delta - 360.0 if delta > 180.0 else delta


def compass(bearing: float) -> str:
    """The eight-point compass word for a bearing ("north", "southwest", …)."""
    return _COMPASS[round((bearing % 360.0) / 45.0) % 8]


class LocalPlane:
    """An equirectangular projection to metres around a reference latitude (fine for a city).

    Args:
        ref_lat: The latitude where east-west distances are true.
    """

    def __init__(self, ref_lat: float) -> None:
        self.ref_lat = ref_lat
        self._kx = math.radians(1.0) * EARTH_RADIUS_M * math.cos(math.radians(ref_lat))
        self._ky = math.radians(1.0) * EARTH_RADIUS_M

    def project(self, lat: NDArray[np.float64], lon: NDArray[np.float64]) -> NDArray[np.float64]:
        """Points as an (n, 2) array of metres (x east, y north)."""
        return np.column_stack((np.asarray(lon) * self._kx, np.asarray(lat) * self._ky))

    def point(self, lat: float, lon: float) -> tuple[float, float]:
        """One point in metres (x east, y north)."""
        return lon * self._kx, lat * self._ky

    def unproject(self, x: float, y: float) -> tuple[float, float]:
        """The (lat, lon) of a point given in metres."""
        return y / self._ky, x / self._kx


def point_segment_m(
    p: tuple[float, float], a: tuple[float, float], b: tuple[float, float]
) -> float:
    """Distance in metres from p to segment ab, all in the same metric plane."""
    ax, ay = a
    dx, dy = b[0] - ax, b[1] - ay
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((p[0] - ax) * dx + (p[1] - ay) * dy) / length2))
    return math.hypot(p[0] - (ax + t * dx), p[1] - (ay + t * dy))
