"""Production routing back-ends over HTTP: OSRM, Valhalla and GraphHopper, through routingpy.

Each back-end answers `walking_plan(origin, destination, name)` with the same `GuidancePlan` the
offline router produces, so live guidance does not care where a route came from.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Any

from sightline.errors import SightlineError
from sightline.navigation.guidance import GuidancePlan, LatLon, PlannedManeuver
from sightline.navigation.maneuvers import Turn

_MODIFIERS = {
    "straight": Turn.STRAIGHT,
    "slight left": Turn.SLIGHT_LEFT,
    "left": Turn.LEFT,
    "sharp left": Turn.SHARP_LEFT,
    "slight right": Turn.SLIGHT_RIGHT,
    "right": Turn.RIGHT,
    "sharp right": Turn.SHARP_RIGHT,
    "uturn": Turn.U_TURN,
}
_VALHALLA = {
    1: Turn.DEPART, 2: Turn.DEPART, 3: Turn.DEPART, 4: Turn.ARRIVE, 5: Turn.ARRIVE,
    6: Turn.ARRIVE, 7: Turn.STRAIGHT, 8: Turn.STRAIGHT, 9: Turn.SLIGHT_RIGHT, 10: Turn.RIGHT,
    11: Turn.SHARP_RIGHT, 12: Turn.U_TURN, 13: Turn.U_TURN, 14: Turn.SHARP_LEFT, 15: Turn.LEFT,
    16: Turn.SLIGHT_LEFT, 17: Turn.STRAIGHT, 22: Turn.STRAIGHT, 23: Turn.SLIGHT_RIGHT,
    24: Turn.SLIGHT_LEFT,
}  # fmt: skip
_GRAPHHOPPER = {
    -98: Turn.U_TURN, -8: Turn.U_TURN, -7: Turn.SLIGHT_LEFT, -3: Turn.SHARP_LEFT, -2: Turn.LEFT,
    -1: Turn.SLIGHT_LEFT, 0: Turn.STRAIGHT, 1: Turn.SLIGHT_RIGHT, 2: Turn.RIGHT,
    3: Turn.SHARP_RIGHT, 4: Turn.ARRIVE, 5: Turn.STRAIGHT, 6: Turn.STRAIGHT, 7: Turn.SLIGHT_RIGHT,
    8: Turn.U_TURN,
}  # fmt: skip


# routingpy retries 5xx answers for a minute by default and treats 0 as "default": a tiny
# positive budget makes it give up at once, so a failed server never stalls a walk.
_NO_RETRY = 0.001


class RoutingUnavailable(SightlineError):
    """The routing service failed or returned no usable route."""

    def __init__(self, message: str) -> None:
        super().__init__("routing_unavailable", message)


class RemoteRouter(ABC):
    """A walking router behind an HTTP API."""

    name: str

    @abstractmethod
    def walking_plan(self, origin: LatLon, destination: LatLon, name: str) -> GuidancePlan:
        """Plan a walk (blocking: run it in a thread from async code).

        Raises:
            RoutingUnavailable: The service failed or found no route.
        """


def _routingpy() -> Any:
    try:
        import routingpy
    except ImportError as exc:
        raise SightlineError(
            "missing_extra", "HTTP routing back-ends need: pip install 'sightline[routing]'"
        ) from exc
    return routingpy


def _nearest_index(points: Sequence[LatLon], target: LatLon) -> int:
    lat0 = math.cos(math.radians(target[0]))
    return min(
        range(len(points)),
        key=lambda i: (points[i][0] - target[0]) ** 2 + ((points[i][1] - target[1]) * lat0) ** 2,
    )


def _finish(name: str, points: list[LatLon], maneuvers: list[PlannedManeuver]) -> GuidancePlan:
    if len(points) < 2:
        raise RoutingUnavailable("the route has fewer than two points")
    if not maneuvers or maneuvers[-1].turn is not Turn.ARRIVE:
        maneuvers.append(PlannedManeuver(len(points) - 1, Turn.ARRIVE, f"Arrive at {name}"))
    return GuidancePlan(destination=name, points=tuple(points), maneuvers=tuple(maneuvers))


def _call(client: Any, what: str, **kwargs: Any) -> Any:
    try:
        return client.directions(**kwargs)
    except Exception as exc:  # routingpy raises several unrelated types
        raise RoutingUnavailable(f"{what}: {exc}") from exc


def _points(direction: Any) -> list[LatLon]:
    return [(float(lat), float(lon)) for lon, lat, *_ in direction.geometry or []]


class OsrmRouter(RemoteRouter):
    """OSRM's `route` service (profile `foot`).

    Args:
        base_url: The server, e.g. `http://localhost:5000`.
        profile: The OSRM profile name the server was built with.
        timeout_s: HTTP time-out.
    """

    name = "osrm"

    def __init__(self, base_url: str, profile: str = "foot", timeout_s: int = 5) -> None:
        self._client = _routingpy().OSRM(
            base_url=base_url, timeout=timeout_s, retry_timeout=_NO_RETRY
        )
        self._profile = profile

    def walking_plan(self, origin: LatLon, destination: LatLon, name: str) -> GuidancePlan:
        """Plan a walk with OSRM (see `RemoteRouter.walking_plan`)."""
        direction = _call(
            self._client, "OSRM",
            locations=[[origin[1], origin[0]], [destination[1], destination[0]]],
            profile=self._profile, steps=True, geometries="geojson", overview="full",
        )  # fmt: skip
        points = _points(direction)
        maneuvers = []
        for leg in direction.raw["routes"][0]["legs"]:
            for step in leg["steps"]:
                kind = step["maneuver"]["type"]
                lon, lat = step["maneuver"]["location"]
                street = step.get("name", "")
                if kind == "depart":
                    turn, text = Turn.DEPART, f"Head off on {street or 'the path'}"
                elif kind == "arrive":
                    turn, text = Turn.ARRIVE, f"Arrive at {name}"
                else:
                    turn = _MODIFIERS.get(step["maneuver"].get("modifier", ""), Turn.STRAIGHT)
                    text = _describe(turn, street)
                maneuvers.append(PlannedManeuver(_nearest_index(points, (lat, lon)), turn, text,
                                                 street))  # fmt: skip
        return _finish(name, points, maneuvers)


class ValhallaRouter(RemoteRouter):
    """Valhalla's `route` action (costing `pedestrian`)."""

    name = "valhalla"

    def __init__(self, base_url: str, timeout_s: int = 5) -> None:
        self._client = _routingpy().Valhalla(
            base_url=base_url, timeout=timeout_s, retry_timeout=_NO_RETRY
        )

    def walking_plan(self, origin: LatLon, destination: LatLon, name: str) -> GuidancePlan:
        """Plan a walk with Valhalla (see `RemoteRouter.walking_plan`)."""
        direction = _call(
            self._client, "Valhalla",
            locations=[[origin[1], origin[0]], [destination[1], destination[0]]],
            profile="pedestrian", instructions=True, units="km",
        )  # fmt: skip
        points = _points(direction)
        maneuvers = []
        offset = 0
        for leg in direction.raw["trip"]["legs"]:
            for m in leg["maneuvers"]:
                turn = _VALHALLA.get(int(m["type"]), Turn.STRAIGHT)
                street = ", ".join(m.get("street_names", []))
                index = min(offset + int(m["begin_shape_index"]), len(points) - 1)
                maneuvers.append(PlannedManeuver(index, turn, m.get("instruction", ""), street))
            offset += max((int(m.get("end_shape_index", 0)) for m in leg["maneuvers"]), default=0)
        return _finish(name, points, maneuvers)


class GraphHopperRouter(RemoteRouter):
    """GraphHopper's routing API (profile `foot`)."""

    name = "graphhopper"

    def __init__(self, base_url: str, api_key: str | None = None, timeout_s: int = 5) -> None:
        self._client = _routingpy().Graphhopper(
            api_key=api_key, base_url=base_url, timeout=timeout_s, retry_timeout=_NO_RETRY
        )

    def walking_plan(self, origin: LatLon, destination: LatLon, name: str) -> GuidancePlan:
        """Plan a walk with GraphHopper (see `RemoteRouter.walking_plan`)."""
        direction = _call(
            self._client, "GraphHopper",
            locations=[[origin[1], origin[0]], [destination[1], destination[0]]],
            profile="foot", instructions=True, points_encoded=False,
        )  # fmt: skip
        points = _points(direction)
        maneuvers = []
        for number, item in enumerate(direction.raw["paths"][0]["instructions"]):
            sign = int(item["sign"])
            turn = Turn.DEPART if number == 0 else _GRAPHHOPPER.get(sign, Turn.STRAIGHT)
            index = min(int(item["interval"][0]), len(points) - 1)
            maneuvers.append(
                PlannedManeuver(index, turn, item.get("text", ""), item.get("street_name", ""))
            )
        return _finish(name, points, maneuvers)


def _describe(turn: Turn, street: str) -> str:
    words = {
        Turn.STRAIGHT: "Continue straight",
        Turn.SLIGHT_LEFT: "Bear left",
        Turn.LEFT: "Turn left",
        Turn.SHARP_LEFT: "Turn sharp left",
        Turn.SLIGHT_RIGHT: "Bear right",
        Turn.RIGHT: "Turn right",
        Turn.SHARP_RIGHT: "Turn sharp right",
        Turn.U_TURN: "Make a U-turn",
    }.get(turn, "Continue")
    return f"{words} onto {street}" if street else words


def remote_router(kind: str, base_url: str, api_key: str | None = None) -> RemoteRouter:
    """Build the configured back-end: `osrm`, `valhalla` or `graphhopper`.

    Raises:
        SightlineError: `unknown_router` for any other name.
    """
    if kind == "osrm":
        return OsrmRouter(base_url)
    if kind == "valhalla":
        return ValhallaRouter(base_url)
    if kind == "graphhopper":
        return GraphHopperRouter(base_url, api_key)
    raise SightlineError(
        "unknown_router", f"no routing back-end '{kind}' (osrm, valhalla, graphhopper)"
    )
