"""A real Redis for the shared session store's tests (127.0.0.1:6379, database 15).

`SIGHTLINE_TEST_REDIS_URL` points elsewhere. Without a Redis answering, the tests that need one
are skipped, except in CI (`CI` set), where they fail: scripts/test.sh starts the server there.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
import redis

REDIS_URL = os.environ.get("SIGHTLINE_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_answering(url: str = REDIS_URL) -> bool:
    """Whether a Redis answers at `url`."""
    try:
        with redis.Redis.from_url(url, socket_connect_timeout=1.0) as client:
            return bool(client.ping())
    except (redis.RedisError, OSError):
        return False


@pytest.fixture(scope="session")
def redis_url() -> str:
    """The test Redis's URL (skips, or fails in CI, where none answers)."""
    if not redis_answering():
        if os.environ.get("CI"):
            pytest.fail(f"no Redis answers at {REDIS_URL} (scripts/test.sh starts redis-server)")
        pytest.skip(f"no Redis answers at {REDIS_URL}")
    return REDIS_URL


@pytest.fixture
def key_prefix(redis_url: str) -> Iterator[str]:
    """A key prefix of the test's own; its keys are deleted afterwards."""
    prefix = f"sightline-test:{uuid.uuid4().hex}:"
    yield prefix
    with redis.Redis.from_url(redis_url) as client:
        keys = list(client.scan_iter(match=f"{prefix}*"))
        if keys:
            client.delete(*keys)
