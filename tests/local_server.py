"""Serving an ASGI app on 127.0.0.1 in a background thread, for the tests that need a real
server over a real socket (the hub, fake cloud endpoints)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from fastapi import FastAPI

from sightline.bench.hub_process import free_port
from sightline.hub.server import SERVER_OPTIONS

__all__ = ["free_port", "serving"]


@contextmanager
def serving(app: FastAPI, port: int | None = None, start_timeout_s: float = 30.0) -> Iterator[str]:
    """Serve `app` until the block ends; yields its base URL (`http://127.0.0.1:PORT`).

    Returns once uvicorn has bound the port and run the app's start-up.

    Raises:
        RuntimeError: The server stopped or did not start within `start_timeout_s`.
    """
    port = port or free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", **SERVER_OPTIONS)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + start_timeout_s
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"the local server on port {port} did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)
