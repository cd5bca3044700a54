"""Booking: the provider interface, an HTTP provider, and reading what a request asks for.

Booking spends the wearer's money, so it takes two steps: `offer` finds what would be booked
(nothing is reserved), and `book` books one offer once the wearer has confirmed it. The HTTP
contract of `HttpBookingProvider` is in `docs/travel.md`.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, ClassVar, Final, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from sightline.errors import SightlineError
from sightline.travel.http import join_url, request_json

BOOKING_UNAVAILABLE: Final = "booking_unavailable"
BOOKING_REJECTED: Final = "booking_rejected"

M = TypeVar("M", bound=BaseModel)


class BookingKind(StrEnum):
    """What is being booked."""

    FLIGHT = "flight"
    HOTEL = "hotel"
    TRAIN = "train"
    BUS = "bus"
    FERRY = "ferry"
    OTHER = "other"


class BookingRequest(BaseModel):
    """What the wearer asked to book, as far as it can be read offline.

    Attributes:
        text: The request in the wearer's words (the provider reads it too).
        kind: Flight, hotel, train, bus, ferry, or other.
        destination: Where to ("Tokyo", "Rome"), when said.
        origin: Where from, when said.
    """

    model_config = ConfigDict(frozen=True)

    text: str
    kind: BookingKind = BookingKind.OTHER
    destination: str | None = None
    origin: str | None = None


class Price(BaseModel):
    """An amount of money: a decimal amount and an ISO 4217 currency code."""

    model_config = ConfigDict(frozen=True)

    amount: Decimal
    currency: str = Field(min_length=3, max_length=3)

    def __str__(self) -> str:
        return f"{self.currency.upper()} {self.amount:.2f}"


class BookingOffer(BaseModel):
    """Something the provider can book: nothing is reserved until `book`.

    Attributes:
        id: The provider's offer identifier.
        kind: What it is.
        summary: One line for the card, e.g. "LH 716 FRA → HND · 3 Mar 13:40".
        details: A few more short lines (fare, bags, room type…).
        price: The total price.
        expires_at: When the provider stops honouring the offer, if it says.
    """

    model_config = ConfigDict(frozen=True, extra="ignore")

    id: str = Field(min_length=1)
    kind: BookingKind = BookingKind.OTHER
    summary: str = Field(min_length=1)
    details: tuple[str, ...] = ()
    price: Price
    expires_at: datetime | None = None


class Booking(BaseModel):
    """A confirmed booking.

    Attributes:
        reference: The booking reference (PNR, confirmation number…).
        status: The provider's status word, e.g. "confirmed".
        summary: One line for the card.
    """

    model_config = ConfigDict(frozen=True, extra="ignore")

    reference: str = Field(min_length=1)
    status: str = "confirmed"
    summary: str = ""


class BookingProvider(ABC):
    """Who books travel for the wearer.

    Attributes:
        name: A short name for logs and `Reply.data`.
    """

    name: ClassVar[str]

    @abstractmethod
    async def offer(self, request: BookingRequest) -> BookingOffer | None:
        """Find the best offer for a request, reserving nothing.

        Args:
            request: What the wearer asked for.

        Returns:
            The offer, or None when nothing matches.

        Raises:
            SightlineError: (`booking_unavailable`) when the provider cannot answer.
        """

    @abstractmethod
    async def book(self, offer: BookingOffer, idempotency_key: str) -> Booking:
        """Book an offer the wearer confirmed.

        Args:
            offer: The offer shown to the wearer.
            idempotency_key: Unique per confirmation: sending it twice books once.

        Returns:
            The booking.

        Raises:
            SightlineError: `booking_rejected` when the offer can no longer be booked,
                `booking_unavailable` when the provider cannot answer.
        """


class HttpBookingProvider(BookingProvider):
    """A booking API over HTTP: `POST {base_url}/offers`, then `POST {base_url}/bookings`.

    Args:
        base_url: The API's base URL.
        api_key: Sent as `Authorization: Bearer <key>` when set.
        timeout_s: Whole-request time-out, seconds.
    """

    name = "http"

    def __init__(self, base_url: str, api_key: str | None = None, timeout_s: float = 10.0) -> None:
        self.base_url = base_url
        self.api_key = api_key
        self.timeout_s = timeout_s

    async def offer(self, request: BookingRequest) -> BookingOffer | None:
        """Ask for offers; the first one in the answer is taken as the best."""
        _, data = await request_json(
            "POST",
            join_url(self.base_url, "offers"),
            api_key=self.api_key,
            timeout_s=self.timeout_s,
            error_code=BOOKING_UNAVAILABLE,
            body=request.model_dump(mode="json"),
            ok_statuses=frozenset({200}),
        )
        offers = (data or {}).get("offers")
        if not isinstance(offers, list):
            raise SightlineError(BOOKING_UNAVAILABLE, "bad offers answer: no 'offers' list")
        return _validated(BookingOffer, offers[0], "offer") if offers else None

    async def book(self, offer: BookingOffer, idempotency_key: str) -> Booking:
        """Book the offer; HTTP 409 or 410 means it can no longer be booked."""
        code, data = await request_json(
            "POST",
            join_url(self.base_url, "bookings"),
            api_key=self.api_key,
            timeout_s=self.timeout_s,
            error_code=BOOKING_UNAVAILABLE,
            body={"offer_id": offer.id, "idempotency_key": idempotency_key},
            headers={"Idempotency-Key": idempotency_key},
            passthrough=frozenset({409, 410}),
        )
        if code in (409, 410) or data is None:
            raise SightlineError(BOOKING_REJECTED, "the offer can no longer be booked")
        return _validated(Booking, data, "booking")


def _validated(model: type[M], data: Any, what: str) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or what
        raise SightlineError(
            BOOKING_UNAVAILABLE, f"bad {what} answer: {where}: {first['msg']}"
        ) from exc


_KINDS: Final = (
    (BookingKind.HOTEL, r"hotel|room|stay|resort|hostel|ryokan|b ?& ?b|bed and breakfast|inn"),
    (BookingKind.FLIGHT, r"flights?|fly|flite|plane|airline|fares?"),
    (BookingKind.TRAIN, r"trains?|rail|eurostar|tgv|shinkansen"),
    (BookingKind.BUS, r"bus|buses|coach|flixbus"),
    (BookingKind.FERRY, r"ferry|ferries|boat"),
)
_PLACE = r"([A-Z][\w'.-]*(?:\s+(?:de|del|da|di|la|le|los|las)?\s*[A-Z][\w'.-]*)*)"
_DESTINATION = re.compile(rf"\b(?:to|in|at|near|for)\s+(?:the\s+)?{_PLACE}")
_ORIGIN = re.compile(rf"\bfrom\s+{_PLACE}")
_NOT_PLACE: Final = frozenset(
    re.findall(
        r"\w+",
        "a an and at book by for from get go in me my near next on see stay the this to "
        "tomorrow tonight travel under via visit with",
    )
)


def _lower_place(text: str, origin: bool) -> str | None:
    """A place in all-lowercase speech: up to three words after "to"/"in" (or "from")."""
    words = re.findall(r"[\w'-]+", text)
    markers = ("from",) if origin else ("to", "in", "near")
    for at, word in enumerate(words):
        if word not in markers:
            continue
        place: list[str] = []
        for following in words[at + 1 : at + 5]:
            if following == "the" and not place:
                continue
            if following in _NOT_PLACE or len(place) == 3:
                break
            place.append(following)
        if place:
            return " ".join(w.capitalize() for w in place)
    return None


def parse_booking_request(text: str) -> BookingRequest:
    """Read the kind of booking and the places from a request ("book a flight to Tokyo").

    Args:
        text: The request in the wearer's words.

    Returns:
        The request; places are the capitalised words after "to", "in", "near" or "from" (in
        all-lowercase speech, up to three words there).
    """
    lowered = text.lower()
    kind = next(
        (k for k, words in _KINDS if re.search(rf"\b(?:{words})\b", lowered)), BookingKind.OTHER
    )
    if text == lowered:
        destination, origin = _lower_place(text, False), _lower_place(text, True)
    else:
        found_to, found_from = _DESTINATION.search(text), _ORIGIN.search(text)
        destination = found_to.group(1) if found_to else None
        origin = found_from.group(1) if found_from else None
    return BookingRequest(text=text, kind=kind, destination=destination, origin=origin)
