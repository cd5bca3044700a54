"""Fixtures for the navigation tests: the real Monaco extract, loaded once."""

from __future__ import annotations

from pathlib import Path

import pytest

from sightline.navigation import NavMap, load_map

MONACO = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "maps" / "monaco.osm.pbf"


@pytest.fixture(scope="session")
def monaco_pbf() -> Path:
    """The Monaco OpenStreetMap extract beside the checkout (skips where it is absent)."""
    if not MONACO.is_file():
        pytest.skip(f"{MONACO} is not beside this checkout")
    return MONACO.resolve()


@pytest.fixture(scope="session")
def nav_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache folder shared by the session's loads."""
    return tmp_path_factory.mktemp("nav-cache")


@pytest.fixture(scope="session")
def nav_map(monaco_pbf: Path, nav_cache: Path) -> NavMap:
    """Monaco, loaded once for the session."""
    return load_map(monaco_pbf, nav_cache)
