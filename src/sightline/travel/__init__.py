"""Travel: boarding passes in view, flight status sources, and booking with confirmation.

The agent lives in `sightline.agents.travel`; this package is the service behind it. See
`docs/travel.md` for the HTTP contracts of the flight status and booking back-ends.
"""

from __future__ import annotations

from sightline.travel.airports import AIRPORTS, Airport, airport, airport_name, city_name
from sightline.travel.boarding import PassInView, current_leg, find_boarding_pass
from sightline.travel.booking import (
    Booking,
    BookingKind,
    BookingOffer,
    BookingProvider,
    BookingRequest,
    HttpBookingProvider,
    Price,
    parse_booking_request,
)
from sightline.travel.desk import CONFIRM_WINDOW, BookingDesk, Clock, PendingBooking, system_clock
from sightline.travel.flights import AIRLINES, FlightNumber, flight_of, parse_flight_number
from sightline.travel.phrases import Aspect, aspect_of, parse_travel
from sightline.travel.status import (
    FlightState,
    FlightStatus,
    FlightStatusSource,
    HttpFlightStatusSource,
    PassOnlyStatusSource,
    StatusCapability,
)

__all__ = [
    "AIRLINES",
    "AIRPORTS",
    "CONFIRM_WINDOW",
    "Airport",
    "Aspect",
    "Booking",
    "BookingDesk",
    "BookingKind",
    "BookingOffer",
    "BookingProvider",
    "BookingRequest",
    "Clock",
    "FlightNumber",
    "FlightState",
    "FlightStatus",
    "FlightStatusSource",
    "HttpBookingProvider",
    "HttpFlightStatusSource",
    "PassInView",
    "PassOnlyStatusSource",
    "PendingBooking",
    "Price",
    "StatusCapability",
    "airport",
    "airport_name",
    "aspect_of",
    "city_name",
    "current_leg",
    "find_boarding_pass",
    "flight_of",
    "parse_booking_request",
    "parse_flight_number",
    "parse_travel",
    "system_clock",
]
