"""Cards and speech for boarding passes and flight status."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sightline.cards.model import Glyph
from sightline.codes import BcbpError, BoardingPass, Leg
from sightline.scene import SceneItem
from sightline.sdk import Reply
from sightline.travel.airports import airport_name, city_name
from sightline.travel.boarding import (
    cabin_label,
    day_label,
    day_spoken,
    passenger_label,
    seat_label,
    sequence_label,
)
from sightline.travel.flights import flight_of
from sightline.travel.phrases import Aspect
from sightline.travel.status import FlightStatus

NO_LIVE_DATA = "No live flight data"


def hhmm(moment: datetime) -> str:
    """A time as shown at the airport, "13:50"."""
    return f"{moment:%H:%M}"


def _route(origin: str | None, destination: str | None) -> str:
    return f"{origin} → {destination}" if origin and destination else ""


def _boarding_line(status: FlightStatus | None) -> str:
    if status is None:
        return ""
    parts = []
    if status.boarding_time is not None:
        parts.append(f"Boarding {hhmm(status.boarding_time)}")
    if status.gate:
        parts.append(f"Gate {status.gate}")
    if status.terminal:
        parts.append(f"Terminal {status.terminal}")
    return " · ".join(parts)


def leg_data(leg: Leg, today: date, status: FlightStatus | None = None) -> dict[str, Any]:
    """One leg as plain data, with airport names, the resolved date and any live details."""
    data: dict[str, Any] = {
        "flight": str(flight_of(leg)),
        "carrier": leg.carrier,
        "number": flight_of(leg).number,
        "from": leg.from_,
        "from_name": airport_name(leg.from_),
        "to": leg.to,
        "to_name": airport_name(leg.to),
        "date": leg.flight_date(today).isoformat(),
        "seat": seat_label(leg),
        "sequence": sequence_label(leg),
        "compartment": leg.compartment,
        "pnr": leg.pnr,
        "baggage_allowance": leg.free_baggage_allowance,
    }
    if status is not None:
        data["boarding_time"] = status.boarding_time.isoformat() if status.boarding_time else None
        data["gate"] = status.gate
        data["terminal"] = status.terminal
    return data


def _leg_lines(leg: Leg, today: date, status: FlightStatus | None) -> list[str]:
    day = day_label(leg.flight_date(today), today)
    seat = seat_label(leg)
    cabin_seq = [p for p in (cabin_label(leg), _seq(leg)) if p]
    lines = [
        f"{airport_name(leg.from_)} → {airport_name(leg.to)}",
        f"{day} · Seat {seat}" if seat else f"{day} · No seat yet",
        " · ".join(cabin_seq),
        _boarding_line(status),
    ]
    return [line for line in lines if line]


def _seq(leg: Leg) -> str | None:
    sequence = sequence_label(leg)
    return f"Seq {sequence}" if sequence else None


def _leg_line(leg: Leg, today: date, status: FlightStatus | None) -> str:
    seat = seat_label(leg)
    parts = [
        f"{flight_of(leg)}: {airport_name(leg.from_)} ({leg.from_})",
        f"→ {airport_name(leg.to)} ({leg.to})",
        day_label(leg.flight_date(today), today),
        f"Seat {seat}" if seat else "No seat yet",
        cabin_label(leg),
        _seq(leg),
        _boarding_line(status),
    ]
    return " · ".join(p for p in parts if p).replace(" · →", " →", 1)


def _pass_speech(
    boarding_pass: BoardingPass,
    current: int,
    today: date,
    status: FlightStatus | None,
    aspect: Aspect,
) -> str:
    legs = boarding_pass.legs
    leg = legs[current]
    seat = seat_label(leg)
    if aspect is Aspect.SEAT:
        if len(legs) > 1:
            seats = [f"seat {seat_label(x) or 'not assigned'} on {flight_of(x)}" for x in legs]
            return "You have " + ", ".join(seats) + "."
        return f"You're in seat {seat}." if seat else "Your pass has no seat assigned yet."
    if aspect is Aspect.BAGGAGE:
        allowance = leg.free_baggage_allowance
        if allowance:
            return f"Your boarding pass shows a free baggage allowance of {allowance}."
        return "Your boarding pass doesn't show a baggage allowance; check with the airline."
    day = leg.flight_date(today)
    speech = (
        f"{flight_of(leg).spoken()} from {city_name(leg.from_)} to {city_name(leg.to)}, "
        f"{day_spoken(day, today)}" + (f", seat {seat}." if seat else ".")
    )
    if len(legs) > 1:
        speech = f"{len(legs)} flights. {'Next' if day >= today else 'Last'}: {speech}"
    if status is not None and status.boarding_time is not None:
        speech += f" Boarding at {hhmm(status.boarding_time)}"
        speech += f", gate {status.gate}." if status.gate else "."
    elif status is not None and status.gate:
        speech += f" Gate {status.gate}."
    return speech


def pass_reply(
    boarding_pass: BoardingPass,
    today: date,
    current: int,
    status: FlightStatus | None = None,
    aspect: Aspect = Aspect.GENERAL,
) -> Reply:
    """The boarding pass card: one leg in detail, or one line per leg.

    Args:
        boarding_pass: The parsed pass.
        today: The date its Julian days are resolved against.
        current: Index of the leg being talked about (the next one).
        status: Live status of that leg, for boarding time and gate, when known.
        aspect: What the wearer asked about, for the speech.
    """
    legs = boarding_pass.legs
    passenger = passenger_label(boarding_pass.passenger_name)
    if len(legs) == 1:
        leg = legs[0]
        title = f"{flight_of(leg)} · {leg.from_} → {leg.to}"
        lines = _leg_lines(leg, today, status)
        if leg.free_baggage_allowance:
            lines.append(f"Bags {leg.free_baggage_allowance}")
    else:
        title = f"Boarding pass · {len(legs)} flights"
        lines = [_leg_line(x, today, status if i == current else None) for i, x in enumerate(legs)]
    lines.append(passenger)
    data = {
        "boarding_pass": {
            "passenger": passenger,
            "passenger_name": boarding_pass.passenger_name,
            "current_leg": current,
            "legs": [
                leg_data(x, today, status if i == current else None) for i, x in enumerate(legs)
            ],
        }
    }
    return Reply.simple(
        title,
        *lines,
        speech=_pass_speech(boarding_pass, current, today, status, aspect),
        glyph=Glyph.PLANE,
        ttl_s=30,
    ).model_copy(update={"data": data})


def pass_error_reply(error: BcbpError, item: SceneItem | None) -> Reply:
    """The card for a code in view that is not a valid boarding pass (`bcbp_invalid`)."""
    reason = error.message if len(error.message) <= 80 else error.message[:79] + "…"
    reply = Reply.simple(
        "Not a boarding pass",
        "The code in view isn't a readable IATA boarding pass.",
        reason,
        speech="That code isn't a boarding pass I can read.",
        glyph=Glyph.WARNING,
        ttl_s=8,
    )
    data: dict[str, Any] = {"error": error.as_dict()}
    if item is not None:
        data["code_format"] = item.format
    return reply.model_copy(update={"data": data})


def no_pass_reply() -> Reply:
    """The card when no boarding pass is in view (nor remembered)."""
    return Reply.simple(
        "No boarding pass in view",
        "Look at the barcode on your boarding pass and ask again.",
        speech="I can't see a boarding pass. Look at its barcode and ask again.",
        glyph=Glyph.PLANE,
        ttl_s=8,
    ).model_copy(
        update={"data": {"error": {"code": "no_boarding_pass", "message": "no pass in view"}}}
    )


def which_flight_reply(heard: str = "") -> Reply:
    """The card when the flight is unknown: no number said, no pass in view or remembered.

    Args:
        heard: What was given as the flight when it could not be read as a flight number.
    """
    if heard:
        lead, code, message = f"“{heard}” isn't a flight number.", "flight_number_invalid", heard
    else:
        lead, code, message = "Say the flight number, like “LH 400”,", "no_flight", "no flight"
    return Reply.simple(
        "Which flight?",
        lead,
        "or look at your boarding pass." if not heard else "Say it like “LH 400”.",
        speech="Which flight? Say its number, or look at your boarding pass.",
        glyph=Glyph.PLANE,
        ttl_s=8,
    ).model_copy(update={"data": {"error": {"code": code, "message": message}}})
