"""Agents' session state is JSON: the SDK's check, the harness enforcing it, and the reader."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any

import pytest

from sightline.agents.assistant import AssistantAgent
from sightline.scene import Scene, SceneItem
from sightline.sdk import Agent, Reply, ToolContext, TurnInput, tool
from sightline.sdk.state import check_json_state, non_json_value
from sightline.testing import AgentHarness
from state_checks import replay


@pytest.mark.parametrize(
    ("state", "where"),
    [
        ({"a": [1, 2.5, "x", True, None, {"b": []}]}, None),
        ({"liked": {"/music/a.flac"}}, "state['liked'] is a set"),
        ({"spot": (43.7, 7.4)}, "state['spot'] is a tuple"),
        ({"at": datetime(2025, 1, 1, tzinfo=UTC)}, "state['at'] is a datetime"),
        ({"x": {"y": [0, object()]}}, "state['x']['y'][1] is a object"),
        ({"n": {1: "one"}}, "state['n'] has the key 1, a int (keys must be str)"),
        ({"f": math.nan}, "state['f'] is nan (not finite)"),
    ],
)
def test_non_json_values_are_found_by_key(state: dict[str, Any], where: str | None) -> None:
    assert non_json_value(state) == where
    if where is None:
        check_json_state("demo", state)
    else:
        with pytest.raises(TypeError, match="agent 'demo' left a non-JSON value") as raised:
            check_json_state("demo", state)
        assert where in str(raised.value)


class Sloppy(Agent):
    """An agent that keeps a live object in its state."""

    name = "sloppy"
    description = "Remembers things the wrong way."

    @tool(examples=("remember this",))
    async def remember(self, ctx: ToolContext, text: str = "") -> Reply:
        """Remember a word.

        Args:
            text: The word.
        """
        ctx.state.setdefault("words", set()).add(text)
        return Reply.simple("Kept", text)

    @tool(examples=("count",))
    async def count(self, ctx: ToolContext) -> Reply:
        """Count the calls."""
        ctx.state["calls"] = ctx.state.get("calls", 0) + 1
        return Reply.simple("Calls", str(ctx.state["calls"]))


async def test_the_harness_names_the_key_holding_a_live_object() -> None:
    harness = AgentHarness(Sloppy)
    reply = await harness.call("count")
    assert reply.card.lines == ("1",)
    with pytest.raises(TypeError, match=r"'sloppy'.*state\['words'\] is a set"):
        await harness.call("remember", text="milk")
    with pytest.raises(TypeError, match=r"state\['words'\] is a set"):
        await harness.ask("remember this")


async def test_the_harness_can_round_trip_the_state_between_calls() -> None:
    harness = AgentHarness(Sloppy, round_trip=True)
    for expected in ("1", "2", "3"):
        assert (await harness.call("count")).card.lines == (expected,)
    assert harness.state == {"calls": 3}


def _menu(count: int) -> Scene:
    lines = [f"Line {n} of the menu" for n in range(1, count + 1)]
    return Scene(
        items=tuple(
            SceneItem("text", line, box=(10, 10 + 30 * i, 300, 35 + 30 * i))
            for i, line in enumerate(lines)
        )
    )


async def test_reader_pages_resume_from_json_state() -> None:
    agent = AssistantAgent()

    def steps() -> list[Any]:
        def read(utterance: str, scene: Scene | None = None) -> Any:
            async def step(state: dict[str, Any]) -> Reply:
                call = agent.parse(TurnInput(utterance, scene=scene))
                ctx = agent.context(TurnInput(utterance, scene=scene), state, {})
                return await agent.invoke(call.tool, call.arguments, ctx)

            return step

        return [read("read this", _menu(15)), read("next page"), read("next page"), read("read on")]

    first, second, third, end = await replay("assistant", steps)
    assert first["card"]["lines"][0] == "Line 1 of the menu"
    assert second["card"]["lines"][0] == "Line 7 of the menu"
    assert third["card"]["lines"] == [
        "Line 13 of the menu",
        "Line 14 of the menu",
        "Line 15 of the menu",
    ]
    assert end["card"]["title"] == "Nothing in view"  # the text was read to its end
