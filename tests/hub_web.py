"""A hub with device pairing and the web routes, as `sightline serve` builds it."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from sightline.hub.auth import DeviceAuth
from sightline.hub.hub import Hub, HubOptions
from sightline.hub.server import create_app
from sightline.hub.speech import build_speech
from sightline.pairing import DeviceRegistry
from sightline.runtime import Runtime


def web_hub(
    runtime: Runtime, registry: DeviceRegistry, recheck_s: float = 0.3, **options: Any
) -> FastAPI:
    """The hub's application as `sightline serve` builds it: devices must be paired.

    `options` are further `HubOptions` (admin token, trusted proxies, allowed origins).
    """
    auth = DeviceAuth(registry, recheck_s=recheck_s)
    hub = Hub(
        runtime,
        build_speech(runtime.settings),
        HubOptions(grace_s=5.0, **options),
        authenticate=auth.authenticate,
        watch_token=auth.watch,
        device_key=lambda hello: registry.confirm_key(hello.token, hello.device_id),
    )
    return create_app(hub, registry)
