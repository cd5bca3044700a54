"""Agent discovery through entry points, and permissions enforced in the tool context."""

from __future__ import annotations

from importlib.metadata import EntryPoint

import pytest

from sightline.config import Settings
from sightline.scene import Location, Scene
from sightline.sdk import (
    Agent,
    AgentServices,
    Permission,
    PermissionDenied,
    Reply,
    ToolContext,
    TurnInput,
    tool,
)
from sightline.sdk.registry import ENTRY_POINT_GROUP, load_agents

BUILTIN = {"assistant", "music", "navigation", "payment", "shopping", "travel"}


class PeekingAgent(Agent):
    """Declares location only, then reaches for the camera."""

    name = "peeking"
    description = "Tries to look at the camera without permission."
    permissions = frozenset({Permission.LOCATION})

    @tool
    async def peek(self, ctx: ToolContext) -> Reply:
        """Look at the scene."""
        scene = ctx.scene
        return Reply.simple("saw", str(scene))

    @tool
    async def where(self, ctx: ToolContext) -> Reply:
        """Read the location."""
        return Reply.simple("at", str(ctx.location))


class NoToolsAgent(Agent):
    name = "empty"
    description = "Has no tools."


def _services() -> AgentServices:
    return AgentServices(settings=Settings())


def test_builtin_agents_are_discovered_through_entry_points() -> None:
    registry = load_agents(_services())
    assert set(registry.agents) >= BUILTIN
    assert all(registry.sources[name] == "builtin" for name in BUILTIN)
    assert registry.failures == {}
    for name in BUILTIN:
        agent = registry.agents[name]
        assert agent.examples, name
        assert agent.tool_specs(), name


def test_broken_plugins_are_reported_not_fatal() -> None:
    points = [
        EntryPoint("ghost", "no_such_module_xyz:Agent", ENTRY_POINT_GROUP),
        EntryPoint("notagent", "pathlib:Path", ENTRY_POINT_GROUP),
        EntryPoint("empty", f"{__name__}:NoToolsAgent", ENTRY_POINT_GROUP),
        EntryPoint("peeking", f"{__name__}:PeekingAgent", ENTRY_POINT_GROUP),
        EntryPoint("peeking2", f"{__name__}:PeekingAgent", ENTRY_POINT_GROUP),
    ]
    registry = load_agents(_services(), discovered=points)
    assert list(registry.agents) == ["peeking"]
    assert "import failed" in registry.failures["ghost"]
    assert "not a subclass" in registry.failures["notagent"]
    assert "no @tool" in registry.failures["empty"]
    assert "already taken" in registry.failures["peeking2"]


def _ctx(agent: Agent, turn: TurnInput) -> ToolContext:
    return ToolContext(agent=agent.name, permissions=agent.permissions, turn=turn)


async def test_tool_gets_only_what_its_agent_declared() -> None:
    agent = PeekingAgent()
    turn = TurnInput("look", scene=Scene(image=b"jpeg"), location=Location(43.73, 7.42))
    reply = await agent.invoke("where", {}, _ctx(agent, turn))
    assert "43.73" in reply.card.lines[0]
    with pytest.raises(PermissionDenied) as err:
        await agent.invoke("peek", {}, _ctx(agent, turn))
    assert err.value.code == "permission_denied"
    assert err.value.permission is Permission.CAMERA


def test_services_are_permission_checked() -> None:
    ctx = ToolContext("x", frozenset(), TurnInput("hi"), services={"wallet": object()})
    with pytest.raises(PermissionDenied):
        ctx.service("wallet", Permission.PAYMENT)
    allowed = ToolContext("x", frozenset({Permission.PAYMENT}), TurnInput("hi"), services={})
    assert allowed.service("wallet", Permission.PAYMENT) is None


async def test_unknown_tool_is_a_stable_error() -> None:
    agent = PeekingAgent()
    with pytest.raises(Exception) as err:
        await agent.invoke("fly", {}, _ctx(agent, TurnInput("x")))
    assert getattr(err.value, "code", None) == "unknown_tool"
