"""Fixtures for the travel tests: the local travel API, started once per module."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from travel_fakes import FakeTravelApi

from local_server import free_port, serving


@pytest.fixture(scope="module")
def travel_server() -> Iterator[FakeTravelApi]:
    """The fake travel API on 127.0.0.1, running in a thread for the module."""
    fake = FakeTravelApi(port=free_port())
    with serving(fake.app(), fake.port, start_timeout_s=10):
        yield fake


@pytest.fixture
def travel_api(travel_server: FakeTravelApi) -> FakeTravelApi:
    """The fake travel API, reset for this test."""
    travel_server.reset()
    return travel_server
