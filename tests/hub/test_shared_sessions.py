"""Two hub processes' worth of hubs sharing one Redis (`SIGHTLINE_SESSION_STORE=redis://…`):
a wearer's conversation started on hub A is resumed on hub B once A let it go (history, agent
state, a pending payment card with its nonce), and a hub refuses a wearer (`session_busy`, close
4423) while another live hub holds the wearer's lease, a stale copy included."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import time
from collections.abc import Iterator
from contextlib import ExitStack
from typing import Any

import pytest
import redis
import websockets
from hub_client import connect, ws_url

from local_server import serving
from pay_fixtures import cafe_qr, funded_ledger, payment_runner, qr_png
from redis_fixtures import key_prefix, redis_url
from sightline.confirm import ConfirmationGate
from sightline.hub.hub import Hub, HubOptions
from sightline.hub.link import CLOSE_SESSION_BUSY
from sightline.hub.redis_store import RedisConversationStore
from sightline.hub.server import create_app
from sightline.hub.speech import build_speech
from sightline.protocol import FrameKind
from sightline.protocol.messages import Hello, encode_message
from sightline.runtime import Runtime

__all__ = ["key_prefix", "redis_url"]

pytestmark = pytest.mark.slow


@dataclasses.dataclass
class Fleet:
    hubs: list[Hub]
    bases: list[str]
    prefix: str
    redis_url: str

    def lease_held(self, device_id: str) -> bool:
        with redis.Redis.from_url(self.redis_url) as client:
            return bool(client.exists(f"{self.prefix}lease:{device_id}"))

    def until_let_go(self, device_id: str, wait_s: float = 5.0) -> None:
        deadline = time.monotonic() + wait_s
        while self.lease_held(device_id):
            assert time.monotonic() < deadline, "hub A kept the lease after the device left"
            time.sleep(0.05)


@pytest.fixture
def fleet(
    runtime: Runtime, redis_url: str, key_prefix: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Fleet]:
    """Hubs A and B, each with its own store client, on one Redis and one funded ledger."""
    folder = tmp_path_factory.mktemp("fleet")
    with funded_ledger(folder / "ledger.sqlite3") as ledger, ExitStack() as stack:
        runner = payment_runner(runtime, ledger, ConfirmationGate().clock, folder)  # type: ignore[arg-type]
        paying = dataclasses.replace(runtime, runner=runner)
        hubs = [
            Hub(
                paying,
                build_speech(runtime.settings),
                HubOptions(grace_s=60.0),
                store=RedisConversationStore.from_url(redis_url, 60.0, key_prefix),
            )
            for _ in range(2)
        ]
        bases = [stack.enter_context(serving(create_app(hub))) for hub in hubs]
        yield Fleet(hubs, bases, key_prefix, redis_url)


async def refused(base: str, device_id: str) -> tuple[dict[str, Any], int]:
    """Say hello and read the refusal: the `error` message and the close code."""
    async with websockets.connect(ws_url(base)) as ws:
        await ws.send(encode_message(Hello(device_id=device_id, protocol=1)))
        error = json.loads(await asyncio.wait_for(ws.recv(), 10))
        with pytest.raises(websockets.ConnectionClosed):
            await asyncio.wait_for(ws.recv(), 10)
        assert ws.close_code is not None
        return error, ws.close_code


async def test_a_conversation_moves_to_another_hub_and_is_refused_where_it_is_not(
    fleet: Fleet,
) -> None:
    a, b = fleet.bases
    ws, device, welcome = await connect(a, "glasses-jazz")
    assert welcome["resumed"] is False
    await device.send(type="text", text="play some jazz")
    card = await device.until("card")
    on_a = fleet.hubs[0].sessions.get("glasses-jazz")
    assert on_a is not None and on_a.session.agent_state.get("music")

    error, code = await refused(b, "glasses-jazz")  # A's connection is live: A holds the lease
    assert error == {"type": "error", "code": "session_busy", "message": error["message"]}
    assert code == CLOSE_SESSION_BUSY

    await ws.close()
    fleet.until_let_go("glasses-jazz")
    ws_b, device_b, welcome_b = await connect(b, "glasses-jazz")
    assert welcome_b["resumed"] is True
    assert welcome_b["session_id"] == welcome["session_id"]
    assert (await device_b.until("card"))["card_id"] == card["card_id"]  # shown again
    on_b = fleet.hubs[1].sessions.get("glasses-jazz")
    assert on_b is not None
    assert on_b.session.agent_state["music"] == on_a.session.agent_state["music"]
    assert [t.turn_id for t in on_b.session.history] == [t.turn_id for t in on_a.session.history]

    await device_b.send(type="text", text="next song")  # the conversation goes on on B
    await device_b.until("card")
    assert len(on_b.session.history) == len(on_a.session.history) + 1

    error, code = await refused(a, "glasses-jazz")  # A's kept copy is stale now
    assert error["code"] == "session_busy" and code == CLOSE_SESSION_BUSY
    assert fleet.hubs[0].sessions.get("glasses-jazz") is None
    await ws_b.close()


async def test_a_pending_payment_card_is_resumed_on_another_hub(fleet: Fleet) -> None:
    a, b = fleet.bases
    ws, device, _ = await connect(a, "glasses-pay")
    await device.image(qr_png(cafe_qr("12.40")), FrameKind.IMAGE_PNG)
    await asyncio.sleep(1.0)
    await device.send(type="text", text="pay this")
    card = await device.until("card")
    offer = card["confirmation"]
    assert offer is not None and offer["amount"] == "12.40"
    on_a = fleet.hubs[0].sessions.get("glasses-pay")
    assert on_a is not None
    pending_a = on_a.session.confirm.pending
    assert pending_a is not None and pending_a.payment is not None
    assert pending_a.payment.nonce

    await ws.close()
    fleet.until_let_go("glasses-pay")
    ws_b, device_b, welcome_b = await connect(b, "glasses-pay")
    assert welcome_b["resumed"] is True
    again = await device_b.until("card")
    assert again["card_id"] == card["card_id"]
    assert again["confirmation"]["amount"] == "12.40"
    assert again["confirmation"]["challenge"] != offer["challenge"]  # fresh on a new connection
    assert "nonce" not in json.dumps(device_b.received)  # the nonce never goes to the device
    on_b = fleet.hubs[1].sessions.get("glasses-pay")
    assert on_b is not None
    pending_b = on_b.session.confirm.pending
    assert pending_b is not None and pending_b.payment is not None
    assert pending_b.card_id == pending_a.card_id
    assert pending_b.payment.nonce == pending_a.payment.nonce
    await ws_b.close()


async def test_a_hub_whose_lease_was_taken_over_stops_serving_the_wearer(fleet: Fleet) -> None:
    ws, device, _ = await connect(fleet.bases[0], "glasses-paused")
    await device.send(type="text", text="play some jazz")
    await device.until("card")
    with redis.Redis.from_url(fleet.redis_url) as client:  # as if A paused past its lease and
        client.delete(f"{fleet.prefix}lease:glasses-paused")  # another hub took the wearer
        client.incr(f"{fleet.prefix}fence:glasses-paused")
    error = await device.until("error", wait_s=5.0)
    assert error["code"] == "session_busy"
    with pytest.raises(websockets.ConnectionClosed):
        await asyncio.wait_for(ws.recv(), 5)
    assert ws.close_code == CLOSE_SESSION_BUSY
    on_a = fleet.hubs[0].sessions.get("glasses-paused")
    assert on_a is None or on_a.lost


async def test_a_restarted_hub_lets_its_wearers_go_and_another_resumes_them(
    runtime: Runtime, fleet: Fleet
) -> None:
    first = Hub(
        fleet.hubs[1].runtime,
        build_speech(runtime.settings),
        HubOptions(grace_s=60.0),
        store=RedisConversationStore.from_url(fleet.redis_url, 60.0, fleet.prefix),
    )
    with serving(create_app(first)) as base:
        ws, device, welcome = await connect(base, "glasses-restart")
        await device.send(type="text", text="play some jazz")
        await device.until("card")
        assert fleet.lease_held("glasses-restart")
        await ws.close()
        await asyncio.sleep(0.2)
        ws, device, _ = await connect(base, "glasses-restart")  # still live when it stops
    fleet.until_let_go("glasses-restart", wait_s=3.0)  # let go, not lapsed (5 s)
    ws_b, _, welcome_b = await connect(fleet.bases[1], "glasses-restart")
    assert welcome_b["resumed"] is True and welcome_b["session_id"] == welcome["session_id"]
    on_b = fleet.hubs[1].sessions.get("glasses-restart")
    assert on_b is not None and on_b.session.agent_state.get("music")
    await ws_b.close()
