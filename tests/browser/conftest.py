"""A real Chromium (Debian's, never a downloaded one) with a fake microphone and camera,
driving the simulator page of a real hub on embedded defaults."""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from hub_web import web_hub
from local_server import serving
from sightline.config import Settings
from sightline.pairing import DeviceRegistry
from sightline.runtime import Runtime, build_runtime
from sightline.shopping import import_catalog

from .media import photo_y4m, spoken_wav

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, ViewportSize

CHROMIUM = Path("/usr/bin/chromium")
CATALOG = Path(__file__).parents[1] / "shopping" / "catalog_fixture.json"
VIEWPORT: ViewportSize = {"width": 1280, "height": 800}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Skip the browser tests where Chromium or Playwright is missing, except in CI (there the
    set-up installs both and the tests must run)."""
    if os.environ.get("CI"):
        return
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing (apt-get install chromium chromium-driver; CI has it)"
    elif importlib.util.find_spec("playwright") is None:
        reason = "Playwright is missing (pip install -e '.[dev]'; CI has it)"
    else:
        return
    for item in items:
        if item.path.parent == Path(__file__).parent:
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def photo(shared_data: Path) -> Path:
    """A photo of a product's EAN-13 barcode (one the test catalogue has offers for)."""
    return shared_data / "scan" / "ean13-1" / "1.png"


@pytest.fixture(scope="session")
def browser_runtime(
    tmp_path_factory: pytest.TempPathFactory, music_dir: Path, shared_data: Path
) -> Runtime:
    """Embedded defaults plus the test catalogue, the music fixture and the Monaco map."""
    cache = tmp_path_factory.mktemp("browser-cache")
    report = import_catalog(CATALOG, cache / "catalog.sqlite")
    assert report.ok, report.errors
    settings = Settings(
        cache_dir=cache,
        music_dir=music_dir,
        llm_base_url=None,
        map_path=shared_data / "maps" / "monaco.osm.pbf",
    )
    return build_runtime(settings)


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> DeviceRegistry:
    return DeviceRegistry(tmp_path_factory.mktemp("devices") / "devices.sqlite3")


@pytest.fixture(scope="module")
def hub_base(browser_runtime: Runtime, registry: DeviceRegistry) -> Iterator[str]:
    """The base URL of a hub with pairing, serving the simulator."""
    with serving(web_hub(browser_runtime, registry, recheck_s=0.5)) as base:
        yield base


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory, photo: Path) -> Iterator[Browser]:
    """Chromium whose microphone says "play some jazz" and whose camera sees a barcode."""
    media = tmp_path_factory.mktemp("media")
    wav = spoken_wav("play some jazz", media / "jazz.wav")
    y4m = photo_y4m(photo, media / "barcode.y4m")
    with fake_media_chromium(wav, y4m) as chromium:
        yield chromium


@contextmanager
def fake_media_chromium(wav: Path, y4m: Path) -> Iterator[Browser]:
    """Headless Debian Chromium whose microphone plays `wav` and whose camera shows `y4m`."""
    from playwright.sync_api import sync_playwright

    args = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-audio-capture={wav}",
        f"--use-file-for-fake-video-capture={y4m}",
        "--autoplay-policy=no-user-gesture-required",
    ]
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=args)
        yield chromium
        chromium.close()


def open_page(browser: Browser, url: str) -> Page:
    """A fresh browser profile (no stored pairing) on `url`."""
    page = browser.new_context(viewport=VIEWPORT).new_page()
    page.goto(url)
    return page


def page_state(page: Page) -> dict[str, Any]:
    """What the page shows, for assertion messages."""
    state: dict[str, Any] = page.evaluate(
        """() => ({
            status: document.querySelector('#status').textContent,
            hud: {...document.querySelector('#hud').dataset},
            log: document.querySelector('#log').innerText.split('\\n').slice(-15),
        })"""
    )
    state["console"] = [f"{m.type}: {m.text}" for m in page.console_messages()][-10:]
    state["errors"] = [str(e) for e in page.page_errors()]
    return state
