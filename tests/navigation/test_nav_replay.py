"""A replayed GPS walk to the nearest pharmacy in Monaco: cards, one reroute, arrival."""

from __future__ import annotations

import math
import random
from itertools import pairwise
from pathlib import Path
from typing import Any

from sightline.agents.navigation import NavigationAgent
from sightline.cards.model import Glyph
from sightline.navigation import LatLon, NavMap, find_destination, trip_to
from sightline.navigation.guidance import (
    GuidanceEvent,
    GuidanceSession,
    plan_from_route,
)
from sightline.navigation.maneuvers import Turn
from sightline.navigation.replies import TURN_GLYPHS
from sightline.scene import Location
from sightline.sdk import ToolContext, TurnInput

ORIGIN = LatLon(43.7384, 7.4246)
M_PER_DEG = 111_195.0


def shift(p: tuple[float, float], north_m: float, east_m: float) -> tuple[float, float]:
    return (p[0] + north_m / M_PER_DEG, p[1] + east_m / (M_PER_DEG * math.cos(math.radians(p[0]))))


def densify(
    points: tuple[tuple[float, float], ...], step_m: float = 1.4
) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for a, b in pairwise(points):
        north = (b[0] - a[0]) * M_PER_DEG
        east = (b[1] - a[1]) * M_PER_DEG * math.cos(math.radians(a[0]))
        n = max(1, int(math.hypot(north, east) / step_m))
        out += [shift(a, north * i / n, east * i / n) for i in range(n)]
    return [*out, points[-1]]


def feed(
    session: GuidanceSession, fixes: list[tuple[float, float]], start_s: float, rng: random.Random
) -> tuple[list[GuidanceEvent], float]:
    events: list[GuidanceEvent] = []
    t = start_s
    for fix in fixes:
        t += 1.0
        events += session.update(shift(fix, rng.gauss(0, 4), rng.gauss(0, 4)), t)
        if any(e.kind in ("reroute", "arrived") for e in events):
            break
    return events, t


def test_replayed_walk_gives_cards_one_reroute_and_arrival(nav_map: NavMap) -> None:
    trip = find_destination(nav_map, "nearest pharmacy", ORIGIN)
    assert trip is not None and trip.place.tags.get("amenity") == "pharmacy"
    plan = plan_from_route(trip.route, trip.place.name or "the pharmacy")
    session = GuidanceSession(plan)
    rng = random.Random(7)
    walk = densify(plan.points)

    # Walk the first third of the route, then wander 60 m off it and stand there.
    third = len(walk) // 3
    first, t = feed(session, walk[:third], 0.0, rng)
    assert not any(e.kind == "reroute" for e in first)
    turns = [m.turn for m in plan.maneuvers if m.turn not in (Turn.DEPART, Turn.STRAIGHT)]
    glyphs = [e.card.glyph for e in first if e.kind == "card" and e.card]
    assert glyphs and glyphs[0] == TURN_GLYPHS[turns[0]]

    here = walk[third]
    away = [shift(here, 10 * i, 10 * i) for i in range(1, 7)] + [shift(here, 60, 60)] * 10
    detour, t = feed(session, away, t, rng)
    reroutes = [e for e in detour if e.kind == "reroute"]
    assert len(reroutes) == 1 and reroutes[0].origin is not None

    # Replan from where the wearer is, to the same pharmacy, and walk it to the end.
    origin = LatLon(*reroutes[0].origin)
    session.replace_plan(
        plan_from_route(trip_to(nav_map, origin, trip.place).route, plan.destination)
    )
    rest, t = feed(session, densify(session.plan.points), t, rng)
    assert session.reroutes == 1
    arrived = [e for e in rest if e.kind == "arrived"]
    assert len(arrived) == 1 and arrived[0].card is not None
    assert arrived[0].card.glyph is Glyph.CHECK and arrived[0].card.title == "You have arrived"
    spoken = [e.text for e in first + detour + rest if e.kind == "speak"]
    assert spoken[-1].startswith("You have arrived")


async def test_agent_route_to_starts_guidance_that_follows_location(
    monaco_pbf: Path, nav_cache: Path
) -> None:
    agent = NavigationAgent(monaco_pbf, nav_cache)
    state: dict[str, Any] = {}
    turn = TurnInput("take me to the nearest pharmacy", location=Location(*ORIGIN))
    ctx = ToolContext("navigation", agent.permissions, turn, state=state)
    reply = await agent.invoke("route_to", {"destination": "nearest pharmacy"}, ctx)
    assert reply.data["destination"]["tags"]["amenity"] == "pharmacy"
    session = GuidanceSession.from_json(state["guidance"])
    walk = densify(session.plan.points)
    events = await agent.follow(ctx, LatLon(*walk[3]), 1.0)
    assert events and events[0].kind == "card"
    off = shift(walk[3], 80, 80)
    rerouted: list[GuidanceEvent] = []
    for second in range(2, 12):
        rerouted += await agent.follow(ctx, LatLon(*off), float(second))
    assert GuidanceSession.from_json(state["guidance"]).reroutes == 1
    assert any(e.kind == "card" for e in rerouted), "the new plan shows its first card at once"
