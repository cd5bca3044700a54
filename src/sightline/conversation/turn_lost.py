"""The answer to a turn that a stopped hub began and never finished: say so, ask again."""

from __future__ import annotations

from sightline.cards.model import Card, Glyph
from sightline.router.route import Route
from sightline.sdk.reply import Reply
from sightline.trace import TurnTrace
from sightline.turn_result import TurnResult

TURN_LOST = "turn_lost"
"""The stable error code of a turn lost with the hub that was running it."""
SAY_IT_AGAIN = "Sorry, I lost that. Say it again?"
LOST_MESSAGE = "the hub running this request stopped before answering it; say it again"


def lost_turn(turn_id: str) -> TurnResult:
    """The result for a lost turn: a card asking to repeat, the question spoken, no agent.

    The result carries the lost turn's id, so the device can tell which request it answers.
    """
    trace = TurnTrace(turn_id=turn_id)
    trace.mark("answered")
    return TurnResult(
        route=Route(agent="hub", tool="turn_lost", confidence=0.0, tier="edge", note="lost"),
        reply=Reply(
            card=Card(title=SAY_IT_AGAIN, glyph=Glyph.WARNING, ttl_s=6.0), speech=SAY_IT_AGAIN
        ),
        trace=trace,
        error={"code": TURN_LOST, "message": LOST_MESSAGE},
    )
