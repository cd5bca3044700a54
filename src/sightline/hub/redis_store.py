"""Conversations kept in Redis, shared by hub processes (`SIGHTLINE_SESSION_STORE=redis://…`).

Three keys a device (under `prefix`, default `sightline:`):

| key | what |
|---|---|
| `conv:<device>` | the `KeptConversation` JSON; its time to live is the session grace period |
| `lease:<device>` | the live lease: the holder's fencing token; a few seconds to live, renewed |
| `fence:<device>` | the fencing counter (`INCR` at each new lease); it never expires |

Every step that checks a token and then writes is one Lua script (atomic in Redis): a new lease
only where none is live (`SET … NX PX` semantics), a write only while the writer's token equals
the counter, i.e. no lease was handed out after it. Redis must be private to the hubs: the JSON
holds a pending payment's one-time nonce.
"""

from __future__ import annotations

import logging
from typing import Any

import redis.asyncio as aioredis
from redis.exceptions import RedisError

from sightline.hub.conversation_store import (
    ConversationStore,
    KeptConversation,
    Lease,
    LeaseLost,
    SessionBusy,
)

log = logging.getLogger(__name__)

LEASE_MS = 5_000
"""How long a lease lives unless renewed (the hub renews it every half second)."""

_ACQUIRE = """
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local fence = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], fence, 'PX', ARGV[1])
return fence
"""
"""KEYS: lease, fence. ARGV: lease ms. The new token, or 0 while another lease is live."""

_HOLD = """
if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('PEXPIRE', KEYS[3], ARGV[3])
return 1
"""
"""KEYS: lease, fence, conversation. ARGV: token, lease ms, conversation ms."""

_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1
"""
"""KEYS: lease. ARGV: token. Deletes the lease only if it is still this holder's."""

_SAVE = """
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
return 1
"""
"""KEYS: fence, conversation. ARGV: token, JSON, conversation ms. 0: a stale token."""

_DROP = """
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[2])
return 1
"""
"""KEYS: fence, conversation. ARGV: token."""


class RedisConversationStore(ConversationStore):
    """Kept conversations and leases in Redis (`redis.asyncio`).

    Args:
        client: The Redis client (connections are made on first use, in the running loop).
        ttl_s: How long a kept conversation lives after its last write or renewal (the
            session grace period).
        prefix: Prepended to every key (tests use their own).
        lease_ms: How long a lease lives unless renewed.
    """

    kind = "redis"

    def __init__(
        self,
        client: aioredis.Redis,
        ttl_s: float,
        prefix: str = "sightline:",
        lease_ms: int = LEASE_MS,
    ) -> None:
        self.client = client
        self.ttl_ms = max(1, int(ttl_s * 1000))
        self.prefix = prefix
        self.lease_ms = lease_ms
        self._acquire = client.register_script(_ACQUIRE)
        self._hold = client.register_script(_HOLD)
        self._release = client.register_script(_RELEASE)
        self._save = client.register_script(_SAVE)
        self._drop = client.register_script(_DROP)

    @classmethod
    def from_url(cls, url: str, ttl_s: float, prefix: str = "sightline:") -> RedisConversationStore:
        """A store on the Redis at `url` (`redis://host:port/db`)."""
        client = aioredis.Redis.from_url(url, socket_timeout=2.0, socket_connect_timeout=2.0)
        return cls(client, ttl_s, prefix)

    def key(self, kind: str, device_id: str) -> str:
        """The Redis key of a device's `conv`, `lease` or `fence`."""
        return f"{self.prefix}{kind}:{device_id}"

    async def acquire(self, device_id: str) -> Lease:
        keys = [self.key("lease", device_id), self.key("fence", device_id)]
        fence = int(await self._acquire(keys=keys, args=[self.lease_ms]))
        if fence == 0:
            raise SessionBusy(device_id)
        return Lease(device_id, fence)

    async def hold(self, lease: Lease) -> bool:
        device = lease.device_id
        keys = [self.key("lease", device), self.key("fence", device), self.key("conv", device)]
        held = await self._hold(keys=keys, args=[lease.fence, self.lease_ms, self.ttl_ms])
        return int(held) == 1

    async def release(self, lease: Lease) -> None:
        await self._release(keys=[self.key("lease", lease.device_id)], args=[lease.fence])

    async def load(self, device_id: str) -> KeptConversation | None:
        raw = await self.client.get(self.key("conv", device_id))
        return None if raw is None else KeptConversation.model_validate_json(raw)

    async def save(self, lease: Lease, kept: KeptConversation) -> None:
        device = lease.device_id
        keys = [self.key("fence", device), self.key("conv", device)]
        written = await self._save(
            keys=keys, args=[lease.fence, kept.model_dump_json(), self.ttl_ms]
        )
        if int(written) != 1:
            raise LeaseLost(device)

    async def drop(self, lease: Lease) -> None:
        device = lease.device_id
        keys = [self.key("fence", device), self.key("conv", device)]
        await self._drop(keys=keys, args=[lease.fence])

    async def health(self) -> dict[str, Any]:
        try:
            await self.client.ping()
            status = "ok"
        except (RedisError, OSError):
            status = "down"
        return {"session_store": self.kind, "redis": status}

    async def close(self) -> None:
        await self.client.aclose()
