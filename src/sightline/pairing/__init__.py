"""Device pairing: one-time codes, device tokens stored hashed, revocation (`docs/protocol.md`)."""

from __future__ import annotations

from pathlib import Path

from sightline.config import Settings
from sightline.pairing.codes import digest, format_code, normalize_code
from sightline.pairing.records import DeviceRecord, PairingCode
from sightline.pairing.registry import CODE_TTL_S, DeviceRegistry

REGISTRY_FILE = "devices.sqlite3"


def registry_path(settings: Settings) -> Path:
    """Where the hub and the CLI keep paired devices: `devices.sqlite3` in the cache folder."""
    return Path(settings.cache_dir) / REGISTRY_FILE


def open_registry(settings: Settings) -> DeviceRegistry:
    """The device registry of this configuration."""
    return DeviceRegistry(registry_path(settings))


__all__ = [
    "CODE_TTL_S",
    "REGISTRY_FILE",
    "DeviceRecord",
    "DeviceRegistry",
    "PairingCode",
    "digest",
    "format_code",
    "normalize_code",
    "open_registry",
    "registry_path",
]
