"""Guidance is kept as JSON: a walk resumes exactly where it was from a round-tripped state."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sightline.agents.navigation import NavigationAgent
from sightline.navigation import LatLon, NavMap, Place, find_destination
from sightline.navigation.guidance import GuidancePlan, GuidanceSession, PlannedManeuver
from sightline.navigation.maneuvers import Turn
from sightline.scene import Location
from sightline.sdk import Reply, TurnInput
from state_checks import Step, replay

ORIGIN = LatLon(43.7384, 7.4246)
M_PER_DEG = 111_195.0
T0 = 1_764_000_000.0  # wall-clock seconds


def shift(p: tuple[float, float], north_m: float, east_m: float) -> tuple[float, float]:
    return (p[0] + north_m / M_PER_DEG, p[1] + east_m / (M_PER_DEG * math.cos(math.radians(p[0]))))


def densify(points: tuple[tuple[float, float], ...], step_m: float = 4.0) -> list[LatLon]:
    out: list[LatLon] = []
    for a, b in pairwise(points):
        north = (b[0] - a[0]) * M_PER_DEG
        east = (b[1] - a[1]) * M_PER_DEG * math.cos(math.radians(a[0]))
        n = max(1, int(math.hypot(north, east) / step_m))
        out += [LatLon(*shift(a, north * i / n, east * i / n)) for i in range(n)]
    return [*out, LatLon(*points[-1])]


def guidance(state: dict[str, Any]) -> GuidanceSession:
    return GuidanceSession.from_json(state["guidance"])


@pytest.fixture(scope="module")
def agent(monaco_pbf: Path, nav_cache: Path) -> NavigationAgent:
    return NavigationAgent(monaco_pbf, nav_cache)


async def test_a_walk_with_a_reroute_resumes_from_json_state(
    agent: NavigationAgent, nav_map: NavMap
) -> None:
    trip = find_destination(nav_map, "nearest pharmacy", ORIGIN)
    assert trip is not None
    walk = densify(tuple((p[0], p[1]) for p in trip.route.coords))
    off = LatLon(*shift(walk[6], 80, 80))

    def steps() -> list[Step]:
        clock = [T0]

        def route_to(state: dict[str, Any]) -> Any:
            turn = TurnInput("take me to the nearest pharmacy", location=Location(*ORIGIN))
            ctx = agent.context(turn, state, {})
            return agent.invoke("route_to", {"destination": "nearest pharmacy"}, ctx)

        def at(where: Callable[[dict[str, Any]], LatLon], hook: str = "on_location") -> Step:
            async def step(state: dict[str, Any]) -> Any:
                clock[0] += 1.0
                here = where(state)
                ctx = agent.context(TurnInput("", location=Location(*here)), state, {})
                if hook == "follow":
                    return await agent.follow(ctx, here, clock[0])
                reply: Reply | None = await agent.on_location(ctx, clock[0])
                return reply

            return step

        def along_new_plan(index: int) -> Callable[[dict[str, Any]], LatLon]:
            def where(state: dict[str, Any]) -> LatLon:
                points = densify(guidance(state).plan.points)
                return points[min(index, len(points) - 1)]

            return where

        first = [at(lambda _s, p=p: p) for p in walk[:7]]
        astray = [at(lambda _s: off, "follow" if n % 2 else "on_location") for n in range(10)]
        rest = [at(along_new_plan(i)) for i in range(0, 400, 2)]

        async def progress(state: dict[str, Any]) -> dict[str, Any]:
            session = guidance(state)
            return {"reroutes": session.reroutes, "arrived": session.arrived}

        return [route_to, *first, *astray, *rest, progress]

    results = await replay("navigation", steps)
    assert results[0]["data"]["destination"]["tags"]["amenity"] == "pharmacy"
    assert results[-1] == {"reroutes": 1, "arrived": True}
    rerouted = next(n for n, r in enumerate(results) if "kind='reroute'" in repr(r))
    assert rerouted > 7, "asked only once off the route long enough"
    shown = [r for r in results[1:-1] if isinstance(r, dict)]
    assert shown and shown[0]["card"]["title"].endswith(" m")
    assert [r["card"]["title"] for r in shown].count("You have arrived") == 1
    after = [r["speech"] for r in results[rerouted + 1 : -1] if isinstance(r, dict) and r["speech"]]
    assert len(after) == len(set(after)), "no prompt is given twice on the new route"


async def test_a_stale_or_unreadable_guidance_is_dropped(agent: NavigationAgent) -> None:
    state: dict[str, Any] = {"guidance": {"plan": {"destination": "x"}}}
    ctx = agent.context(TurnInput("", location=Location(*ORIGIN)), state, {})
    assert await agent.on_location(ctx, T0) is None
    assert "guidance" not in state


@given(
    st.builds(
        Place,
        osm_type=st.sampled_from(["node", "way", "relation"]),
        osm_id=st.integers(min_value=1, max_value=2**40),
        name=st.text(max_size=20),
        names=st.lists(st.text(max_size=10), max_size=3).map(tuple),
        categories=st.lists(st.text(min_size=1, max_size=10), min_size=1, max_size=3).map(tuple),
        tags=st.dictionaries(st.text(max_size=8), st.text(max_size=8), max_size=4),
        lat=st.floats(min_value=-90, max_value=90),
        lon=st.floats(min_value=-180, max_value=180),
    )
)
def test_place_json_round_trip(place: Place) -> None:
    again = Place.from_json(json.loads(json.dumps(place.to_json())))
    assert again.to_json() == place.to_json()


@st.composite
def plans(draw: st.DrawFn) -> GuidancePlan:
    count = draw(st.integers(min_value=2, max_value=8))
    points = [(ORIGIN.lat, ORIGIN.lon)]
    for _ in range(count - 1):
        north, east = draw(st.floats(-80, 80)), draw(st.floats(-80, 80))
        points.append(shift(points[-1], north, east))
    turns = st.sampled_from([t for t in Turn if t is not Turn.ARRIVE])
    middle = draw(st.lists(st.integers(1, count - 1), max_size=3, unique=True))
    maneuvers = [PlannedManeuver(0, Turn.DEPART, "Head north")]
    maneuvers += [PlannedManeuver(i, draw(turns), f"Turn at {i}", "Rue") for i in sorted(middle)]
    maneuvers.append(PlannedManeuver(count - 1, Turn.ARRIVE, "Arrive"))
    return GuidancePlan("Somewhere", tuple(points), tuple(maneuvers))


@settings(max_examples=120, deadline=None)
@given(
    plans(),
    st.lists(
        st.tuples(st.floats(0, 1), st.floats(-60, 60), st.floats(0.2, 8)), min_size=1, max_size=30
    ),
    st.integers(min_value=0, max_value=30),
)
def test_a_rebuilt_guidance_session_carries_on_like_the_original(
    plan: GuidancePlan, walk: list[tuple[float, float, float]], split: int
) -> None:
    """Fixes near the route (a fraction along it, a sideways offset), a JSON round trip at
    `split`: the same events as without, and the same progress afterwards."""

    def fixes() -> list[tuple[tuple[float, float], float]]:
        out, t = [], T0
        for fraction, sideways, wait in walk:
            i = min(int(fraction * (len(plan.points) - 1)), len(plan.points) - 2)
            a, b = plan.points[i], plan.points[i + 1]
            mid = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
            t += wait
            out.append((shift(mid, sideways, 0), t))
        return out

    kept = GuidanceSession(plan)
    expected = [kept.update(fix, t) for fix, t in fixes()]
    session = GuidanceSession(plan)
    got = []
    for number, (fix, t) in enumerate(fixes()):
        if number == split:
            saved = json.dumps(session.to_json())
            session = GuidanceSession.from_json(json.loads(saved))
        got.append(session.update(fix, t))
    assert got == expected
    assert session.to_json() == kept.to_json()
    assert GuidanceSession.from_json(kept.to_json()).to_json() == kept.to_json()
    assert GuidancePlan.from_json(json.loads(json.dumps(plan.to_json()))) == plan
