"""Answers to an open follow-up: a turn that answers the question the last reply asked goes
back to the agent that asked it, without routing ("How much?" → "twelve fifty").

An agent asks by leaving a `FollowUp` whose `kind` is in `ANSWERS` and whose `data["tool"]`
names the tool that takes the answer; the tool reads the answer from the wearer's words.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from sightline.payments.amounts import parse_amount
from sightline.router.route import Route
from sightline.sdk import FollowUp, TurnInput

MAX_ANSWER_WORDS: Final = 6
"""A longer turn is a new request, routed as usual, even if it holds a number."""


def _is_amount(utterance: str) -> bool:
    return len(utterance.split()) <= MAX_ANSWER_WORDS and parse_amount(utterance) is not None


ANSWERS: Final[dict[str, Callable[[str], bool]]] = {"awaiting_amount": _is_amount}
"""Follow-up kind → whether an utterance answers it."""


def answer_route(follow_up: FollowUp | None, turn: TurnInput) -> Route | None:
    """The route to the asking agent's tool when `turn` answers the open follow-up, else None.

    Args:
        follow_up: The session's open follow-up (already checked for expiry), if any.
        turn: The wearer's new turn.
    """
    if follow_up is None:
        return None
    answers = ANSWERS.get(follow_up.kind)
    tool = follow_up.data.get("tool")
    if answers is None or not isinstance(tool, str) or not answers(turn.utterance):
        return None
    return Route(
        agent=follow_up.agent,
        tool=tool,
        confidence=1.0,
        tier="edge",
        note=f"answer to {follow_up.kind}",
    )
