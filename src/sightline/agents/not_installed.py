"""A base for agents whose scope is routed already but whose service is not installed yet."""

from __future__ import annotations

from typing import ClassVar

from sightline.cards.model import Glyph
from sightline.sdk import Agent, Reply, ToolContext, tool


class NotInstalledAgent(Agent):
    """Declares an agent's scope so routing works, and says plainly it is not installed yet."""

    title: ClassVar[str]

    @tool
    async def request(self, ctx: ToolContext, request: str) -> Reply:
        """Handle any request in this agent's scope.

        Args:
            request: The wearer's request, in their words.
        """
        del ctx
        return Reply.simple(
            f"{self.title} not installed",
            f"I understood a {self.name} request: {request}",
            "This service is not installed yet.",
            speech=f"{self.title} is not installed yet.",
            glyph=Glyph.INFO,
        )
