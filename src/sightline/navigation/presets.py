"""Places to stand at: a few named places of the map, for a simulator's location picker."""

from __future__ import annotations

from typing import Any

from sightline.navigation.mapdata import NavMap

PRESET_CATEGORIES = (
    "railway=station",
    "tourism=attraction",
    "tourism=museum",
    "leisure=park",
    "amenity=cafe",
    "amenity=pharmacy",
    "tourism=hotel",
    "amenity=hospital",
)
"""One named place of each of these kinds, the one nearest the map's centre, is a preset."""


def preset_places(nav: NavMap, limit: int = len(PRESET_CATEGORIES)) -> list[dict[str, Any]]:
    """A few named places to stand at, spread over kinds, near the middle of the map."""
    places = [p for p in nav.places.places if p.names]
    if not places:
        return []
    lats, lons = sorted(p.lat for p in places), sorted(p.lon for p in places)
    mid_lat, mid_lon = lats[len(lats) // 2], lons[len(lons) // 2]
    chosen = []
    for category in PRESET_CATEGORIES:
        kind = [p for p in places if p.category == category]
        if kind:
            best = min(kind, key=lambda p: (p.lat - mid_lat) ** 2 + (p.lon - mid_lon) ** 2)
            chosen.append(
                {"name": best.name, "category": category, "lat": best.lat, "lon": best.lon}
            )
    return chosen[:limit]
