"""Memory tests: the shared runtime's memory, switched on and emptied around each test."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from sightline.memory import MemoryService
from sightline.runtime import Runtime


@pytest.fixture
def memory(runtime: Runtime) -> Iterator[MemoryService]:
    """The runtime's memory service, on and empty; off and emptied afterwards."""
    service: MemoryService = runtime.runner.services["memory"]
    service.store.forget()
    service.store.set_on(True)
    yield service
    service.store.set_on(False)
    service.store.forget()
