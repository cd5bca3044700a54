"""Location updates reach live guidance through the SDK's `on_location` hook, not the hub."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from test_nav_replay import ORIGIN, densify, shift

from sightline.agents.navigation import NavigationAgent
from sightline.navigation.guidance import GuidanceSession
from sightline.router.router import Router
from sightline.scene import Location
from sightline.sdk import Agent, Permission, Reply, ToolContext, TurnInput
from sightline.sdk.registry import AgentRegistry
from sightline.session import Session
from sightline.turns import TurnRunner


class Nosy(Agent):
    """Overrides `on_location` but never declared the location permission."""

    name = "nosy"
    permissions = frozenset({Permission.CAMERA})
    calls = 0

    async def on_location(self, ctx: ToolContext, at: float) -> Reply | None:
        Nosy.calls += 1
        return Reply.simple("Nosy", "I know where you are")


async def test_location_updates_drive_guidance_through_the_runner(
    monaco_pbf: Path, nav_cache: Path
) -> None:
    navigation = NavigationAgent(monaco_pbf, nav_cache)
    registry = AgentRegistry(agents={"navigation": navigation, "nosy": Nosy()})
    runner = TurnRunner(registry, cast(Router, None))
    session = Session()
    here = Location(*ORIGIN)
    assert await runner.moved(session, here, 0.0) is None  # no guidance yet: nothing to show

    turn = TurnInput("take me to the nearest pharmacy", location=here)
    state: dict[str, Any] = session.state_for("navigation")
    await navigation.invoke(
        "route_to", {"destination": "nearest pharmacy"}, navigation.context(turn, state, {})
    )
    guidance = GuidanceSession.from_json(state["guidance"])
    walk = densify(guidance.plan.points)
    result = await runner.moved(session, Location(*walk[3]), 1.0)
    assert result is not None and result.route.agent == "navigation"
    assert result.route.tier == "device" and result.reply.card.title
    off = shift(walk[3], 80, 80)
    for second in range(2, 12):
        await runner.moved(session, Location(*off), float(second))
    assert GuidanceSession.from_json(state["guidance"]).reroutes == 1
    assert Nosy.calls == 0, "an agent without the location permission is never told"
    assert navigation.follows_location() and not registry.get("nosy").follows_location()
