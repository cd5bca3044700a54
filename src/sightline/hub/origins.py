"""Which browser pages may open the glasses WebSocket: the `Origin` header's check.

Glasses and phone apps send no `Origin`; browsers always do. A page served by the hub itself
(the simulator) is the same origin as the hub and always allowed; other pages only when their
origin is listed in `SIGHTLINE_ALLOWED_ORIGINS` (`"*"` allows every origin).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from urllib.parse import urlsplit

CLOSE_ORIGIN_FORBIDDEN = 4403
"""Refused handshake of a page whose origin is not allowed (HTTP 403 before the upgrade)."""


def origin_allowed(headers: Mapping[str, str], allowed: Sequence[str]) -> bool:
    """Whether a WebSocket handshake with these headers may open.

    Args:
        headers: The handshake's request headers (`Origin`, `Host`).
        allowed: Extra allowed origins (`scheme://host[:port]`), or `"*"`.
    """
    origin = headers.get("origin")
    if origin is None:
        return True  # not a browser: glasses and apps authenticate by token
    wanted = origin.strip().rstrip("/").lower()
    listed = {entry.strip().rstrip("/").lower() for entry in allowed}
    if "*" in listed or wanted in listed:
        return True
    host = headers.get("host", "").strip().lower()
    parts = urlsplit(wanted)
    return bool(host) and parts.scheme in ("http", "https") and parts.netloc == host
