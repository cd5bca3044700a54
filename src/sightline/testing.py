"""A small harness for testing an agent without a hub: build it, read an utterance offline,
call its tools with a permission-checked context.

Example:
    from sightline.testing import AgentHarness

    harness = AgentHarness(WeatherAgent)
    call, reply = await harness.ask("what's the weather in Oslo")
    assert call.tool == "forecast" and reply.card.title
"""

from __future__ import annotations

import json
from typing import Any

from sightline.config import Settings
from sightline.scene import Location, Scene
from sightline.sdk.agent import Agent, AgentServices, EdgeCall
from sightline.sdk.context import ToolContext, TurnInput
from sightline.sdk.registry import validate_agent_class
from sightline.sdk.reply import Reply
from sightline.sdk.state import check_json_state


class AgentHarness:
    """One agent, built as the assistant builds it, with its own per-session state.

    After every tool call the harness checks the state holds only JSON values (the rule of
    `ToolContext.state`) and raises a `TypeError` naming the key when it does not; with
    `round_trip=True` it also replaces the state by its JSON round trip before each call, as
    if the conversation had been restored in another hub process.

    Args:
        agent_class: The agent's class (checked like an entry point's: name, description, tools).
        settings: The configuration; the defaults by default.
        services: Shared services handed to tools by name.
        round_trip: Replace the state by `json.loads(json.dumps(state))` before each call.
    """

    def __init__(
        self,
        agent_class: type[Agent],
        settings: Settings | None = None,
        services: dict[str, Any] | None = None,
        round_trip: bool = False,
    ) -> None:
        cls = validate_agent_class(agent_class)
        self.services = services or {}
        self.agent = cls.create(AgentServices(settings or Settings(), dict(self.services)))
        self.state: dict[str, Any] = {}
        self.round_trip = round_trip

    def turn(
        self, utterance: str, location: Location | None = None, scene: Scene | None = None
    ) -> TurnInput:
        """A typed turn."""
        return TurnInput(utterance, scene=scene, location=location, source="typed")

    def context(self, turn: TurnInput) -> ToolContext:
        """The tool context the agent gets for `turn` (its declared permissions only)."""
        return self.agent.context(turn, self.state, self.services)

    def parse(self, utterance: str, **turn: Any) -> EdgeCall:
        """The tool and arguments the agent reads from `utterance` offline."""
        return self.agent.parse(self.turn(utterance, **turn))

    async def call(self, tool: str, utterance: str = "", **arguments: Any) -> Reply:
        """Call one tool with arguments (validated against its schema)."""
        turn = self.turn(utterance or tool)
        return await self._invoke(tool, arguments, turn)

    async def ask(self, utterance: str, **turn: Any) -> tuple[EdgeCall, Reply]:
        """Read `utterance` offline and call the tool it names, as an edge turn would."""
        request = self.turn(utterance, **turn)
        call = self.agent.parse(request)
        return call, await self._invoke(call.tool, call.arguments, request)

    async def _invoke(self, tool: str, arguments: dict[str, Any], turn: TurnInput) -> Reply:
        """Call the tool, then check the state keeps only JSON values."""
        if self.round_trip:
            self.state = json.loads(json.dumps(self.state))
        reply = await self.agent.invoke(tool, arguments, self.context(turn))
        check_json_state(self.agent.name, self.state)
        return reply
