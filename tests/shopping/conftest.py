"""Shared fixtures for the shopping tests: the test catalogue imported into SQLite."""

from __future__ import annotations

from pathlib import Path

import pytest

from sightline.shopping import SqliteCatalog, import_catalog

FIXTURE = Path(__file__).parent / "catalog_fixture.json"


@pytest.fixture(scope="session")
def catalog_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture catalogue, imported once per session (tests must not write to it)."""
    path = tmp_path_factory.mktemp("shopping") / "catalog.sqlite"
    report = import_catalog(FIXTURE, path)
    assert report.ok, report.errors
    return path


@pytest.fixture
def catalog(catalog_db: Path) -> SqliteCatalog:
    """A read-only offer source over the fixture catalogue."""
    return SqliteCatalog(catalog_db)
