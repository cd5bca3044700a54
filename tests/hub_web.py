"""A hub with device pairing and the web routes, served by uvicorn on a free local port."""

from __future__ import annotations

import asyncio
import dataclasses
import inspect
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import uvicorn
from fastapi import FastAPI
from prometheus_client import CollectorRegistry

from sightline.hub.auth import DeviceAuth
from sightline.hub.server import Hub, HubOptions, create_app
from sightline.hub.speech import build_speech
from sightline.hub.web import add_web_routes
from sightline.pairing import DeviceRegistry
from sightline.runtime import Runtime


def web_hub(runtime: Runtime, registry: DeviceRegistry, recheck_s: float = 0.3) -> FastAPI:
    """The hub's application as `sightline serve` builds it: devices must be paired.

    The hub gets its own metrics registry, so several hubs can share one runtime.
    """
    runtime = dataclasses.replace(runtime, metrics_registry=CollectorRegistry())
    auth = DeviceAuth(registry, recheck_s=recheck_s)
    extra: dict[str, Any] = {}
    if "watch_token" in inspect.signature(Hub).parameters:
        extra["watch_token"] = auth.watch
    hub = Hub(
        runtime,
        build_speech(runtime.settings),
        HubOptions(grace_s=5.0),
        authenticate=auth.authenticate,
        **extra,
    )
    app = create_app(hub)
    if not hasattr(app.state, "device_registry"):
        add_web_routes(app, hub, registry)
    return app


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def serving(app: FastAPI) -> Iterator[str]:
    """Serve `app` on 127.0.0.1 in a background thread; yields its base URL."""
    port = free_port()
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_level="warning", ws="websockets-sansio"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=lambda: asyncio.run(server.serve()), daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.05)
        if time.monotonic() > deadline:
            raise RuntimeError("the hub did not start")
    try:
        yield base
    finally:
        server.should_exit = True
        thread.join(timeout=15)
