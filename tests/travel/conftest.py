"""Fixtures for the travel tests: the local travel API, started once per module."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn
from travel_fakes import FakeTravelApi, free_port


@pytest.fixture(scope="module")
def travel_server() -> Iterator[FakeTravelApi]:
    """The fake travel API on 127.0.0.1, running in a thread for the module."""
    fake = FakeTravelApi(port=free_port())
    config = uvicorn.Config(fake.app(), host="127.0.0.1", port=fake.port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("fake travel API did not start")
        time.sleep(0.02)
    yield fake
    server.should_exit = True
    thread.join(timeout=5)


@pytest.fixture
def travel_api(travel_server: FakeTravelApi) -> FakeTravelApi:
    """The fake travel API, reset for this test."""
    travel_server.reset()
    return travel_server
