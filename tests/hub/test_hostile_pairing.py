"""The pairing limiter over a real socket: forged X-Forwarded-For, 100 concurrent guesses, the
lock-out policy, limits per device id, and proxies trusted only when configured."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from hub_web import web_hub
from local_server import serving
from sightline.hub.web_pairing import FAILURES_PER_ADDRESS, FAILURES_PER_DEVICE
from sightline.pairing import DeviceRegistry
from sightline.runtime import Runtime

WRONG = "AAAAAAAA"


@pytest.fixture
def registry(tmp_path: Path) -> DeviceRegistry:
    return DeviceRegistry(tmp_path / "devices.sqlite3")


@pytest.fixture
def base(runtime: Runtime, registry: DeviceRegistry) -> Iterator[str]:
    with serving(web_hub(runtime, registry)) as url:
        yield url


@pytest.fixture
def proxied(runtime: Runtime, registry: DeviceRegistry) -> Iterator[str]:
    with serving(web_hub(runtime, registry, trusted_proxies=("127.0.0.1",))) as url:
        yield url


async def guess(
    client: httpx.AsyncClient, base: str, code: str, device_id: str, forwarded: str | None = None
) -> httpx.Response:
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    return await client.post(
        f"{base}/v1/pair", json={"code": code, "device_id": device_id}, headers=headers
    )


async def test_a_forged_forwarded_for_does_not_reset_the_limit(base: str) -> None:
    async with httpx.AsyncClient() as client:
        answers = [
            await guess(client, base, WRONG, f"dev-{n}", forwarded=f"203.0.113.{n}")
            for n in range(40)
        ]
    evaluated = [a for a in answers if a.status_code == 403]
    assert len(evaluated) == FAILURES_PER_ADDRESS
    assert all(a.status_code == 429 for a in answers[FAILURES_PER_ADDRESS:])


async def test_100_concurrent_guesses_evaluate_no_more_than_the_limit(base: str) -> None:
    async with httpx.AsyncClient(limits=httpx.Limits(max_connections=100)) as client:
        answers = await asyncio.gather(
            *(guess(client, base, WRONG, f"race-{n}") for n in range(100))
        )
    codes = [a.status_code for a in answers]
    assert codes.count(403) == FAILURES_PER_ADDRESS, codes
    assert codes.count(429) == 100 - FAILURES_PER_ADDRESS


async def test_a_locked_out_address_is_refused_even_the_right_code_until_it_expires(
    base: str, registry: DeviceRegistry
) -> None:
    async with httpx.AsyncClient() as client:
        for n in range(FAILURES_PER_ADDRESS):
            assert (await guess(client, base, WRONG, f"lock-{n}")).status_code == 403
        right = registry.new_pairing_code().code
        refused = await guess(client, base, right, "lock-ok")
    assert refused.status_code == 429
    assert refused.json()["detail"]["code"] == "pairing_rate_limited"
    assert 0 < int(refused.headers["retry-after"]) <= 60
    assert not registry.devices(), "the code was evaluated during the lock-out"


async def test_right_codes_do_not_count_and_device_ids_have_their_own_limit(
    base: str, registry: DeviceRegistry
) -> None:
    async with httpx.AsyncClient() as client:
        for n in range(FAILURES_PER_ADDRESS - 1):
            assert (await guess(client, base, WRONG, f"ok-{n}")).status_code == 403
        for n in range(3):
            code = registry.new_pairing_code().code
            assert (await guess(client, base, code, f"paired-{n}")).status_code == 200
        assert (await guess(client, base, WRONG, "ok-last")).status_code == 403
        assert (await guess(client, base, WRONG, "ok-over")).status_code == 429
    assert FAILURES_PER_DEVICE <= FAILURES_PER_ADDRESS


async def test_a_device_id_is_limited_across_addresses_behind_a_trusted_proxy(
    proxied: str, registry: DeviceRegistry
) -> None:
    async with httpx.AsyncClient() as client:
        answers = [
            await guess(client, proxied, WRONG, "target", forwarded=f"198.51.100.{n}")
            for n in range(FAILURES_PER_DEVICE + 5)
        ]
        codes = [a.status_code for a in answers]
        assert codes.count(403) == FAILURES_PER_DEVICE, codes
        # The proxy is trusted: another client behind it is not locked out by these guesses.
        other = registry.new_pairing_code().code
        paired = await guess(client, proxied, other, "someone-else", forwarded="198.51.100.200")
    assert paired.status_code == 200, paired.text


async def test_trusted_proxy_addresses_are_limited_per_forwarded_client(proxied: str) -> None:
    async with httpx.AsyncClient() as client:
        for n in range(FAILURES_PER_ADDRESS):
            answer = await guess(client, proxied, WRONG, f"a-{n}", forwarded="192.0.2.7")
            assert answer.status_code == 403
        blocked = await guess(client, proxied, WRONG, "a-x", forwarded="192.0.2.7")
        fresh = await guess(client, proxied, WRONG, "b-x", forwarded="192.0.2.8")
    assert (blocked.status_code, fresh.status_code) == (429, 403)
