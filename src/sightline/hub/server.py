"""The hub's HTTP/WebSocket application: the glasses' socket, health, admin and web routes."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

from fastapi import FastAPI, WebSocket

from sightline.hub.connection import serve_connection
from sightline.hub.hub import Hub
from sightline.hub.web_admin import add_admin_routes
from sightline.pairing import DeviceRegistry
from sightline.protocol.frames import HEADER_SIZE, MAX_PAYLOAD

GLASSES_PATH = "/v1/glasses"

SERVER_OPTIONS: dict[str, Any] = {
    "ws": "websockets-sansio",
    "proxy_headers": False,  # X-Forwarded-For is believed only from SIGHTLINE_TRUSTED_PROXIES
    "ws_max_size": HEADER_SIZE + max(MAX_PAYLOAD.values()),
}
"""Uvicorn's settings for the hub (`uvicorn.run(app, host=..., port=..., **SERVER_OPTIONS)`)."""


def create_app(
    hub: Hub, registry: DeviceRegistry | None = None, admin_elsewhere: bool = False
) -> FastAPI:
    """The FastAPI application: the glasses' WebSocket, health, the admin surface (metrics, API
    description, agents; see `web_admin`); with a device registry also pairing, the simulator
    page and the device endpoints. `admin_elsewhere`: the operators' endpoints are served on the
    admin address (`hub.admin_app`), not here."""

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        await hub.start()
        if hub.speech.load is not None:
            await hub.speech.load()
        yield
        await hub.close()
        if hub.speech.close is not None:
            await hub.speech.close()

    app = FastAPI(
        title="Sightline hub", lifespan=lifespan, openapi_url=None, docs_url=None, redoc_url=None
    )
    app.state.hub = hub

    @app.get("/healthz")
    async def healthz() -> dict[str, Any]:
        return {"status": "ok", "sessions": len(hub.sessions), **await hub.store.health()}

    @app.websocket(GLASSES_PATH)
    async def glasses(ws: WebSocket) -> None:
        await serve_connection(ws, hub)

    from sightline.hub.web_mcp import admin_routes

    app.include_router(admin_routes(hub))  # show_card / get_scene for `sightline mcp`
    device = None
    if registry is not None:
        from sightline.hub.web import add_web_routes
        from sightline.hub.web_pairing import bearer_device

        add_web_routes(app, hub, registry)
        device = bearer_device(registry)
    add_admin_routes(app, hub, device, admin_elsewhere)
    return app
