"""The booking desk: turns a request into an offer awaiting confirmation, then books it.

Booking is treated like a payment. The `book` tool only finds an offer and leaves a pending
follow-up with "Confirm" and "Cancel" actions and a `ConfirmRequest`, open for `CONFIRM_WINDOW`.
Only the wearer's device input, through the confirmation gate (`sightline.confirm`), books it:
the gate calls the agent's `on_confirmed`, then `confirm_booking`, then `BookingDesk.confirm`,
once: the confirmation's reference is sent to the provider as the idempotency key.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Final

from sightline.cards.model import Glyph, Priority
from sightline.errors import SightlineError
from sightline.sdk import ConfirmKind, ConfirmRequest, FollowUp, Reply
from sightline.travel.booking import (
    BOOKING_REJECTED,
    BOOKING_UNAVAILABLE,
    BookingOffer,
    BookingProvider,
    BookingRequest,
    parse_booking_request,
)

Clock = Callable[[], datetime]
"""Returns the current time, timezone-aware."""

CONFIRM_WINDOW: Final = timedelta(seconds=30)
AWAITING_CONFIRMATION: Final = "awaiting_confirmation"
CONFIRM, CANCEL = "Confirm", "Cancel"
_PENDING: Final = "pending_booking"
log = logging.getLogger(__name__)


def system_clock() -> datetime:
    """The current local time, timezone-aware."""
    return datetime.now(UTC).astimezone()


@dataclass(frozen=True)
class PendingBooking:
    """An offer shown to the wearer, waiting for their confirmation.

    Attributes:
        ref: The confirmation's reference (also the provider's idempotency key).
        offer: What would be booked.
        request: What the wearer asked for.
        expires_at: When the confirmation window closes.
    """

    ref: str
    offer: BookingOffer
    request: BookingRequest
    expires_at: datetime

    def to_json(self) -> dict[str, Any]:
        """The pending booking as JSON values (times in ISO 8601, amounts as strings)."""
        return {
            "ref": self.ref,
            "offer": self.offer.model_dump(mode="json"),
            "request": self.request.model_dump(mode="json"),
            "expires_at": self.expires_at.isoformat(),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PendingBooking:
        """The pending booking from `to_json`'s form.

        Raises:
            ValueError: `data` is not a saved pending booking.
        """
        return cls(
            ref=str(data["ref"]),
            offer=BookingOffer.model_validate(data["offer"]),
            request=BookingRequest.model_validate(data["request"]),
            expires_at=datetime.fromisoformat(data["expires_at"]),
        )


def _problem(title: str, line: str, speech: str, code: str, message: str) -> Reply:
    reply = Reply.simple(title, line, speech=speech, glyph=Glyph.WARNING, ttl_s=8)
    return reply.model_copy(update={"data": {"error": {"code": code, "message": message}}})


def _not_configured() -> Reply:
    return _problem(
        "Booking not set up",
        "No booking provider is configured, so I can't book travel.",
        "I can't book that: no booking provider is configured.",
        "booking_not_configured",
        "no booking provider is configured",
    )


def _offer_data(offer: BookingOffer) -> dict[str, Any]:
    return {
        "offer_id": offer.id,
        "kind": offer.kind.value,
        "summary": offer.summary,
        "price": {"amount": str(offer.price.amount), "currency": offer.price.currency},
    }


class BookingDesk:
    """Books through a provider, one confirmed offer at a time per session.

    Args:
        provider: The booking provider; None when none is configured.
        clock: The current time (injectable for tests).
        agent: The owning agent's name, put on follow-ups.
        window: How long an offer waits for confirmation.
    """

    def __init__(
        self,
        provider: BookingProvider | None,
        clock: Clock = system_clock,
        agent: str = "travel",
        window: timedelta = CONFIRM_WINDOW,
    ) -> None:
        self.provider = provider
        self.clock = clock
        self.agent = agent
        self.window = window

    @staticmethod
    def pending(state: dict[str, Any]) -> PendingBooking | None:
        """The offer awaiting confirmation in this session's state (kept as JSON), if any."""
        found = state.get(_PENDING)
        if not isinstance(found, dict):
            return None
        try:
            return PendingBooking.from_json(found)
        except (KeyError, TypeError, ValueError) as exc:
            log.warning("saved pending booking unreadable, dropped: %s", exc)
            state.pop(_PENDING, None)
            return None

    async def request(self, state: dict[str, Any], text: str) -> Reply:
        """Find an offer for a request and leave it awaiting confirmation.

        Args:
            state: The agent's per-session state.
            text: The request in the wearer's words.

        Returns:
            A card with "Confirm"/"Cancel" and an `awaiting_confirmation` follow-up, or a card
            saying no provider is configured, nothing matched, or the provider failed.
        """
        if self.provider is None:
            return _not_configured()
        request = parse_booking_request(text)
        try:
            offer = await self.provider.offer(request)
        except SightlineError as exc:
            log.warning("booking provider %s failed: %s", self.provider.name, exc)
            return _problem(
                "Booking unavailable",
                "The booking service didn't answer. Try again later.",
                "The booking service isn't answering right now.",
                exc.code,
                exc.message,
            )
        if offer is None:
            reply = Reply.simple(
                "Nothing found",
                f"No offers for “{text}”.",
                speech="I couldn't find anything to book for that.",
                glyph=Glyph.INFO,
            )
            return reply.model_copy(update={"data": {"booking_request": request.model_dump()}})
        now = self.clock()
        pending = PendingBooking(uuid.uuid4().hex[:12], offer, request, now + self.window)
        state[_PENDING] = pending.to_json()
        return self._pending_reply(pending)

    def _pending_reply(self, pending: PendingBooking) -> Reply:
        offer = pending.offer
        seconds = round(self.window.total_seconds())
        data = {"ref": pending.ref, "action": "book"} | _offer_data(offer)
        return Reply.simple(
            "Confirm booking?",
            offer.summary,
            *offer.details[:3],
            f"Total {offer.price}",
            speech=f"{offer.summary}, for {offer.price}. Say confirm to book it.",
            glyph=Glyph.PRICE_TAG,
            priority=Priority.IMPORTANT,
            ttl_s=seconds,
            actions=(CONFIRM, CANCEL),
        ).model_copy(
            update={
                "follow_up": FollowUp(
                    kind=AWAITING_CONFIRMATION,
                    agent=self.agent,
                    data=data,
                    expires_at=pending.expires_at,
                ),
                "data": {"booking_offer": data},
                "confirm": ConfirmRequest(
                    kind=ConfirmKind.BOOKING,
                    ref=pending.ref,
                    payee=offer.summary[:120],
                    payee_detail=(self.provider.name if self.provider else "")[:120],
                    amount=offer.price.amount,
                    currency=offer.price.currency.upper(),
                ),
            }
        )

    def _take(self, state: dict[str, Any], ref: str) -> PendingBooking | Reply:
        pending = self.pending(state)
        if pending is None or pending.ref != ref:
            return _problem(
                "Nothing to confirm",
                "No booking is waiting for your confirmation.",
                "There's no booking waiting for confirmation.",
                "booking_not_pending",
                f"no booking {ref!r} is awaiting confirmation",
            )
        state.pop(_PENDING, None)
        now = self.clock()
        offer_expiry = pending.offer.expires_at
        if now >= pending.expires_at or (offer_expiry is not None and now >= offer_expiry):
            return _problem(
                "Booking expired",
                "The offer timed out; nothing was booked. Ask again.",
                "That offer timed out, so nothing was booked.",
                "booking_expired",
                f"booking {ref!r} was not confirmed in time",
            )
        return pending

    async def confirm(self, state: dict[str, Any], ref: str) -> Reply:
        """Book the pending offer the wearer confirmed.

        Args:
            state: The agent's per-session state.
            ref: The reference from the follow-up being confirmed.

        Returns:
            The booking's card, or a card saying why nothing was booked.
        """
        taken = self._take(state, ref)
        if isinstance(taken, Reply):
            return taken
        if self.provider is None:
            return _not_configured()
        try:
            booking = await self.provider.book(taken.offer, idempotency_key=taken.ref)
        except SightlineError as exc:
            if exc.code == BOOKING_UNAVAILABLE and self.clock() < taken.expires_at:
                state[_PENDING] = (
                    taken.to_json()
                )  # the wearer may confirm again: same key, books once
            rejected = exc.code == BOOKING_REJECTED
            return _problem(
                "Not booked" if rejected else "Booking unavailable",
                "That offer is no longer available; nothing was booked."
                if rejected
                else "The booking service didn't answer; nothing was booked yet.",
                "That offer is gone, nothing was booked."
                if rejected
                else "The booking service isn't answering; nothing was booked yet.",
                exc.code,
                exc.message,
            )
        data = {"booking": booking.model_dump()} | {"booking_offer": _offer_data(taken.offer)}
        return Reply.simple(
            "Booked",
            booking.summary or taken.offer.summary,
            f"Reference {booking.reference}",
            f"Total {taken.offer.price}",
            speech=f"Booked. Your reference is {' '.join(booking.reference)}.",
            glyph=Glyph.CHECK,
            priority=Priority.IMPORTANT,
            ttl_s=30,
        ).model_copy(update={"data": data})

    def cancel(self, state: dict[str, Any], ref: str) -> Reply:
        """Drop the pending offer without booking anything.

        Args:
            state: The agent's per-session state.
            ref: The reference from the follow-up being cancelled.

        Returns:
            A card saying nothing was booked.
        """
        pending = self.pending(state)
        if pending is not None and pending.ref == ref:
            state.pop(_PENDING, None)
        return Reply.simple(
            "Booking cancelled",
            "Nothing was booked.",
            speech="Cancelled. Nothing was booked.",
            glyph=Glyph.CROSS,
            ttl_s=5,
        )
