"""Pairing over HTTP (`POST /v1/pair`) and the bearer-token check of the device endpoints.

Guessing codes is limited: at most `FAILURES_PER_ADDRESS` wrong codes per client address and
`FAILURES_PER_DEVICE` per device id within `FAILURE_WINDOW_S`. A locked-out address or device id
is answered 429 `pairing_rate_limited` (with `Retry-After`) without its code being checked, even
a right one: checking it would tell a guesser which code is right while the limit lasts.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from pydantic import BaseModel, Field

from sightline.errors import SightlineError
from sightline.hub.attempt_limiter import Attempt, AttemptLimiter
from sightline.hub.client_address import Network, client_address
from sightline.pairing import DeviceRecord, DeviceRegistry

FAILURES_PER_ADDRESS = 10
FAILURES_PER_DEVICE = 10
FAILURE_WINDOW_S = 60.0

_STATUS = {
    "pairing_code_invalid": 403,
    "pairing_code_used": 403,
    "pairing_code_expired": 403,
    "device_id_taken": 409,
    "device_id_invalid": 422,
    "public_key_invalid": 422,
}

CHALLENGE = {"WWW-Authenticate": "Bearer"}

DeviceDependency = Callable[[Request], Awaitable[DeviceRecord]]


class PairRequest(BaseModel):
    """`POST /v1/pair`: the code shown by `sightline pair`, who the device is, and its
    confirmation key (docs/protocol.md, "Signed confirmations")."""

    code: str = Field(min_length=1, max_length=32)
    device_id: str = Field(min_length=1, max_length=128)
    name: str | None = Field(None, max_length=64)
    public_key: str | None = Field(None, max_length=512)


def http_error(
    status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> HTTPException:
    """An error answered as `{"detail": {"code": ..., "message": ...}}`."""
    return HTTPException(status, detail={"code": code, "message": message}, headers=headers)


def bearer_device(registry: DeviceRegistry) -> DeviceDependency:
    """The check of the device endpoints: the device of the `Authorization: Bearer` token.

    Raises (from the returned coroutine function):
        HTTPException: 401 with `token_missing`, `token_invalid` or `token_revoked`.
    """

    async def device(request: Request) -> DeviceRecord:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise http_error(401, "token_missing", "send Authorization: Bearer <token>", CHALLENGE)
        try:
            return await asyncio.to_thread(registry.lookup, token.strip())
        except SightlineError as error:
            raise http_error(401, error.code, error.message, CHALLENGE) from None

    return device


def pairing_routes(
    registry: DeviceRegistry,
    proxies: tuple[Network, ...] = (),
    limiter: AttemptLimiter | None = None,
) -> APIRouter:
    """`POST /v1/pair {code, device_id, name}` → `{token, device_id, name}`.

    Args:
        registry: The paired devices.
        proxies: Trusted proxies, whose `X-Forwarded-For` names the client.
        limiter: Counts wrong codes (one per router by default).
    """
    router = APIRouter()
    wrong_codes = limiter or AttemptLimiter(FAILURE_WINDOW_S)

    @router.post("/v1/pair")
    async def pair(body: PairRequest, request: Request) -> dict[str, Any]:
        peer = request.client.host if request.client else None
        client = client_address(peer, request.headers, proxies)
        attempt = wrong_codes.reserve(
            {
                f"address:{client}": FAILURES_PER_ADDRESS,
                f"device:{body.device_id}": FAILURES_PER_DEVICE,
            }
        )
        if not isinstance(attempt, Attempt):
            raise http_error(
                429,
                "pairing_rate_limited",
                "too many wrong codes; wait before trying again",
                {"Retry-After": str(math.ceil(attempt))},
            )
        try:
            token = await asyncio.to_thread(
                registry.pair, body.code, body.device_id, body.name, body.public_key
            )
        except SightlineError as error:
            if not error.code.startswith("pairing_code"):
                wrong_codes.forgive(attempt)  # not a guess (the id is taken or malformed)
            raise http_error(_STATUS.get(error.code, 400), error.code, error.message) from None
        except BaseException:
            wrong_codes.forgive(attempt)
            raise
        wrong_codes.forgive(attempt)
        record = await asyncio.to_thread(registry.lookup, token)
        return {"token": token, "device_id": record.device_id, "name": record.name}

    return router
