"""The turn for speech the recogniser is not sure of: ask again, never act."""

from __future__ import annotations

from sightline.cards.model import Card
from sightline.router.route import Route
from sightline.sdk.reply import Reply
from sightline.trace import TurnTrace
from sightline.turn_result import TurnResult

SAY_AGAIN = "Sorry, say that again?"
NOT_HEARD = "not_heard"
"""The stable error code of an unsure turn."""


def say_again(trace: TurnTrace) -> TurnResult:
    """The result for an unsure utterance: a short card and the question spoken, no agent."""
    trace.mark("answered")
    return TurnResult(
        route=Route(agent="hub", tool="say_again", confidence=0.0, tier="edge", note="unsure"),
        reply=Reply(card=Card(title=SAY_AGAIN, ttl_s=4.0), speech=SAY_AGAIN),
        trace=trace,
        error={"code": NOT_HEARD, "message": "the recogniser was not sure of the words"},
    )
