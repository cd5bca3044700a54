"""One turn: route the request, call the agent's tool with a permission-checked context."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from sightline.cards.model import Glyph
from sightline.config import Tier
from sightline.errors import SightlineError
from sightline.router.route import Route
from sightline.router.router import Router
from sightline.sdk.context import ToolContext, TurnInput
from sightline.sdk.registry import AgentRegistry
from sightline.sdk.reply import Reply
from sightline.session import Session
from sightline.trace import TraceMetrics, TurnTrace

log = logging.getLogger(__name__)


@dataclass
class TurnResult:
    """Everything one turn produced.

    Attributes:
        route: Where the request went.
        reply: The agent's reply (an error card when the call failed).
        trace: The turn's stage timestamps.
        error: The stable error code and message, when the call failed.
    """

    route: Route
    reply: Reply
    trace: TurnTrace
    error: dict[str, str] | None = None

    def to_json(self) -> dict[str, Any]:
        """The turn as one JSON-ready object (what `sightline ask --json` prints).

        The reply's `data` keys are merged in at the top level, never over the fixed keys.
        """
        out: dict[str, Any] = {
            "agent": self.route.agent,
            "tool": self.route.tool,
            "arguments": self.route.arguments,
            "tier": self.route.tier,
            "confidence": self.route.confidence,
            "card": self.reply.card.model_dump(mode="json"),
            "speech": self.reply.speech,
            "timings_ms": self.trace.timings_ms(),
            "turn_id": self.trace.turn_id,
        }
        if self.route.note:
            out["note"] = self.route.note
        for key, value in self.reply.data.items():
            out.setdefault(key, value)  # agent details (now_playing, destination, steps, …)
        if self.reply.follow_up:
            out["follow_up"] = self.reply.follow_up.model_dump(mode="json")
        if self.error:
            out["error"] = self.error
        return out


class TurnRunner:
    """Runs turns against a registry of agents.

    Args:
        registry: The loaded agents.
        router: Decides the agent, tool and arguments.
        services: Shared services handed to tools by name (permission-checked there).
        metrics: Where finished traces are recorded, if anywhere.
    """

    def __init__(
        self,
        registry: AgentRegistry,
        router: Router,
        services: dict[str, Any] | None = None,
        metrics: TraceMetrics | None = None,
    ) -> None:
        self.registry = registry
        self.router = router
        self.services = services or {}
        self.metrics = metrics

    async def run(self, session: Session, turn: TurnInput, tier: Tier | None = None) -> TurnResult:
        """Handle one request and return what to show and say.

        Args:
            session: The wearer's session; its agent state and history are updated.
            turn: The request.
            tier: Overrides the router's tier for this turn.
        """
        trace = TurnTrace()
        route = await self.router.route(turn, tier)
        trace.mark("routed")
        error: dict[str, str] | None = None
        try:
            agent = self.registry.get(route.agent)
            ctx = ToolContext(
                agent=agent.name,
                permissions=agent.permissions,
                turn=turn,
                state=session.state_for(agent.name),
                services=self.services,
                prepared_answer=route.prepared_answer,
            )
            reply = await agent.invoke(route.tool, route.arguments, ctx)
        except SightlineError as exc:
            error = exc.as_dict()
            reply = _error_reply(exc.code, exc.message)
        except Exception as exc:
            log.exception("agent %s.%s failed", route.agent, route.tool)
            error = {"code": "agent_failed", "message": f"{route.agent} failed: {exc}"}
            reply = _error_reply("agent_failed", f"The {route.agent} service failed.")
        trace.mark("agent_done")
        session.follow_up = reply.follow_up
        result = TurnResult(route=route, reply=reply, trace=trace, error=error)
        session.history.append(result)
        if self.metrics is not None:
            self.metrics.observe(trace)
        return result


def _error_reply(code: str, message: str) -> Reply:
    return Reply.simple("Sorry", message, f"({code})", speech=message, glyph=Glyph.WARNING)
