"""Location fixes from the glasses into the navigation agent's live guidance."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from sightline.navigation.geo import LatLon
from sightline.sdk.context import ToolContext, TurnInput
from sightline.sdk.reply import Reply
from sightline.trace import TurnTrace
from sightline.turn_result import TurnResult, device_route

if TYPE_CHECKING:
    from sightline.scene import Location
    from sightline.session import Session
    from sightline.turns import TurnRunner

log = logging.getLogger(__name__)

NAVIGATION = "navigation"


async def follow_location(
    runner: TurnRunner, session: Session, location: Location, at: float
) -> TurnResult | None:
    """Feed a fix to the guidance the navigation agent is running in this session.

    Args:
        runner: The turn runner (its registry and services).
        session: The wearer's session.
        location: The new fix.
        at: Its time in monotonic seconds.

    Returns:
        A result with the guidance card and words to speak, or None when there is nothing new
        (or no guidance is running).
    """
    if NAVIGATION not in runner.registry.names():
        return None
    agent = runner.registry.get(NAVIGATION)
    follow = getattr(agent, "follow", None)
    state = session.state_for(NAVIGATION)
    if follow is None or "guidance" not in state:
        return None
    ctx = ToolContext(
        agent=agent.name,
        permissions=agent.permissions,
        turn=TurnInput(utterance="", location=location, source="unknown"),
        state=state,
        services=runner.services,
    )
    try:
        events = await follow(ctx, LatLon(location.lat, location.lon), at)
    except Exception:
        log.exception("guidance failed")
        return None
    cards = [e.card for e in events if e.card is not None]
    words = " ".join(e.text for e in events if e.text)
    if not cards and not words:
        return None
    reply = (
        Reply(card=cards[-1], speech=words)
        if cards
        else Reply.simple("Navigation", words, speech=words)
    )
    trace = TurnTrace()
    trace.mark("agent_done")
    return TurnResult(
        route=device_route(NAVIGATION, "guidance"),
        reply=reply,
        trace=trace,
        card_id=runner.gate.mint(session.confirm),
    )
