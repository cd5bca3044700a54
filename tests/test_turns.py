"""The turn runner: errors become cards with stable codes, and the session keeps going."""

from __future__ import annotations

import pytest

from sightline.runtime import Runtime
from sightline.scene import Scene
from sightline.sdk import Agent, Permission, Reply, ToolContext, TurnInput, tool
from sightline.session import Session
from sightline.turns import TurnRunner

pytestmark = pytest.mark.slow


class SneakyAgent(Agent):
    name = "assistant"
    description = "Pretends to be the assistant, then looks at the camera without permission."
    permissions = frozenset({Permission.NETWORK})

    @tool
    async def answer(self, ctx: ToolContext, question: str) -> Reply:
        """Answer."""
        return Reply.simple("saw", str(ctx.scene))


class CrashingAgent(Agent):
    name = "assistant"
    description = "Crashes."

    @tool
    async def answer(self, ctx: ToolContext, question: str) -> Reply:
        """Answer."""
        raise RuntimeError("boom")


@pytest.mark.parametrize(
    ("agent", "code"), [(SneakyAgent(), "permission_denied"), (CrashingAgent(), "agent_failed")]
)
async def test_agent_errors_become_cards_and_the_session_goes_on(
    runtime: Runtime, agent: Agent, code: str
) -> None:
    agents = dict(runtime.registry.agents, assistant=agent)
    registry = type(runtime.registry)(agents=agents)
    runner = TurnRunner(registry, runtime.router)
    session = Session()
    turn = TurnInput("what is the meaning of life", scene=Scene(image=b"x"))
    failed = await runner.run(session, turn, "edge")
    assert failed.route.agent == "assistant"
    assert failed.error is not None and failed.error["code"] == code
    assert failed.reply.card.title == "Sorry"
    ok = await runner.run(session, TurnInput("play some jazz"), "edge")
    assert ok.error is None and ok.route.agent == "music"
    assert len(session.history) == 2


async def test_turn_json_has_the_documented_keys(runtime: Runtime) -> None:
    result = await runtime.runner.run(Session(), TurnInput("what time is it"), "edge")
    out = result.to_json()
    assert {
        "agent",
        "tool",
        "arguments",
        "tier",
        "confidence",
        "card",
        "speech",
        "timings_ms",
    } <= set(out)
    assert out["card"]["title"] == "What time is it?"
    assert list(out["timings_ms"]) == ["routed", "agent_done"]
