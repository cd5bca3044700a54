"""The shared session store on a real Redis: round trips with a time to live, one lease at a
time, fencing tokens that refuse a stale writer, and a lapsed lease taken over."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
import redis.asyncio as aioredis

from redis_fixtures import key_prefix, redis_url
from sightline.config import Settings
from sightline.conversation import ConversationState
from sightline.errors import SightlineError
from sightline.hub.conversation_store import (
    KeptConversation,
    LeaseLost,
    MemoryConversationStore,
    SessionBusy,
)
from sightline.hub.redis_store import RedisConversationStore
from sightline.hub.stores import open_store
from sightline.session import TurnRecord

__all__ = ["key_prefix", "redis_url"]

GRACE_S = 30.0
AT = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)


def kept(session_id: str = "s-1", said: str = "play some jazz") -> KeptConversation:
    state = ConversationState(
        session_id=session_id,
        agent_state={"music": {"queue": ["Blue in Green"], "playing": True}},
        history=(
            TurnRecord(turn_id=said, agent="music", tool="play", tier="edge", card_id="c-1", at=AT),
        ),
    )
    return KeptConversation(conversation=state)


@pytest.fixture
async def stores(redis_url: str, key_prefix: str) -> AsyncIterator[list[RedisConversationStore]]:
    """Two stores (as two hub processes would have) on one Redis, under the test's prefix."""
    made = [
        RedisConversationStore(aioredis.Redis.from_url(redis_url), GRACE_S, key_prefix, 600)
        for _ in range(2)
    ]
    yield made
    for store in made:
        await store.close()


async def test_a_kept_conversation_round_trips_with_the_grace_period_as_its_ttl(
    stores: list[RedisConversationStore],
) -> None:
    a, _ = stores
    lease = await a.acquire("dev-1")
    assert await a.load("dev-1") is None
    await a.save(lease, kept())
    loaded = await a.load("dev-1")
    assert loaded == kept()
    assert loaded is not None and loaded.conversation.history[0].turn_id == "play some jazz"
    ttl_ms = await a.client.pttl(a.key("conv", "dev-1"))
    assert GRACE_S * 1000 - 5_000 < ttl_ms <= GRACE_S * 1000
    lease_ms = await a.client.pttl(a.key("lease", "dev-1"))
    assert 0 < lease_ms <= 600


async def test_one_lease_at_a_time_between_two_hubs(stores: list[RedisConversationStore]) -> None:
    a, b = stores
    first = await a.acquire("dev-2")
    with pytest.raises(SessionBusy) as busy:
        await b.acquire("dev-2")
    assert busy.value.code == "session_busy"
    assert await b.acquire("dev-other")  # other devices are not held
    await a.release(first)
    second = await b.acquire("dev-2")
    assert second.fence > first.fence


async def test_a_stale_fencing_token_is_refused(stores: list[RedisConversationStore]) -> None:
    a, b = stores
    old = await a.acquire("dev-3")
    await a.save(old, kept(said="first"))
    await a.release(old)
    new = await b.acquire("dev-3")
    await b.save(new, kept(said="second"))
    with pytest.raises(LeaseLost):
        await a.save(old, kept(said="stale"))
    assert not await a.hold(old)  # nor can it take the lease back
    await a.drop(old)  # a stale drop forgets nothing
    loaded = await b.load("dev-3")
    assert loaded is not None and loaded.conversation.history[0].turn_id == "second"


async def test_a_lapsed_lease_lets_another_hub_take_over(
    stores: list[RedisConversationStore],
) -> None:
    a, b = stores
    lease = await a.acquire("dev-4")
    await a.save(lease, kept(said="before the pause"))
    with pytest.raises(SessionBusy):
        await b.acquire("dev-4")
    await asyncio.sleep(0.7)  # past the 600 ms lease without a renewal
    taken = await b.acquire("dev-4")
    assert taken.fence == lease.fence + 1
    with pytest.raises(LeaseLost):
        await a.save(lease, kept(said="after the pause"))
    loaded = await b.load("dev-4")
    assert loaded is not None and loaded.conversation.history[0].turn_id == "before the pause"


async def test_a_holder_renews_and_takes_back_its_own_lapsed_lease(
    stores: list[RedisConversationStore],
) -> None:
    a, b = stores
    lease = await a.acquire("dev-5")
    await a.save(lease, kept())
    await asyncio.sleep(0.7)
    assert await a.hold(lease)  # nobody took it in between: still the latest token
    with pytest.raises(SessionBusy):
        await b.acquire("dev-5")
    assert await a.client.pttl(a.key("conv", "dev-5")) > (GRACE_S - 5) * 1000
    await a.drop(lease)
    assert await b.load("dev-5") is None


async def test_health_says_whether_redis_answers(
    stores: list[RedisConversationStore], key_prefix: str
) -> None:
    assert await stores[0].health() == {"session_store": "redis", "redis": "ok"}
    down = RedisConversationStore.from_url("redis://127.0.0.1:1/0", GRACE_S, key_prefix)
    assert await down.health() == {"session_store": "redis", "redis": "down"}
    await down.close()


async def test_the_setting_picks_the_back_end() -> None:
    memory = open_store("memory", GRACE_S)
    assert isinstance(memory, MemoryConversationStore) and not memory.keeps
    assert await memory.health() == {"session_store": "memory"}
    shared = open_store("redis://127.0.0.1:6379/3", GRACE_S)
    assert isinstance(shared, RedisConversationStore) and shared.ttl_ms == 30_000
    await shared.close()
    with pytest.raises(SightlineError) as bad:
        open_store("postgres://x", GRACE_S)
    assert bad.value.code == "bad_session_store"


def test_a_redis_password_is_masked_where_the_configuration_is_shown() -> None:
    shown = Settings(session_store="redis://:s3cret@10.0.0.5:6380/2").public_view()
    assert shown["session_store"] == "redis://:****@10.0.0.5:6380/2"
    assert Settings().public_view()["session_store"] == "memory"
