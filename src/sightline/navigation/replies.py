"""Cards and speech for navigation answers."""

from __future__ import annotations

import math
from typing import Any

from sightline.cards.model import Glyph, Priority
from sightline.navigation.geo import compass
from sightline.navigation.maneuvers import Maneuver, Turn, describe_distance
from sightline.navigation.services import Trip
from sightline.navigation.whereabouts import Whereabouts
from sightline.sdk import Reply

TURN_GLYPHS = {
    Turn.DEPART: Glyph.ARROW_UP,
    Turn.STRAIGHT: Glyph.ARROW_UP,
    Turn.SLIGHT_LEFT: Glyph.ARROW_SLIGHT_LEFT,
    Turn.LEFT: Glyph.ARROW_LEFT,
    Turn.SHARP_LEFT: Glyph.ARROW_SHARP_LEFT,
    Turn.SLIGHT_RIGHT: Glyph.ARROW_SLIGHT_RIGHT,
    Turn.RIGHT: Glyph.ARROW_RIGHT,
    Turn.SHARP_RIGHT: Glyph.ARROW_SHARP_RIGHT,
    Turn.U_TURN: Glyph.ARROW_U_TURN,
    Turn.ARRIVE: Glyph.PIN,
}


def minutes(seconds: float) -> int:
    """Whole minutes, at least one."""
    return max(1, math.ceil(seconds / 60))


def first_turn(steps: tuple[Maneuver, ...]) -> Maneuver:
    """The first step the wearer acts on: the first turn, else the departure."""
    return steps[1] if len(steps) > 2 else steps[0]


def trip_data(trip: Trip) -> dict[str, Any]:
    """The trip as plain data: destination, distances, duration, steps and path."""
    return {
        "destination": trip.place.to_dict(),
        "distance_m": round(trip.route.distance_m, 1),
        "straight_m": round(trip.straight_m, 1),
        "bearing": round(trip.bearing, 1),
        "duration_s": round(trip.route.duration_s),
        "steps": trip.route.steps_data(),
        "path": [[round(p.lat, 6), round(p.lon, 6)] for p in trip.route.coords],
    }


def route_reply(trip: Trip) -> Reply:
    """The card for a route: the first turn's arrow, the destination, distance, first steps."""
    steps = trip.route.steps
    depart, turn = steps[0], first_turn(steps)
    total = describe_distance(trip.route.distance_m)
    mins = minutes(trip.route.duration_s)
    lines = [f"{total} · {mins} min walk", depart.instruction]
    speech = f"{trip.place.name} is {total} away on foot. {depart.instruction}"
    if turn is not depart:
        then = f"In {describe_distance(depart.distance_m)}, {_lower(turn.instruction)}"
        lines.append(then)
        speech += f", then in {describe_distance(depart.distance_m)} {_lower(turn.instruction)}."
    else:
        speech += "."
    return Reply.simple(
        trip.place.name,
        *lines,
        speech=speech,
        glyph=TURN_GLYPHS[turn.turn],
        priority=Priority.IMPORTANT,
        ttl_s=30,
    ).model_copy(update={"data": trip_data(trip)})


def distance_reply(trip: Trip) -> Reply:
    """The card for "how far": walking distance and time, and the straight-line direction."""
    walk = describe_distance(trip.route.distance_m)
    straight = describe_distance(trip.straight_m)
    direction = compass(trip.bearing)
    mins = minutes(trip.route.duration_s)
    return Reply.simple(
        trip.place.name,
        f"{walk} walk · {mins} min",
        f"{straight} straight line, {direction}",
        speech=f"{trip.place.name} is {walk} away on foot, about {mins} minutes.",
        glyph=Glyph.PIN,
    ).model_copy(update={"data": trip_data(trip)})


def where_reply(here: Whereabouts, lat: float, lon: float) -> Reply:
    """The card for "where am I": street, district and a landmark nearby."""
    title = here.street or "Unnamed area"
    lines = [here.area] if here.area else []
    speech = f"You are on {here.street}" if here.street else "You are away from named streets"
    speech += f" in {here.area}" if here.area else ""
    if here.landmark is not None:
        d = describe_distance(here.landmark_distance_m)
        lines.append(f"{here.landmark.name}: {d} {compass(here.landmark_bearing)}")
        speech += f", {d} from {here.landmark.name}"
    data: dict[str, Any] = {
        "lat": lat,
        "lon": lon,
        "street": here.street,
        "street_distance_m": round(here.street_distance_m, 1)
        if math.isfinite(here.street_distance_m)
        else None,
        "area": here.area,
        "landmark": None,
    }
    if here.landmark is not None:
        data["landmark"] = {
            **here.landmark.to_dict(),
            "distance_m": round(here.landmark_distance_m, 1),
            "bearing": round(here.landmark_bearing, 1),
        }
    return Reply.simple(title, *lines, speech=speech + ".", glyph=Glyph.PIN).model_copy(
        update={"data": data}
    )


def problem_reply(title: str, line: str, speech: str, code: str) -> Reply:
    """A warning card for what the agent cannot do (no map, no location, nothing found)."""
    return Reply.simple(title, line, speech=speech, glyph=Glyph.WARNING).model_copy(
        update={"data": {"error": code}}
    )


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:]
