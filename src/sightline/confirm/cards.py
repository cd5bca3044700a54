"""The confirmation card and the gate's own cards (refused, failed, paid without a receipt)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Final

from sightline.cards.model import Card, Glyph, Priority
from sightline.confirm.events import CANCEL_TARGET, CONFIRM_TARGET
from sightline.payments.money import format_amount
from sightline.sdk import ConfirmKind, ConfirmRequest, Reply

ACTIONS: Final = (CONFIRM_TARGET.capitalize(), CANCEL_TARGET.capitalize())
NOTHING_DONE: Final = {
    ConfirmKind.PAYMENT: "Nothing was paid.",
    ConfirmKind.ORDER: "Nothing was ordered.",
    ConfirmKind.BOOKING: "Nothing was booked.",
}
REFUSALS: Final = {
    "gaze_required": "Look at Confirm, then say confirm.",
    "voice_required": "Say confirm out loud while looking at Confirm.",
    "signature_required": "Your glasses did not sign this confirmation.",
    "signature_invalid": "The confirmation's signature was not valid.",
    "device_key_missing": "Pair these glasses again to confirm payments.",
    "tap_disabled": "Tapping to confirm is switched off; say confirm.",
    "modality_unknown": "That is not a way to confirm.",
    "card_not_shown": "The card was not on display yet.",
    "card_mismatch": "That was for another card.",
    "not_wearer_input": "Only you can confirm, by voice.",
    "confirmation_expired": "The confirmation timed out.",
    "looked_away": "You looked away from the card.",
    "already_confirmed": "That was confirmed already.",
    "confirmation_closed": "That confirmation is closed.",
    "nothing_pending": "Nothing is waiting for confirmation.",
}


def _number_forms(amount: Decimal) -> tuple[str, ...]:
    places = max(0, -int(amount.as_tuple().exponent))
    return (f"{amount:,.{places}f}", f"{amount:.{places}f}", f"{amount:,.2f}", f"{amount:.2f}")


def bind_card(card: Card, request: ConfirmRequest, window_s: float) -> Card:
    """The card to show for a confirmation: the agent's card, made unmistakable.

    The payee and the amount must be on it (a line with both is added when either is missing),
    the actions are exactly "Confirm" and "Cancel", the priority at least important, and the
    card stays up for the confirmation window.

    Args:
        card: The card the agent's tool returned.
        request: What is being confirmed.
        window_s: Seconds the confirmation waits.

    Returns:
        The card the gate binds to the pending confirmation.
    """
    text = card.plain_text()
    lines = list(card.lines)
    has_amount = any(form in text for form in _number_forms(request.amount))
    if not has_amount or request.payee not in text:
        lines.append(f"{format_amount(request.amount, request.currency)} to {request.payee}")
    return card.model_copy(
        update={
            "lines": tuple(lines),
            "actions": ACTIONS,
            "priority": max(card.priority, Priority.IMPORTANT),
            "ttl_s": window_s,
        }
    )


def _status(kind: ConfirmKind | None, status: str, code: str) -> dict[str, Any]:
    return {"status": status, "reason": code, "kind": kind.value if kind else None}


def refused_reply(code: str, kind: ConfirmKind | None) -> Reply:
    """Why a confirmation attempt did not count; whatever was pending is cancelled."""
    message = REFUSALS.get(code, "That did not confirm anything.")
    done = NOTHING_DONE[kind] if kind else "Nothing was done."
    reply = Reply.simple("Not confirmed", message, done, speech=f"{message} {done}")
    return reply.model_copy(
        update={
            "card": reply.card.model_copy(update={"glyph": Glyph.WARNING}),
            "data": {
                "confirmation": _status(kind, "refused", code),
                "error": {"code": code, "message": message},
            },
        }
    )


def failed_reply(request: ConfirmRequest, code: str, message: str) -> Reply:
    """The wearer confirmed, but completing it failed (declined, provider down)."""
    done = NOTHING_DONE[request.kind]
    reply = Reply.simple("Not completed", message, done, speech=f"{message} {done}")
    return reply.model_copy(
        update={
            "card": reply.card.model_copy(update={"glyph": Glyph.WARNING}),
            "data": {
                "confirmation": _status(request.kind, "failed", code),
                "error": {"code": code, "message": message},
            },
        }
    )


def with_status(
    reply: Reply, request: ConfirmRequest, status: str, reason: str, reference: str | None = None
) -> Reply:
    """The agent's closing reply, tagged with how the confirmation ended."""
    data = dict(reply.data)
    data["confirmation"] = _status(request.kind, status, reason)
    if reference:
        data["confirmation"]["reference"] = reference
    return reply.model_copy(update={"data": data, "follow_up": None, "confirm": None})


def paid_fallback(request: ConfirmRequest, reference: str | None) -> Reply:
    """A receipt card when the agent could not word one (the money has moved)."""
    amount = format_amount(request.amount, request.currency)
    lines = [request.payee] + ([f"Ref {reference}"] if reference else [])
    return Reply.simple(f"Paid {amount}", *lines, speech=f"Paid {amount}.", glyph=Glyph.CHECK)
