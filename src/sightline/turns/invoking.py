"""The agent stage: the routed tool called with a permission-checked context."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

from sightline.errors import SightlineError
from sightline.router.route import Route
from sightline.sdk.context import TurnInput
from sightline.sdk.registry import AgentRegistry
from sightline.sdk.reply import Reply
from sightline.session import Session
from sightline.turn_result import error_reply

log = logging.getLogger(__name__)


async def invoke_agent(
    registry: AgentRegistry,
    services: dict[str, Any],
    session: Session,
    route: Route,
    turn: TurnInput,
) -> tuple[Reply, dict[str, str] | None]:
    """Call the routed tool in the wearer's session.

    The agent acts on its own reading of spoken words when the router chose it for that
    (`Route.utterance`). A `SightlineError` becomes an error card with its stable code; any
    other exception `agent_failed`. The session goes on either way.

    Returns:
        The reply, and the error (`{code, message}`) when the call failed.
    """
    try:
        agent = registry.get(route.agent)
        words = turn if route.utterance is None else replace(turn, utterance=route.utterance)
        ctx = agent.context(words, session.state_for(agent.name), services, route.prepared_answer)
        return await agent.invoke(route.tool, route.arguments, ctx), None
    except SightlineError as exc:
        return error_reply(exc.code, exc.message), exc.as_dict()
    except Exception as exc:
        log.exception("agent %s.%s failed", route.agent, route.tool)
        error = {"code": "agent_failed", "message": f"{route.agent} failed: {exc}"}
        return error_reply("agent_failed", f"The {route.agent} service failed."), error
