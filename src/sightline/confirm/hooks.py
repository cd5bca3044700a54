"""`AgentHooks`: how the gate reaches the agent that asked, with a permission-checked context."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sightline.sdk import ConfirmRequest, Reply, ToolContext, TurnInput
from sightline.sdk.registry import AgentRegistry


class AgentHooks:
    """Calls `on_confirmed` / `on_cancelled` on the agent, in the wearer's session.

    Args:
        registry: The loaded agents.
        services: Shared services, as tools get them.
        state_for: The agent's own session state, by agent name.
    """

    def __init__(
        self,
        registry: AgentRegistry,
        services: dict[str, Any],
        state_for: Callable[[str], dict[str, Any]],
    ) -> None:
        self.registry = registry
        self.services = services
        self.state_for = state_for

    def _context(self, agent: str, words: str) -> ToolContext:
        found = self.registry.get(agent)
        return found.context(TurnInput(words), self.state_for(found.name), self.services)

    async def confirmed(self, agent: str, request: ConfirmRequest, reference: str | None) -> Reply:
        """The agent completes what the wearer confirmed."""
        ctx = self._context(agent, "confirm")
        return await self.registry.get(agent).on_confirmed(ctx, request, reference)

    async def cancelled(self, agent: str, request: ConfirmRequest, reason: str) -> Reply:
        """The agent drops what was not confirmed."""
        ctx = self._context(agent, "cancel")
        return await self.registry.get(agent).on_cancelled(ctx, request, reason)
