"""The hub's web side: the browser simulator (`/`), pairing and the devices' HTTP endpoints.

`add_web_routes` adds to the hub's application:

- `GET /` and `/static/...`: the glasses simulator (`docs/simulator.md`);
- `POST /v1/pair {code, device_id, name}` → `{token, device_id, name}`;
- `GET /v1/profiles`: display profiles with their action targets' boxes;
- `POST /v1/render {card, profile, page}` → the page as PNG (header `X-Page-Count`);
- `GET /v1/traces`: the caller's own session's turn traces;
- `GET /v1/places`: named places of the loaded map, as location presets.

The last three need `Authorization: Bearer <device token>`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from fastapi import FastAPI
from fastapi.responses import FileResponse
from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from sightline.hub.client_address import parse_networks
from sightline.hub.web_device import device_routes
from sightline.hub.web_hud import hud_routes
from sightline.hub.web_pairing import bearer_device, pairing_routes
from sightline.pairing import DeviceRegistry

if TYPE_CHECKING:
    from sightline.hub.hub import Hub

STATIC_DIR = Path(__file__).parent / "static"
NO_CACHE = {"Cache-Control": "no-cache"}


class _Revalidated(StaticFiles):
    """Static files the browser checks for changes before reusing (no stale simulator)."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        response.headers.update(NO_CACHE)
        return response


def add_web_routes(app: FastAPI, hub: Hub, registry: DeviceRegistry) -> None:
    """Serve the simulator and the pairing, HUD and device endpoints from `app`.

    Args:
        app: The hub's application (`create_app`).
        hub: The hub whose sessions the device endpoints read.
        registry: The paired devices.
    """
    app.state.device_registry = registry
    device = bearer_device(registry)
    proxies = parse_networks(hub.options.trusted_proxies)
    app.include_router(pairing_routes(registry, proxies))
    app.include_router(hud_routes(device, hub.runtime.settings.display_profile))
    app.include_router(device_routes(hub, device))

    @app.get("/", include_in_schema=False)
    async def simulator() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html", headers=NO_CACHE)

    app.mount("/static", _Revalidated(directory=STATIC_DIR), name="static")
