"""A paired device's own data over HTTP: its turn traces and location presets from the map."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Request

from sightline.hub.web_pairing import DeviceDependency

if TYPE_CHECKING:
    from sightline.hub.server import Hub
    from sightline.navigation import NavMap

log = logging.getLogger(__name__)

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


async def load_presets(hub: Hub) -> list[dict[str, Any]]:
    """Presets from the navigation agent's map; [] without the agent or a map."""
    registry = hub.runtime.registry
    agent = registry.get("navigation") if "navigation" in registry.names() else None
    nav_map = getattr(agent, "nav_map", None)
    if nav_map is None or getattr(agent, "map_path", None) is None:
        return []
    try:
        nav: NavMap = await nav_map()
    except Exception as exc:  # a missing or unreadable map: typed coordinates still work
        log.warning("no location presets: %s", exc)
        return []
    return preset_places(nav)


def device_routes(hub: Hub, device: DeviceDependency) -> APIRouter:
    """`GET /v1/traces` and `GET /v1/places`, for paired devices only."""
    router = APIRouter()
    presets: list[list[dict[str, Any]]] = []

    @router.get("/v1/traces")
    async def traces(request: Request) -> dict[str, Any]:
        """The turn traces of the caller's own session (never another device's)."""
        me = await device(request)
        session = hub.sessions.get(me.device_id)
        kept = list(session.traces) if session is not None else []
        return {"device_id": me.device_id, "traces": kept}

    @router.get("/v1/places")
    async def places(request: Request) -> dict[str, Any]:
        """Named places of the loaded map to use as locations (empty without a map)."""
        await device(request)
        if not presets:
            presets.append(await load_presets(hub))
        return {"places": presets[0]}

    return router
