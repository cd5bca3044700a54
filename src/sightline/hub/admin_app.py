"""The hub's admin address (`SIGHTLINE_ADMIN_ADDRESS`): `/metrics`, `/openapi.json` and `/docs`
on their own listening socket, apart from the devices' address.

Bind it where only operators reach it (loopback, a management network). The admin token
(`SIGHTLINE_ADMIN_TOKEN`), when configured, is required there too; without one, reaching the
address is what lets an operator in.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from fastapi import FastAPI, Request

from sightline.errors import SightlineError
from sightline.hub.web_admin import add_admin_endpoints, admin_check

if TYPE_CHECKING:
    import uvicorn

    from sightline.hub.hub import Hub


def parse_address(address: str) -> tuple[str, int]:
    """`host:port` (`[v6]:port` for IPv6) as (host, port).

    Raises:
        SightlineError: `bad_admin_address`.
    """
    host, sep, port = address.strip().rpartition(":")
    host = host.strip("[]")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise SightlineError(
            "bad_admin_address", f"SIGHTLINE_ADMIN_ADDRESS must be host:port, not {address!r}"
        )
    return host, int(port)


def create_admin_app(hub: Hub, described: FastAPI) -> FastAPI:
    """The admin application: the operators' endpoints of `hub`, describing `described` (the
    devices' application)."""
    app = FastAPI(title="Sightline hub admin", openapi_url=None, docs_url=None, redoc_url=None)
    token = hub.options.admin_token or None

    async def open_to_operators(_request: Request) -> None:
        return None

    add_admin_endpoints(app, hub, described, admin_check(token) if token else open_to_operators)
    return app


class AdminServer:
    """The admin application served by uvicorn on its own thread, beside the hub's server.

    Args:
        app: The admin application.
        host: The address to listen on.
        port: The port.
        log_level: Uvicorn's log level.
    """

    def __init__(self, app: FastAPI, host: str, port: int, log_level: str = "warning") -> None:
        import uvicorn

        config = uvicorn.Config(app, host=host, port=port, log_level=log_level, lifespan="off")
        self._server: uvicorn.Server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, name="sightline-admin")

    def start(self) -> None:
        """Start listening (signals stay with the hub's own server, on the main thread)."""
        self._thread.start()

    def stop(self) -> None:
        """Stop listening and wait for the thread."""
        self._server.should_exit = True
        self._thread.join(timeout=5)
