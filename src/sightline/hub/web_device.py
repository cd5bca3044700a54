"""A paired device's own data over HTTP: its turn traces, and places to stand at."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Request

from sightline.hub.web_pairing import DeviceDependency

if TYPE_CHECKING:
    from sightline.hub.hub import Hub

log = logging.getLogger(__name__)


async def load_presets(hub: Hub) -> list[dict[str, Any]]:
    """Places to stand at, from every agent that offers some (`Agent.location_presets`: the
    navigation agent's map); [] when none does."""
    registry = hub.runtime.registry
    found: list[dict[str, Any]] = []
    for name in registry.names():
        try:
            found += await registry.get(name).location_presets()
        except Exception as exc:  # a missing or unreadable map: typed coordinates still work
            log.warning("no location presets from %s: %s", name, exc)
    return found


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
