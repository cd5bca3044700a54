"""Live guidance: follow the wearer's location updates along a route and keep the HUD current.

The session is pure and clock-driven: feed it location fixes with their timestamps and it returns
events (a card to show, words to speak, a reroute request, arrival). GPS noise is absorbed three
ways: progress along the route never moves backwards by more than a few metres, "off route"
must hold for several seconds before a reroute, and spoken prompts are given once per threshold.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from sightline.cards.model import Card, Glyph, Priority
from sightline.navigation.plan import GuidancePlan, LatLon, PlannedManeuver, plan_from_route
from sightline.navigation.replies import TURN_GLYPHS

__all__ = [
    "GuidanceEvent",
    "GuidancePlan",
    "GuidanceSession",
    "LatLon",
    "PlannedManeuver",
    "plan_from_route",
    "project",
    "spoken_distance",
]

EARTH_RADIUS_M = 6_371_008.8


@dataclass(frozen=True)
class GuidanceEvent:
    """What the session asks the glasses to do.

    Attributes:
        kind: "card", "speak", "reroute" or "arrived".
        card: The card to show (kind "card" and "arrived").
        text: The words to speak (kind "speak").
        origin: Where to plan from (kind "reroute").
    """

    kind: str
    card: Card | None = None
    text: str = ""
    origin: LatLon | None = None


def _to_xy(origin: LatLon, point: LatLon) -> tuple[float, float]:
    """Metres east and north of `origin` (equirectangular; exact enough within a city)."""
    lat0 = math.radians(origin[0])
    x = math.radians(point[1] - origin[1]) * math.cos(lat0) * EARTH_RADIUS_M
    y = math.radians(point[0] - origin[0]) * EARTH_RADIUS_M
    return x, y


def _cumulative(points: Sequence[LatLon]) -> list[float]:
    total = [0.0]
    for a, b in pairwise(points):
        x, y = _to_xy(a, b)
        total.append(total[-1] + math.hypot(x, y))
    return total


def project(
    points: Sequence[LatLon], along: Sequence[float], fix: LatLon, start: int = 0
) -> tuple[float, float, int]:
    """Project a fix onto the polyline from segment `start` on.

    Returns:
        (distance along the route in metres, distance off the route in metres, segment index).
    """
    best = (along[start], math.inf, start)
    for i in range(start, len(points) - 1):
        ax, ay = _to_xy(fix, points[i])
        bx, by = _to_xy(fix, points[i + 1])
        dx, dy = bx - ax, by - ay
        length2 = dx * dx + dy * dy
        t = 0.0 if length2 == 0 else max(0.0, min(1.0, -(ax * dx + ay * dy) / length2))
        off = math.hypot(ax + t * dx, ay + t * dy)
        if off < best[1]:
            best = (along[i] + t * math.sqrt(length2), off, i)
    return best


def spoken_distance(metres: float) -> str:
    """A distance as people say it: "in 40 metres", "in 1.2 kilometres", "now"."""
    if metres < 8:
        return "now"
    if metres < 1000:
        step = 10 if metres < 300 else 50
        return f"in {int(round(metres / step) * step)} metres"
    return f"in {metres / 1000:.1f} kilometres"


@dataclass
class GuidanceSession:
    """Follows one walk along a plan.

    Args:
        plan: The route.
        off_route_m: Farther than this from the route counts as off it.
        off_route_s: Off the route this long (continuously) asks for a reroute.
        arrive_m: Within this of the destination counts as arrived.
        prompts_m: Distances before a maneuver at which it is spoken, farthest first.
        backtrack_m: Progress may move back at most this much per fix (GPS jitter).
        retry_s: After asking for a reroute, wait this long for `replace_plan` before asking again.
    """

    plan: GuidancePlan
    off_route_m: float = 25.0
    off_route_s: float = 5.0
    arrive_m: float = 15.0
    prompts_m: tuple[float, ...] = (150.0, 40.0, 8.0)
    backtrack_m: float = 10.0
    retry_s: float = 30.0
    _along: list[float] = field(init=False, repr=False)
    _progress: float = field(init=False, default=0.0)
    _segment: int = field(init=False, default=0)
    _off_since: float | None = field(init=False, default=None)
    _asked_at: float | None = field(init=False, default=None)
    _spoken: set[tuple[int, int]] = field(init=False, default_factory=set)
    _last_card: Card | None = field(init=False, default=None)
    arrived: bool = field(init=False, default=False)
    reroutes: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        self._along = _cumulative(self.plan.points)

    def to_json(self) -> dict[str, Any]:
        """The session as JSON values: the plan, the settings and the progress so far (arrival,
        reroutes, the prompts given, the off-route timer and the card last shown)."""
        return {
            "plan": self.plan.to_json(),
            "settings": {
                "off_route_m": self.off_route_m,
                "off_route_s": self.off_route_s,
                "arrive_m": self.arrive_m,
                "prompts_m": list(self.prompts_m),
                "backtrack_m": self.backtrack_m,
                "retry_s": self.retry_s,
            },
            "progress_m": self._progress,
            "segment": self._segment,
            "off_since": self._off_since,
            "asked_at": self._asked_at,
            "spoken": [list(pair) for pair in sorted(self._spoken)],
            "last_card": None
            if self._last_card is None
            else self._last_card.model_dump(mode="json"),
            "arrived": self.arrived,
            "reroutes": self.reroutes,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> GuidanceSession:
        """Rebuild a session from `to_json`'s form; it carries on exactly where it was.

        Raises:
            ValueError: `data` is not a saved session.
        """
        settings = dict(data.get("settings", {}))
        if "prompts_m" in settings:
            settings["prompts_m"] = tuple(float(m) for m in settings["prompts_m"])
        session = cls(GuidancePlan.from_json(data["plan"]), **settings)
        session._progress = float(data.get("progress_m", 0.0))
        session._segment = int(data.get("segment", 0))
        session._off_since = _optional_float(data.get("off_since"))
        session._asked_at = _optional_float(data.get("asked_at"))
        session._spoken = {(int(n), int(level)) for n, level in data.get("spoken", [])}
        card = data.get("last_card")
        session._last_card = None if card is None else Card.model_validate(card)
        session.arrived = bool(data.get("arrived", False))
        session.reroutes = int(data.get("reroutes", 0))
        if not 0 <= session._segment < len(session.plan.points):
            raise ValueError(f"saved guidance segment {session._segment} is off the route")
        return session

    def replace_plan(self, plan: GuidancePlan) -> None:
        """Continue on a new plan (after a reroute), keeping nothing of the old progress."""
        self.plan = plan
        self._along = _cumulative(plan.points)
        self._progress, self._segment, self._off_since, self._asked_at = 0.0, 0, None, None
        self._spoken.clear()
        self._last_card = None

    def _next_maneuver(self) -> tuple[int, PlannedManeuver]:
        for number, maneuver in enumerate(self.plan.maneuvers):
            if self._along[maneuver.point_index] > self._progress + 1.0:
                return number, maneuver
        return len(self.plan.maneuvers) - 1, self.plan.maneuvers[-1]

    def update(self, fix: LatLon, at: float) -> list[GuidanceEvent]:
        """Take one location fix (with its time in seconds) and return what to do."""
        if self.arrived:
            return []
        window = max(0, self._segment - 2)
        along, off, segment = project(self.plan.points, self._along, fix, window)
        events: list[GuidanceEvent] = []
        if off > self.off_route_m:
            self._off_since = at if self._off_since is None else self._off_since
            waiting = self._asked_at is not None and at - self._asked_at < self.retry_s
            if at - self._off_since >= self.off_route_s and not waiting:
                self._asked_at = at
                self.reroutes += 1
                return [GuidanceEvent("reroute", origin=fix)]
            return events
        self._off_since = None
        if along >= self._progress - self.backtrack_m:
            self._progress, self._segment = max(self._progress, along), segment
        remaining = self._along[-1] - self._progress
        if remaining <= self.arrive_m:
            self.arrived = True
            card = Card(
                title="You have arrived",
                lines=(self.plan.destination,),
                glyph=Glyph.CHECK,
                priority=Priority.IMPORTANT,
                ttl_s=10,
            )
            return [
                GuidanceEvent("arrived", card=card),
                GuidanceEvent("speak", text=f"You have arrived at {self.plan.destination}."),
            ]
        number, maneuver = self._next_maneuver()
        to_next = self._along[maneuver.point_index] - self._progress
        card = self._card(maneuver, to_next)
        if card != self._last_card:
            self._last_card = card
            events.append(GuidanceEvent("card", card=card))
        for level, threshold in enumerate(self.prompts_m):
            if to_next <= threshold and (number, level) not in self._spoken:
                self._spoken.update((number, lvl) for lvl in range(level + 1))
                text = (
                    f"{spoken_distance(to_next).capitalize()}, {_lower_first(maneuver.instruction)}"
                )
                events.append(GuidanceEvent("speak", text=text))
                break
        return events

    def _card(self, maneuver: PlannedManeuver, to_next: float) -> Card:
        shown = int(round(to_next / 10) * 10) if to_next >= 10 else int(to_next)
        lines = [maneuver.instruction]
        remaining = self._along[-1] - self._progress
        lines.append(
            f"{remaining / 1000:.1f} km to {self.plan.destination}"
            if remaining >= 1000
            else f"{int(remaining)} m to {self.plan.destination}"
        )
        return Card(
            title=f"{shown} m",
            lines=tuple(lines),
            glyph=TURN_GLYPHS[maneuver.turn],
            priority=Priority.IMPORTANT,
            ttl_s=None,
        )


def _optional_float(value: Any) -> float | None:
    return None if value is None else float(value)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]
