"""The two-tier router: edge when confident, cloud otherwise, never a hang."""

from __future__ import annotations

import asyncio

from sightline.config import Tier
from sightline.llm.base import ChatModelError
from sightline.router.cloud import CloudRouter
from sightline.router.edge import EdgeRouter
from sightline.router.route import Route
from sightline.sdk.context import TurnInput

_GRACE_S = 0.5


class Router:
    """Chooses the tier for each turn and falls back to the edge when the cloud fails.

    Args:
        edge: The offline router.
        cloud: The cloud router, or None when no cloud model is configured.
        tier: The default tier.
        edge_confidence: In `auto`, an edge route at least this confident skips the cloud.
    """

    def __init__(
        self, edge: EdgeRouter, cloud: CloudRouter | None, tier: Tier, edge_confidence: float
    ) -> None:
        self.edge = edge
        self.cloud = cloud
        self.tier = tier
        self.edge_confidence = edge_confidence

    async def route(self, turn: TurnInput, tier: Tier | None = None) -> Route:
        """Route one turn.

        Args:
            turn: The wearer's input.
            tier: Overrides the default tier for this turn.

        Returns:
            The Route; its `note` says why, when the cloud was wanted but not used.
        """
        mode = tier or self.tier
        if mode == "cloud":
            return await self._offered(turn, await self._cloud_or(turn, None))
        edge_route = await self.edge.route(turn)
        if mode == "edge" or edge_route.confidence >= self.edge_confidence:
            return edge_route
        return await self._offered(turn, await self._cloud_or(turn, edge_route))

    async def _offered(self, turn: TurnInput, route: Route) -> Route:
        """The cloud's choice is offered to its agent too: a decline goes down the edge ranking."""
        if route.tier != "cloud":
            return route
        return await asyncio.to_thread(self.edge.offer, turn, route)

    async def _cloud_or(self, turn: TurnInput, edge_route: Route | None) -> Route:
        if self.cloud is None:
            note = "no cloud model is configured"
        else:
            try:
                return await asyncio.wait_for(
                    self.cloud.route(turn), self.cloud.timeout_s + _GRACE_S
                )
            except TimeoutError:
                note = "llm_timeout: the cloud model did not answer in time"
            except ChatModelError as exc:
                note = f"{exc.code}: {exc.message}"
        fallback = edge_route or await self.edge.route(turn)
        return fallback.model_copy(update={"note": note})
