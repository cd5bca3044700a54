"""The hub's admin routes that `sightline mcp` uses: show a card, read what the camera saw.

- `POST /v1/admin/card {text, title?, device_id?}` → `{shown: [device ids]}`: a plain card
  (no actions, so it can never be a "Confirm" button) on the connected glasses; refused with
  409 `confirmation_pending` while a device has a confirmation open, so nothing from outside
  can hide or replace the card the wearer is asked to confirm.
- `GET /v1/admin/scene?device_id=` → `{device_id, items: [{kind, format, text}]}`: what the
  camera of the device (by default the one that connected last) shows now, codes and text.

Both need `Authorization: Bearer <SIGHTLINE_ADMIN_TOKEN>`; without a configured token they
answer 403 `admin_disabled`.
"""

from __future__ import annotations

import hmac
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from sightline.cards.model import Card, Glyph
from sightline.config import reveal
from sightline.router.route import Route
from sightline.sdk.reply import Reply
from sightline.trace import TurnTrace
from sightline.turn_result import TurnResult

if TYPE_CHECKING:
    from sightline.hub.device_session import DeviceSession
    from sightline.hub.hub import Hub


class CardRequest(BaseModel):
    """A card to show on the glasses."""

    text: str = Field(min_length=1, max_length=2000)
    title: str = Field("Message", min_length=1, max_length=60)
    device_id: str | None = Field(None, max_length=128)


class AdminRefused(Exception):
    """A request the admin routes refuse, with its HTTP status and stable code."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def _refusal(exc: AdminRefused) -> JSONResponse:
    return JSONResponse({"code": exc.code, "message": exc.message}, status_code=exc.status)


def _attached(hub: Hub, device_id: str | None) -> list[DeviceSession]:
    # SessionStore has no public listing of its sessions yet.
    sessions = [s for s in hub.sessions._sessions.values() if s.link.attached]
    if device_id is not None:
        sessions = [s for s in sessions if s.device_id == device_id]
    if not sessions:
        raise AdminRefused(404, "no_device", "no paired glasses are connected")
    return sessions


def admin_routes(hub: Hub) -> APIRouter:
    """The admin routes, authenticated with the hub's admin token."""
    router = APIRouter()

    def check(request: Request) -> None:
        token = reveal(hub.runtime.settings.admin_token)
        if token is None:
            raise AdminRefused(403, "admin_disabled", "set SIGHTLINE_ADMIN_TOKEN to enable")
        sent = request.headers.get("authorization", "")
        if not hmac.compare_digest(sent.encode(), f"Bearer {token}".encode()):
            raise AdminRefused(401, "admin_token_invalid", "wrong or missing admin token")

    @router.post("/v1/admin/card", response_model=None)
    async def show_card(body: CardRequest, request: Request) -> dict[str, Any] | JSONResponse:
        """Show a plain card on the connected glasses."""
        try:
            check(request)
            sessions = _attached(hub, body.device_id)
            if any(s.session.confirm.pending is not None for s in sessions):
                raise AdminRefused(
                    409, "confirmation_pending", "the wearer is confirming something; try later"
                )
        except AdminRefused as exc:
            return _refusal(exc)
        lines = tuple(line for line in body.text.splitlines() if line.strip())
        reply = Reply(card=Card(title=body.title, lines=lines, glyph=Glyph.INFO), speech="")
        route = Route(agent="mcp", tool="show_card", confidence=1.0, tier="device")
        for dev in sessions:
            await dev.send_card(TurnResult(route=route, reply=reply, trace=TurnTrace()))
        return {"shown": [s.device_id for s in sessions]}

    @router.get("/v1/admin/scene", response_model=None)
    async def scene(
        request: Request, device_id: str | None = None
    ) -> dict[str, Any] | JSONResponse:
        """What the camera of a connected device sees now."""
        try:
            check(request)
            sessions = _attached(hub, device_id)
        except AdminRefused as exc:
            return _refusal(exc)
        dev = sessions[-1]
        seen = await dev.scene()
        items = [] if seen is None else seen.items
        return {
            "device_id": dev.device_id,
            "items": [{"kind": i.kind, "format": i.format, "text": i.text} for i in items],
        }

    return router
