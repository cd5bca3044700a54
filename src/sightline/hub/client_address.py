"""Who is asking: the client's address, believing `X-Forwarded-For` only from trusted proxies.

The hub's server runs without Uvicorn's own proxy-header rewriting, so the peer address seen
here is the socket's. When that peer is one of `SIGHTLINE_TRUSTED_PROXIES` (addresses or
networks, e.g. `["127.0.0.1", "10.0.0.0/8"]`), the client is the right-most address in
`X-Forwarded-For` that is not itself a trusted proxy; from anyone else the header is ignored.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Mapping

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(entries: Iterable[str]) -> tuple[Network, ...]:
    """Networks from addresses or CIDR ranges.

    Raises:
        ValueError: An entry is neither.
    """
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries)


def _trusted(address: str, proxies: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in proxies)


def client_address(
    peer: str | None, headers: Mapping[str, str], proxies: tuple[Network, ...]
) -> str:
    """The address a request comes from.

    Args:
        peer: The socket's remote address (None when unknown).
        headers: The request's headers.
        proxies: The trusted proxies (`parse_networks`).
    """
    address = peer or "unknown"
    if not proxies or not _trusted(address, proxies):
        return address
    hops = [hop.strip() for hop in headers.get("x-forwarded-for", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, proxies):
            return hop
        address = hop
    return address
