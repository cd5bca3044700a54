"""Fixtures for the speech tests: flite-synthesised commands, a shared domain-model cache."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sightline.speech.domain import DomainModel, build_domain_model, builtin_sentences

SPEECH_DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "speech"


@pytest.fixture(scope="session")
def speech_data() -> Path:
    """`../shared/data/speech` (clips and noise) beside the checkout (skips where absent)."""
    if not SPEECH_DATA.is_dir():
        pytest.skip(f"{SPEECH_DATA} is not beside this checkout")
    return SPEECH_DATA.resolve()


@pytest.fixture(scope="session")
def flite() -> str:
    """The flite binary (skips with the reason where the Debian package is not installed)."""
    path = shutil.which("flite")
    if path is None:
        pytest.skip("flite is not installed (Debian package `flite`)")
    return path


@pytest.fixture(scope="session")
def speech_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache folder shared by the session (the domain model is built once)."""
    return tmp_path_factory.mktemp("speech-cache")


@pytest.fixture(scope="session")
def domain_model(speech_cache: Path) -> DomainModel:
    """The built-in agents' domain model, built once for the session."""
    return build_domain_model(builtin_sentences(), speech_cache)
