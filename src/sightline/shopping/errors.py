"""Shopping errors, each a `SightlineError` with a stable code."""

from __future__ import annotations

from typing import Final

from sightline.errors import SightlineError

GTIN_INVALID: Final = "gtin_invalid"
CATALOG_MISSING: Final = "catalog_missing"
CATALOG_UNREADABLE: Final = "catalog_unreadable"
CATALOG_IMPORT_FAILED: Final = "catalog_import_failed"
CAPABILITY_MISSING: Final = "capability_missing"
OFFERS_UNAVAILABLE: Final = "offers_unavailable"
OFFERS_UNAUTHORIZED: Final = "offers_unauthorized"
OFFERS_BAD_RESPONSE: Final = "offers_bad_response"
ORDER_NOT_FOUND: Final = "order_not_found"
ORDER_REJECTED: Final = "order_rejected"


class ShoppingError(SightlineError):
    """Base of every shopping failure; `code` is one of this module's constants."""


class InvalidGtin(ShoppingError):
    """Text that is not a valid GTIN-8, -12, -13 or -14 (length, digits or check digit)."""

    def __init__(self, message: str) -> None:
        super().__init__(GTIN_INVALID, message)


class CapabilityMissing(ShoppingError):
    """An offer source was asked for something it does not declare.

    Args:
        source: The source's name.
        capability: The capability it lacks.
    """

    def __init__(self, source: str, capability: str) -> None:
        super().__init__(CAPABILITY_MISSING, f"offer source '{source}' cannot {capability}")
        self.capability = capability


class CatalogMissing(ShoppingError):
    """The local catalogue file does not exist yet (nothing was imported)."""

    def __init__(self, path: str) -> None:
        super().__init__(CATALOG_MISSING, f"no catalogue at {path}; import one first")
        self.path = path


class OffersUnavailable(ShoppingError):
    """A remote offer source failed: network error, time-out, bad status or bad JSON.

    Args:
        code: `offers_unavailable`, `offers_unauthorized` or `offers_bad_response`.
        message: What happened, for a human (never the API key).
    """
