"""Cards and speech for flight status answers, live or from the boarding pass alone."""

from __future__ import annotations

from datetime import date
from typing import Any

from sightline.cards.model import Glyph, Priority
from sightline.codes import Leg
from sightline.errors import SightlineError
from sightline.sdk import Reply
from sightline.travel.airports import airport_name
from sightline.travel.boarding import day_label, day_spoken, seat_label
from sightline.travel.flights import FlightNumber
from sightline.travel.phrases import Aspect
from sightline.travel.replies import NO_LIVE_DATA, hhmm, leg_data
from sightline.travel.status import FlightState, FlightStatus

_STATE_WORDS = {
    FlightState.SCHEDULED: "Scheduled",
    FlightState.ON_TIME: "On time",
    FlightState.DELAYED: "Delayed",
    FlightState.BOARDING: "Boarding",
    FlightState.GATE_CLOSED: "Gate closed",
    FlightState.DEPARTED: "Departed",
    FlightState.LANDED: "Landed",
    FlightState.CANCELLED: "Cancelled",
    FlightState.DIVERTED: "Diverted",
}


def _title(flight: FlightNumber, status: FlightStatus | None, leg: Leg | None) -> str:
    origin = (status.origin if status else None) or (leg.from_ if leg else None)
    destination = (status.destination if status else None) or (leg.to if leg else None)
    return f"{flight} · {origin} → {destination}" if origin and destination else str(flight)


def _pass_lines(leg: Leg | None, day: date, today: date) -> list[str]:
    if leg is None:
        return [day_label(day, today)]
    seat = seat_label(leg)
    return [
        f"{airport_name(leg.from_)} → {airport_name(leg.to)}",
        f"{day_label(day, today)} · Seat {seat}" if seat else day_label(day, today),
    ]


def _pass_facts(flight: FlightNumber, leg: Leg | None, day: date, today: date) -> str:
    seat = seat_label(leg) if leg else None
    verb = "flies" if day >= today else "flew"
    when = day_spoken(day, today)
    return f"{flight.spoken()} {verb} {when}" + (f"; you're in seat {seat}." if seat else ".")


def _data(
    flight: FlightNumber, status: FlightStatus | None, leg: Leg | None, today: date
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "flight": str(flight),
        "flight_status": status.model_dump(mode="json") if status else None,
    }
    if leg is not None:
        data["leg"] = leg_data(leg, today)
    return data


def status_problem_reply(
    flight: FlightNumber, error: SightlineError, leg: Leg | None, day: date, today: date
) -> Reply:
    """The source failed: say so, and show what the pass says."""
    lines = ["Flight status unavailable", *_pass_lines(leg, day, today)]
    speech = f"I couldn't get the status of {flight.spoken()} right now."
    if leg is not None:
        speech += " " + _pass_facts(flight, leg, day, today)
    data = _data(flight, None, leg, today) | {"error": error.as_dict()}
    return Reply.simple(
        _title(flight, None, leg), *lines, speech=speech, glyph=Glyph.WARNING, ttl_s=10
    ).model_copy(update={"data": data})


def not_found_reply(flight: FlightNumber, leg: Leg | None, day: date, today: date) -> Reply:
    """The live source does not know the flight on that day."""
    when = day_label(day, today)
    data = _data(flight, None, leg, today) | {
        "error": {"code": "flight_not_found", "message": f"no status for {flight} on {day}"}
    }
    return Reply.simple(
        _title(flight, None, leg),
        f"No flight {flight} found on {when}.",
        *_pass_lines(leg, day, today)[:1] if leg else (),
        speech=f"I couldn't find {flight.spoken()} on {day_spoken(day, today)}.",
        glyph=Glyph.PLANE,
        ttl_s=10,
    ).model_copy(update={"data": data})


def _no_live_speech(aspect: Aspect) -> str:
    if aspect is Aspect.GATE:
        return "I have no live flight data, so I can't tell the gate."
    if aspect is Aspect.BOARDING:
        return "I have no live flight data, so I can't tell when it boards."
    if aspect in (Aspect.ON_TIME, Aspect.DEPARTURE, Aspect.ARRIVAL):
        return "I have no live flight data, so I can't tell whether it's on time."
    return "I have no live flight data."


def _live_speech(flight: FlightNumber, status: FlightStatus, aspect: Aspect) -> str:
    name = flight.spoken()
    departure = status.estimated_departure or status.scheduled_departure
    arrival = status.estimated_arrival or status.scheduled_arrival
    if status.state is FlightState.CANCELLED:
        return f"{name} is cancelled."
    if aspect is Aspect.GATE:
        if status.gate:
            terminal = f" in terminal {status.terminal}" if status.terminal else ""
            return f"{name} leaves from gate {status.gate}{terminal}."
        return f"The gate for {name} isn't announced yet."
    if aspect is Aspect.BOARDING:
        if status.boarding_time is not None:
            gate = f" at gate {status.gate}" if status.gate else ""
            return f"Boarding for {name} starts at {hhmm(status.boarding_time)}{gate}."
        later = f"; it departs at {hhmm(departure)}" if departure else ""
        return f"The boarding time for {name} isn't announced yet{later}."
    if aspect is Aspect.ARRIVAL and arrival is not None:
        return f"{name} arrives at {hhmm(arrival)}."
    if status.delayed:
        return f"{name} is delayed" + (
            f"; it now leaves at {hhmm(departure)}." if departure else "."
        )
    if status.state in (FlightState.DEPARTED, FlightState.LANDED, FlightState.DIVERTED):
        return f"{name} has {status.state.value}."
    if departure is not None:
        lead = "is on time" if status.state is not FlightState.UNKNOWN else "is scheduled"
        return f"{name} {lead}, leaving at {hhmm(departure)}."
    return f"{name}: {_STATE_WORDS.get(status.state, 'no news')}."


def _live_lines(status: FlightStatus) -> list[str]:
    lines: list[str] = []
    state = "Delayed" if status.delayed else _STATE_WORDS.get(status.state)
    scheduled, estimated = status.scheduled_departure, status.estimated_departure
    departure = estimated or scheduled
    if estimated is not None and scheduled is not None and hhmm(estimated) != hhmm(scheduled):
        departs = f"Departs {hhmm(estimated)} (was {hhmm(scheduled)})"
    else:
        departs = f"Departs {hhmm(departure)}" if departure is not None else ""
    lines.append(" · ".join(p for p in (state, departs) if p))
    gate = [
        f"Boarding {hhmm(status.boarding_time)}" if status.boarding_time else "",
        f"Gate {status.gate}" if status.gate else "",
        f"Terminal {status.terminal}" if status.terminal else "",
    ]
    lines.append(" · ".join(p for p in gate if p))
    arrival = status.estimated_arrival or status.scheduled_arrival
    if arrival is not None:
        lines.append(f"Arrives {hhmm(arrival)}")
    return [line for line in lines if line]


def status_reply(
    flight: FlightNumber,
    status: FlightStatus,
    leg: Leg | None,
    today: date,
    aspect: Aspect = Aspect.GENERAL,
) -> Reply:
    """The flight status card: live state, times, boarding and gate; or the pass's facts.

    Args:
        flight: The flight asked about.
        status: Its status (`live` False when it comes from the pass alone).
        leg: The boarding pass leg for this flight, when a pass is known.
        today: The date dates are spoken relative to.
        aspect: What the wearer asked about, for the speech.
    """
    day = status.date
    if not status.live:
        lines = [*_pass_lines(leg, day, today), NO_LIVE_DATA]
        speech = _pass_facts(flight, leg, day, today) + " " + _no_live_speech(aspect)
        glyph, priority = Glyph.PLANE, Priority.NORMAL
    else:
        lines = _live_lines(status)
        seat = seat_label(leg) if leg else None
        lines.append(f"{day_label(day, today)} · Seat {seat}" if seat else day_label(day, today))
        speech = _live_speech(flight, status, aspect)
        troubled = status.delayed or status.state is FlightState.CANCELLED
        glyph = Glyph.WARNING if status.state is FlightState.CANCELLED else Glyph.PLANE
        priority = Priority.IMPORTANT if troubled else Priority.NORMAL
    return Reply.simple(
        _title(flight, status, leg),
        *lines,
        speech=speech,
        glyph=glyph,
        priority=priority,
        ttl_s=20,
    ).model_copy(update={"data": _data(flight, status, leg, today)})
