"""Shared fixtures: a built runtime (loaded once), a music library, a fake cloud model."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
# Hubs built by the tests look at camera frames in threads: a test sends a frame and asks about
# it a moment later, sooner than frame workers start. tests/perception/test_frame_workers.py and
# the hub-process tests cover the workers, the hub's default.
os.environ.setdefault("SIGHTLINE_PERCEPTION_WORKERS", "0")

from fake_llm import FakeChatServer, running
from sightline.config import Settings
from sightline.runtime import Runtime, build_runtime

SHARED_DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The read-only data folder beside the repository (skips where it is absent)."""
    if not SHARED_DATA.exists():
        if os.environ.get("SIGHTLINE_REQUIRE_SHARED_DATA"):
            pytest.fail(f"{SHARED_DATA} is missing")
        pytest.skip("../shared/data is not beside this checkout")
    return SHARED_DATA.resolve()


@pytest.fixture(scope="session")
def runtime(tmp_path_factory: pytest.TempPathFactory, music_dir: Path) -> Runtime:
    """The real runtime on embedded defaults (offline), built once per test session."""
    cache = tmp_path_factory.mktemp("cache")
    return build_runtime(Settings(cache_dir=cache, music_dir=music_dir, llm_base_url=None))


@pytest.fixture(scope="session")
def music_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small tagged music library (WAV and FLAC) with several genres, Jazz among them."""
    from music_fixtures import make_library

    return make_library(tmp_path_factory.mktemp("music"))


@pytest.fixture
def fake_llm() -> Iterator[FakeChatServer]:
    """A local OpenAI-compatible chat server recording requests."""
    with running(FakeChatServer()) as server:
        yield server
