"""The routing stage: which agent, tool and arguments a turn goes to."""

from __future__ import annotations

from datetime import datetime

from sightline.config import Tier
from sightline.follow_ups import answer_route
from sightline.router.route import Route
from sightline.router.router import Router
from sightline.sdk.context import TurnInput
from sightline.session import Session
from sightline.trace import TurnTrace


async def route_turn(
    router: Router,
    session: Session,
    turn: TurnInput,
    tier: Tier | None,
    now: datetime,
    trace: TurnTrace,
) -> Route:
    """An answer to the open follow-up goes back to the agent that asked; anything else is
    routed. The trace gets `declined:<agent>` for each agent that said "not mine", then
    `routed`."""
    answer = answer_route(session.open_follow_up(now), turn)
    route = answer or await router.route(turn, tier)
    for declined in route.declined:  # in the order offered
        trace.mark(f"declined:{declined}")
    trace.mark("routed")
    return route
