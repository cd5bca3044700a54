"""A real hub over a real socket, shared by the hub tests (one server per module)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hub_client import ADMIN_TOKEN

from hub_web import web_hub
from local_server import serving
from sightline.hub.hub import Hub, HubOptions
from sightline.hub.server import create_app
from sightline.hub.speech import agent_examples, build_speech
from sightline.pairing import DeviceRegistry
from sightline.runtime import Runtime


@pytest.fixture(scope="module")
def hub_url(runtime: Runtime) -> Iterator[str]:
    """The base URL of a running hub on embedded defaults (pocketsphinx, flite)."""
    speech = build_speech(runtime.settings, agent_examples(runtime.registry))
    hub = Hub(runtime, speech, HubOptions(grace_s=60.0, admin_token=ADMIN_TOKEN))
    with serving(create_app(hub)) as base:
        yield base


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> DeviceRegistry:
    """A module's own device registry (modules that pair devices against `base`)."""
    return DeviceRegistry(tmp_path_factory.mktemp("devices") / "devices.sqlite3")


@pytest.fixture(scope="module")
def base(runtime: Runtime, registry: DeviceRegistry) -> Iterator[str]:
    """A running hub with the devices' web routes, its devices paired in `registry`."""
    with serving(web_hub(runtime, registry)) as url:
        yield url
