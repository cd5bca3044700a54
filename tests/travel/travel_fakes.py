"""A local travel API for tests: flight status and booking, as documented in docs/travel.md."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response


@dataclass
class Seen:
    """One request the fake API received."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: Any


@dataclass
class FakeTravelApi:
    """Serves GET /status, POST /offers and POST /bookings; behaviour set per test."""

    port: int = 0
    requests: list[Seen] = field(default_factory=list)
    flights: dict[tuple[str, str, str], dict[str, Any]] = field(default_factory=dict)
    status_code: int = 200
    raw_status_body: str | None = None
    offers: list[dict[str, Any]] = field(default_factory=list)
    booking_code: int = 201
    bookings: dict[str, dict[str, Any]] = field(default_factory=dict)
    delay_s: float = 0.0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v1"

    def reset(self) -> None:
        self.requests.clear()
        self.flights.clear()
        self.offers.clear()
        self.bookings.clear()
        self.status_code, self.booking_code = 200, 201
        self.raw_status_body, self.delay_s = None, 0.0

    def calls(self, path: str) -> list[Seen]:
        return [r for r in self.requests if r.path.endswith(path)]

    def app(self) -> FastAPI:
        api = FastAPI()

        async def record(request: Request) -> None:
            raw = await request.body()
            body = await request.json() if raw else None
            self.requests.append(
                Seen(
                    request.method,
                    request.url.path,
                    dict(request.query_params),
                    {k.lower(): v for k, v in request.headers.items()},
                    body,
                )
            )
            if self.delay_s:
                await asyncio.sleep(self.delay_s)

        @api.get("/api/v1/status")
        async def status(request: Request) -> Response:
            await record(request)
            if self.raw_status_body is not None:
                return PlainTextResponse(self.raw_status_body, self.status_code)
            if self.status_code != 200:
                return JSONResponse({"message": "scripted failure"}, self.status_code)
            q = request.query_params
            found = self.flights.get((q["carrier"], q["number"], q["date"]))
            if found is None:
                return JSONResponse({"message": "unknown flight"}, 404)
            return JSONResponse(found)

        @api.post("/api/v1/offers")
        async def offers(request: Request) -> Response:
            await record(request)
            return JSONResponse({"offers": self.offers})

        @api.post("/api/v1/bookings")
        async def bookings(request: Request) -> Response:
            await record(request)
            if self.booking_code >= 300:
                return JSONResponse({"message": "scripted"}, self.booking_code)
            body = await request.json()
            key = body["idempotency_key"]
            booking = self.bookings.setdefault(
                key, {"reference": f"BK{len(self.bookings) + 1:04d}", "status": "confirmed"}
            )
            return JSONResponse(booking, self.booking_code)

        return api
