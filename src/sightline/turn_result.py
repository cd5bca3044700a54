"""`TurnResult`: what one turn (or one decisive device event) produced, and its JSON form."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

from sightline.cards.model import Glyph
from sightline.router.route import Route
from sightline.sdk.reply import Reply
from sightline.trace import TurnTrace


def new_card_id() -> str:
    """A fresh, unguessable card id."""
    return secrets.token_urlsafe(16)


@dataclass
class TurnResult:
    """Everything one turn produced.

    Attributes:
        route: Where the request went (tier "device" when device input decided it).
        reply: The agent's reply (an error card when the call failed).
        trace: The turn's stage timestamps.
        error: The stable error code and message, when the call failed or was refused.
        card_id: The id the hub sends with this result's card (`card` message); device input
            about the card names it. A confirmation card's id is the one the gate binds.
        pending: The confirmation this card asks for (payee, amount, currency, expires_at),
            when it is a confirmation card; never the nonce.
    """

    route: Route
    reply: Reply
    trace: TurnTrace
    error: dict[str, str] | None = None
    card_id: str = field(default_factory=new_card_id)
    pending: dict[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        """The turn as one JSON-ready object (what `sightline ask --json` prints).

        The reply's `data` keys are merged in at the top level, never over the fixed keys.
        """
        out: dict[str, Any] = {
            "agent": self.route.agent,
            "tool": self.route.tool,
            "arguments": self.route.arguments,
            "tier": self.route.tier,
            "confidence": self.route.confidence,
            "card": self.reply.card.model_dump(mode="json"),
            "card_id": self.card_id,
            "speech": self.reply.speech,
            "timings_ms": self.trace.timings_ms(),
            "turn_id": self.trace.turn_id,
        }
        if self.route.note:
            out["note"] = self.route.note
        if self.route.declined:
            out["declined"] = list(self.route.declined)
        if self.pending is not None:
            out["pending"] = self.pending
        for key, value in self.reply.data.items():
            out.setdefault(key, value)  # agent details (now_playing, destination, steps, …)
        if self.reply.follow_up:
            out["follow_up"] = self.reply.follow_up.model_dump(mode="json")
        if self.error:
            out["error"] = self.error
        return out


def error_reply(code: str, message: str) -> Reply:
    """The card for a failed call: what failed, and its stable code."""
    return Reply.simple("Sorry", message, f"({code})", speech=message, glyph=Glyph.WARNING)


def reply_error(reply: Reply) -> dict[str, str] | None:
    """A reply's own `data["error"]` when it is a `{code, message}` object."""
    error = reply.data.get("error")
    if isinstance(error, dict) and "code" in error:
        return {"code": str(error["code"]), "message": str(error.get("message", ""))}
    return None


def device_route(agent: str, status: str) -> Route:
    """The route of a result decided by device input (no router involved)."""
    return Route(agent=agent, tool=status, confidence=1.0, tier="device")
