"""The hub's admin surface: metrics, the API description, and the agents' listing.

- `GET /metrics` (Prometheus), `GET /openapi.json` and `GET /docs` need
  `Authorization: Bearer <SIGHTLINE_ADMIN_TOKEN>`; with no admin token configured they are not
  served at all (404 `admin_disabled`).
- With `SIGHTLINE_ADMIN_ADDRESS` set they are served on that address instead (`hub.admin_app`;
  the admin token is still required there when one is configured) and answer 404
  `admin_elsewhere` on the devices' address.
- `GET /agents` needs a paired device's token (or the admin token); a hub built without a
  device registry (embedded in tests) takes only the admin token.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from fastapi import Depends, FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from sightline.hub.web_pairing import CHALLENGE, DeviceDependency, http_error

if TYPE_CHECKING:
    from sightline.hub.hub import Hub

OPENAPI_PATH = "/openapi.json"


def _bearer(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def admin_check(admin_token: str | None) -> Callable[[Request], Awaitable[None]]:
    """A dependency that lets only the admin token through.

    Raises (from the returned coroutine function):
        HTTPException: 404 `admin_disabled` without an admin token configured; 401
            `token_missing` or `admin_token_invalid`.
    """

    async def admin(request: Request) -> None:
        if admin_token is None:
            raise http_error(404, "admin_disabled", "set SIGHTLINE_ADMIN_TOKEN to serve this")
        given = _bearer(request)
        if given is None:
            raise http_error(401, "token_missing", "send Authorization: Bearer <token>", CHALLENGE)
        if not hmac.compare_digest(given.encode(), admin_token.encode()):
            raise http_error(401, "admin_token_invalid", "not the admin token", CHALLENGE)

    return admin


def add_admin_routes(
    app: FastAPI, hub: Hub, device: DeviceDependency | None, admin_elsewhere: bool = False
) -> None:
    """Add `/metrics`, `/openapi.json`, `/docs` and `/agents` to `app`.

    Args:
        app: The hub's application, made with `openapi_url=None` and `docs_url=None`.
        hub: The hub.
        device: The device-token check; None when the hub has no device registry.
        admin_elsewhere: The admin endpoints are served on the admin address
            (`SIGHTLINE_ADMIN_ADDRESS`, `hub.admin_app`): here they answer 404 `admin_elsewhere`.
    """
    admin_token = hub.options.admin_token or None
    admin = admin_check(admin_token)

    async def device_or_admin(request: Request) -> None:
        given = _bearer(request)
        if admin_token and given and hmac.compare_digest(given.encode(), admin_token.encode()):
            return
        if device is None:
            await admin(request)
            return
        await device(request)

    if admin_elsewhere:
        for path in ADMIN_PATHS:
            app.get(path, include_in_schema=False)(_served_elsewhere)
    else:
        add_admin_endpoints(app, hub, app, admin)

    @app.get("/agents", dependencies=[Depends(device_or_admin)])
    async def agents() -> list[dict[str, Any]]:
        registry = hub.runtime.registry
        return [
            {
                "name": agent.name,
                "description": agent.description,
                "permissions": sorted(str(p) for p in agent.permissions),
                "tools": sorted(agent.tool_specs()),
            }
            for agent in (registry.get(name) for name in registry.names())
        ]


ADMIN_PATHS = ("/metrics", OPENAPI_PATH, "/docs")
"""The endpoints for operators only."""


def add_admin_endpoints(
    app: FastAPI, hub: Hub, described: FastAPI, guard: Callable[[Request], Awaitable[None]]
) -> None:
    """Add `/metrics` (the hub's and the runtime's), `/openapi.json` and `/docs` (describing
    `described`, the hub's main application) to `app`, each behind `guard`."""

    @app.get("/metrics", include_in_schema=False, dependencies=[Depends(guard)])
    async def metrics() -> Response:
        body = generate_latest(hub.runtime.metrics_registry) + generate_latest(hub.metrics_registry)
        return Response(body, media_type=CONTENT_TYPE_LATEST)

    @app.get(OPENAPI_PATH, include_in_schema=False, dependencies=[Depends(guard)])
    async def openapi() -> JSONResponse:
        return JSONResponse(described.openapi())

    @app.get("/docs", include_in_schema=False, dependencies=[Depends(guard)])
    async def docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url=OPENAPI_PATH, title=f"{described.title} API")


async def _served_elsewhere() -> None:
    raise http_error(404, "admin_elsewhere", "served on the hub's admin address only")
