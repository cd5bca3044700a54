"""Turn-by-turn steps derived from a path's geometry and the streets along it."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import pairwise

from sightline.navigation.geo import LatLon, bearing_deg, compass, haversine_m, turn_angle

LOOK_M = 8.0
"""Bearings are taken over this distance, so tiny zig-zags at a node do not count as turns."""
MERGE_M = 15.0
"""Decisions closer than this (the nodes of one junction, a jog) are merged into one turn."""


class Turn(StrEnum):
    """What the wearer does at a step."""

    DEPART = "depart"
    STRAIGHT = "straight"
    SLIGHT_LEFT = "slight_left"
    LEFT = "left"
    SHARP_LEFT = "sharp_left"
    SLIGHT_RIGHT = "slight_right"
    RIGHT = "right"
    SHARP_RIGHT = "sharp_right"
    U_TURN = "u_turn"
    ARRIVE = "arrive"


_VERBS = {
    Turn.STRAIGHT: "Continue straight",
    Turn.SLIGHT_LEFT: "Turn slightly left",
    Turn.LEFT: "Turn left",
    Turn.SHARP_LEFT: "Turn sharp left",
    Turn.SLIGHT_RIGHT: "Turn slightly right",
    Turn.RIGHT: "Turn right",
    Turn.SHARP_RIGHT: "Turn sharp right",
    Turn.U_TURN: "Make a U-turn",
}
_KIND_LABELS = {"steps": "the steps", "crossing": "the crossing", "tunnel": "the passage"}


@dataclass(frozen=True)
class Maneuver:
    """One step of a route.

    Attributes:
        turn: What to do here.
        instruction: The step in words ("Turn left onto Rue Grimaldi").
        street: The street walked after this step ("" when unnamed).
        distance_m: Metres walked after this step, up to the next one (0 on arrival).
        lat: Where the step happens.
        lon: Where the step happens.
        angle: Signed change of heading in degrees (positive is right; 0 to depart/arrive).
        bearing: Heading after the step, degrees from north.
        point_index: Index of the step's point in the path (`Route.coords`).
    """

    turn: Turn
    instruction: str
    street: str
    distance_m: float
    lat: float
    lon: float
    angle: float = 0.0
    bearing: float = 0.0
    point_index: int = 0


def classify_turn(angle: float) -> Turn:
    """Name a change of heading: under 20° straight, 45° slight, 120° a turn, 170° sharp."""
    size = abs(angle)
    if size < 20:
        return Turn.STRAIGHT
    if size >= 170:
        return Turn.U_TURN
    side = "LEFT" if angle < 0 else "RIGHT"
    grade = "SLIGHT_" if size < 45 else "" if size < 120 else "SHARP_"
    return Turn[grade + side]


def street_label(name: str, kind: str = "") -> str:
    """What to call a way in an instruction: its name, or "the steps"/"the crossing"."""
    return name or _KIND_LABELS.get(kind, "")


def instruction(turn: Turn, label: str, heading: float = 0.0, destination: str = "") -> str:
    """The words for a step ("Head north on X", "Turn left onto Y", "Arrive at Z")."""
    if turn is Turn.DEPART:
        return f"Head {compass(heading)}" + (f" on {label}" if label else "")
    if turn is Turn.ARRIVE:
        return f"Arrive at {destination or 'your destination'}"
    if label == _KIND_LABELS["crossing"]:
        return "Cross the street" if turn is Turn.STRAIGHT else f"{_VERBS[turn]} and cross"
    return _VERBS[turn] + (f" onto {label}" if label else "")


def _cumulative(points: Sequence[LatLon]) -> list[float]:
    cum = [0.0]
    for a, b in pairwise(points):
        cum.append(cum[-1] + haversine_m(a.lat, a.lon, b.lat, b.lon))
    return cum


def _bearing(points: Sequence[LatLon], cum: list[float], i: int, forward: bool) -> float | None:
    j = i
    step = 1 if forward else -1
    while 0 <= j + step < len(points):
        j += step
        if abs(cum[j] - cum[i]) >= LOOK_M:
            break
    if abs(cum[j] - cum[i]) < 0.01:
        return None
    a, b = (points[i], points[j]) if forward else (points[j], points[i])
    return bearing_deg(a.lat, a.lon, b.lat, b.lon)


def _angle_at(points: Sequence[LatLon], cum: list[float], i: int) -> float:
    before, after = _bearing(points, cum, i, False), _bearing(points, cum, i, True)
    return 0.0 if before is None or after is None else turn_angle(before, after)


def build_maneuvers(
    points: Sequence[LatLon],
    streets: Sequence[str],
    kinds: Sequence[str] | None = None,
    junctions: Sequence[bool] | None = None,
    destination: str = "",
) -> list[Maneuver]:
    """Derive the steps of a path: depart, the turns that matter, arrive.

    A step is made where the street changes, or where the path turns by 45° or more at a
    junction; decisions closer than `MERGE_M` (one junction's nodes, a short jog) are merged
    into one, and a straight step that keeps the street is dropped, so consecutive segments
    of one street become one step.

    Args:
        points: The path's positions, in walking order.
        streets: The street name of each segment (`len(points) - 1` of them; "" if unnamed).
        kinds: The kind of each segment ("steps", "crossing" or ""), if known.
        junctions: Whether each point is a junction (other ways meet there); all if unknown.
        destination: The destination's name, for the arrival step.

    Returns:
        The steps, from "depart" to "arrive"; their distances add up to the path's length.

    Raises:
        ValueError: The numbers of points and streets do not fit.
    """
    n = len(points)
    if n == 0:
        return []
    if len(streets) != n - 1 or (kinds is not None and len(kinds) != n - 1):
        raise ValueError("need one street (and kind) per segment")
    if junctions is not None and len(junctions) != n:
        raise ValueError("need one junction flag per point")
    end_point = points[-1]
    words = instruction(Turn.ARRIVE, "", 0, destination)
    arrive = Maneuver(Turn.ARRIVE, words, "", 0.0, *end_point, point_index=n - 1)
    if n == 1:
        return [arrive]
    labels = [street_label(s, k) for s, k in zip(streets, kinds or [""] * (n - 1), strict=True)]
    cum = _cumulative(points)
    depart_label = 0
    decisions: list[int] = []
    for i in range(1, n - 1):
        changed = labels[i - 1] != labels[i]
        turning = (junctions is None or junctions[i]) and abs(_angle_at(points, cum, i)) >= 45
        if not (changed or turning) or cum[-1] - cum[i] < MERGE_M:
            continue
        if cum[i] < MERGE_M:  # still leaving the start: name the street walked first
            depart_label = i
        else:
            decisions.append(i)
    heading = _bearing(points, cum, 0, True) or 0.0
    # (first point, last point = the label's segment, turn, angle, bearing after)
    steps: list[tuple[int, int, Turn, float, float]] = [(0, depart_label, Turn.DEPART, 0, heading)]
    for last in decisions:
        first = last
        if len(steps) > 1 and cum[first] - cum[steps[-1][1]] < MERGE_M:
            first = steps.pop()[0]  # one junction, or a short jog: a single decision
        before = _bearing(points, cum, first, False)
        after = _bearing(points, cum, last, True)
        angle = 0.0 if before is None or after is None else round(turn_angle(before, after), 1)
        turn = classify_turn(angle)
        if turn is Turn.STRAIGHT and labels[last] == labels[steps[-1][1]]:
            continue
        steps.append((first, last, turn, angle, after if after is not None else 0.0))
    result = []
    for k, (i, li, turn, angle, bearing) in enumerate(steps):
        end = steps[k + 1][0] if k + 1 < len(steps) else n - 1
        result.append(
            Maneuver(
                turn,
                instruction(turn, labels[li], bearing),
                streets[li],
                cum[end] - cum[i],
                points[i].lat,
                points[i].lon,
                angle,
                round(bearing, 1) % 360.0,
                i,
            )
        )
    result.append(arrive)
    return result


def describe_distance(metres: float) -> str:
    """A distance as people say it: "40 m", "350 m", "1.2 km"."""
    if metres < 1000:
        step = 5 if metres < 100 else 10
        return f"{max(step, math.floor(metres / step + 0.5) * step)} m"
    return f"{metres / 1000:.1f} km"
