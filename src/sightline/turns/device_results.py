"""Results decided without the wearer's words: the gate's outcomes, answers to a new
location, proactive cards now due."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from sightline.confirm import ConfirmationGate, Outcome
from sightline.scene import Location
from sightline.sdk.context import TurnInput
from sightline.sdk.registry import AgentRegistry
from sightline.sdk.reply import Reply
from sightline.session import Session
from sightline.trace import TurnTrace
from sightline.turn_result import TurnResult, device_route

log = logging.getLogger(__name__)


def decided(
    gate: ConfirmationGate, session: Session, outcome: Outcome, trace: TurnTrace | None = None
) -> TurnResult:
    """The result of a gate outcome (paid, placed, cancelled, refused); it closes the open
    follow-up and is remembered."""
    trace = trace or TurnTrace()
    trace.mark("agent_done")
    result = TurnResult(
        route=device_route(outcome.agent, outcome.status),
        reply=outcome.reply,
        trace=trace,
        error=outcome.error,
        card_id=gate.mint(session.confirm),
    )
    session.follow_up = None
    session.remember(result)
    return result


async def location_answers(
    registry: AgentRegistry,
    services: dict[str, Any],
    gate: ConfirmationGate,
    session: Session,
    location: Location,
    at: float,
) -> TurnResult | None:
    """Every agent that follows the location (`Agent.on_location`) is told, in name order; the
    last answer's card with every answer's words, or None when none answered."""
    answers: list[tuple[str, Reply]] = []
    turn = TurnInput(utterance="", location=location, source="unknown")
    for name in registry.names():
        agent = registry.get(name)
        if not agent.follows_location():
            continue
        ctx = agent.context(turn, session.state_for(name), services)
        try:
            reply = await agent.on_location(ctx, at)
        except Exception:
            log.exception("%s failed on a location update", name)
            continue
        if reply is not None:
            answers.append((name, reply))
    if not answers:
        return None
    agent_name, last = answers[-1]
    words = " ".join(reply.speech for _, reply in answers if reply.speech)
    trace = TurnTrace()
    trace.mark("agent_done")
    return TurnResult(
        route=device_route(agent_name, "location"),
        reply=last.model_copy(update={"speech": words}),
        trace=trace,
        card_id=gate.mint(session.confirm),
    )


def proactive_card(
    services: dict[str, Any], gate: ConfirmationGate, session: Session, now: datetime
) -> TurnResult | None:
    """A proactive card now due, unless a confirmation is on the display."""
    engine = services.get("proactive")
    if engine is None or session.confirm.pending is not None:
        return None
    cards = engine.due(now, limit=1)
    if not cards:
        return None
    card = cards[0]
    trace = TurnTrace()
    trace.details["proactive"] = {"trigger": card.trigger, "reason": card.reason}
    trace.mark("agent_done")
    reply = Reply(card=card.card, speech=card.speech, data={"proactive": card.trigger})
    result = TurnResult(
        device_route("proactive", card.trigger),
        reply,
        trace,
        card_id=gate.mint(session.confirm),
    )
    session.remember(result)
    return result
