"""Pairing over HTTP (`POST /v1/pair`) and the bearer-token check of the device endpoints."""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict, deque
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from pydantic import BaseModel, Field

from sightline.errors import SightlineError
from sightline.pairing import DeviceRecord, DeviceRegistry

FAILURES_ALLOWED = 10
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


class FailureLimiter:
    """Refuses a client after too many wrong codes within a minute (guessing codes)."""

    def __init__(self, allowed: int = FAILURES_ALLOWED, window_s: float = FAILURE_WINDOW_S):
        self.allowed, self.window_s = allowed, window_s
        self._failures: defaultdict[str, deque[float]] = defaultdict(deque)

    def blocked(self, client: str) -> bool:
        """Whether `client` must wait before trying again."""
        failures, now = self._failures[client], time.monotonic()
        while failures and now - failures[0] > self.window_s:
            failures.popleft()
        if not failures:
            del self._failures[client]  # no memory kept of clients that got it right
        return len(failures) >= self.allowed

    def failed(self, client: str) -> None:
        """Count a wrong attempt."""
        self._failures[client].append(time.monotonic())


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


def pairing_routes(registry: DeviceRegistry) -> APIRouter:
    """`POST /v1/pair {code, device_id, name}` → `{token, device_id, name}`."""
    router = APIRouter()
    limiter = FailureLimiter()

    @router.post("/v1/pair")
    async def pair(body: PairRequest, request: Request) -> dict[str, Any]:
        client = request.client.host if request.client else "?"
        if limiter.blocked(client):
            raise http_error(429, "pairing_rate_limited", "too many wrong codes; wait a minute")
        try:
            token = await asyncio.to_thread(
                registry.pair, body.code, body.device_id, body.name, body.public_key
            )
        except SightlineError as error:
            if error.code.startswith("pairing_code"):
                limiter.failed(client)
            raise http_error(_STATUS.get(error.code, 400), error.code, error.message) from None
        record = await asyncio.to_thread(registry.lookup, token)
        return {"token": token, "device_id": record.device_id, "name": record.name}

    return router
