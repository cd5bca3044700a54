"""The HUD over HTTP: the display profiles and cards rendered exactly as a profile shows them."""

from __future__ import annotations

import asyncio
import io
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from sightline.cards.fitting import action_slots, compute_layout, fit_card
from sightline.cards.model import Card
from sightline.cards.profiles import DEFAULT_PROFILE, PROFILES, DisplayProfile
from sightline.cards.render import render_page
from sightline.hub.web_pairing import DeviceDependency, http_error


class RenderRequest(BaseModel):
    """`POST /v1/render`: a card (as sent in a `card` message), a profile and a page."""

    card: Card
    profile: str = DEFAULT_PROFILE
    page: int = Field(0, ge=0)


def describe_profile(profile: DisplayProfile, default: str) -> dict[str, Any]:
    """A profile as the simulator needs it, with the action targets' boxes by action count.

    `action_slots["2"]` holds the (left, top, right, bottom) boxes of a card with two
    actions ("Confirm", "Cancel"), in display pixels, right and bottom exclusive.
    """
    layout = compute_layout(profile, has_actions=True)
    return {
        "name": profile.name,
        "width": profile.width,
        "height": profile.height,
        "bit_depth": profile.bit_depth,
        "colour": list(profile.colour),
        "max_actions": profile.max_actions,
        "camera_max_pixels": profile.camera_max_pixels,
        "default": profile.name == default,
        "action_slots": {
            str(n): [list(box) for box in action_slots(profile, layout, n)]
            for n in range(1, profile.max_actions + 1)
        },
    }


def render_png(card: Card, profile: DisplayProfile, page: int) -> tuple[bytes, int]:
    """One page of `card` on `profile` as PNG bytes, and the card's page count.

    Raises:
        IndexError: The card has no such page.
    """
    pages = fit_card(card, profile)
    if page >= len(pages):
        raise IndexError(f"page {page} out of range; the card has {len(pages)} page(s)")
    buffer = io.BytesIO()
    render_page(pages[page], profile).save(buffer, format="PNG")
    return buffer.getvalue(), len(pages)


def hud_routes(device: DeviceDependency, default_profile: str = DEFAULT_PROFILE) -> APIRouter:
    """`GET /v1/profiles` (open) and `POST /v1/render` (paired devices)."""
    router = APIRouter()

    @router.get("/v1/profiles")
    async def profiles() -> list[dict[str, Any]]:
        return [describe_profile(p, default_profile) for p in PROFILES.values()]

    @router.post("/v1/render")
    async def render(body: RenderRequest, request: Request) -> Response:
        await device(request)
        profile = PROFILES.get(body.profile)
        if profile is None:
            known = ", ".join(sorted(PROFILES))
            raise http_error(400, "unknown_profile", f"{body.profile!r}; known: {known}")
        try:
            png, count = await asyncio.to_thread(render_png, body.card, profile, body.page)
        except IndexError as exc:
            raise http_error(400, "page_out_of_range", str(exc)) from None
        headers = {
            "X-Page": str(body.page),
            "X-Page-Count": str(count),
            "Cache-Control": "no-store",
        }
        return Response(png, media_type="image/png", headers=headers)

    return router
