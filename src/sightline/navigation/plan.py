"""Guidance plans: the polyline of a route to follow and its maneuvers, as plain data too."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sightline.navigation.maneuvers import Turn
from sightline.navigation.routing import Route

LatLon = tuple[float, float]


@dataclass(frozen=True)
class PlannedManeuver:
    """A maneuver at a vertex of the route's polyline.

    Attributes:
        point_index: Index of the vertex in `GuidancePlan.points` where it happens.
        turn: What to do there.
        instruction: The words for it ("Turn left onto Rue Grimaldi").
        street: The street taken after it, if named.
    """

    point_index: int
    turn: Turn
    instruction: str
    street: str = ""

    def to_json(self) -> dict[str, Any]:
        """The maneuver as JSON values."""
        return {
            "point_index": self.point_index,
            "turn": self.turn.value,
            "instruction": self.instruction,
            "street": self.street,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PlannedManeuver:
        """The maneuver from `to_json`'s form."""
        return cls(
            int(data["point_index"]),
            Turn(data["turn"]),
            str(data["instruction"]),
            str(data.get("street", "")),
        )


@dataclass(frozen=True)
class GuidancePlan:
    """A route to follow: its polyline and its maneuvers in order (the last one arrives)."""

    destination: str
    points: tuple[LatLon, ...]
    maneuvers: tuple[PlannedManeuver, ...]

    def __post_init__(self) -> None:
        if len(self.points) < 2:
            raise ValueError("a route needs at least two points")
        if not self.maneuvers or self.maneuvers[-1].turn is not Turn.ARRIVE:
            raise ValueError("the last maneuver must be the arrival")

    def to_json(self) -> dict[str, Any]:
        """The plan as JSON values (points as `[lat, lon]` pairs)."""
        return {
            "destination": self.destination,
            "points": [[lat, lon] for lat, lon in self.points],
            "maneuvers": [maneuver.to_json() for maneuver in self.maneuvers],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> GuidancePlan:
        """The plan from `to_json`'s form.

        Raises:
            ValueError: The points or maneuvers do not make a plan.
        """
        return cls(
            destination=str(data["destination"]),
            points=tuple((float(lat), float(lon)) for lat, lon in data["points"]),
            maneuvers=tuple(PlannedManeuver.from_json(m) for m in data["maneuvers"]),
        )


def plan_from_route(route: Route, destination: str) -> GuidancePlan:
    """The offline router's Route as a plan to follow."""
    maneuvers = tuple(
        PlannedManeuver(step.point_index, step.turn, step.instruction, step.street)
        for step in route.steps
    )
    points = tuple((p[0], p[1]) for p in route.coords)
    return GuidancePlan(destination=destination, points=points, maneuvers=maneuvers)
