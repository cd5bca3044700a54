"""The first stage of a turn: words for the confirmation gate.

A turn that is just "confirm" goes to the gate, never to the router (it counts only when heard,
source "voice", with the gaze dwell on the pending card and the device's signature; typed, or
with nothing pending, it is refused). So does "cancel" while a confirmation is pending. Any
other turn withdraws the pending confirmation: its card is about to be replaced.
"""

from __future__ import annotations

from sightline.confirm import ConfirmationGate, ConfirmHooks, Outcome, SpokenReply, spoken_word
from sightline.sdk.context import TurnInput
from sightline.session import Session


async def words_for_the_gate(
    gate: ConfirmationGate, hooks: ConfirmHooks, session: Session, turn: TurnInput
) -> Outcome | None:
    """The gate's outcome when `turn` is a confirmation word it decides; None when the turn
    goes on to routing (the pending confirmation, if any, then withdrawn as replaced)."""
    state = session.confirm
    await gate.tick(state, hooks)  # a lapsed confirmation cannot be confirmed now
    word = spoken_word(turn.utterance)
    if word == "confirm" or (word == "cancel" and state.pending is not None):
        event = SpokenReply(word, turn.source, gate.clock())
        outcome = await gate.handle(state, event, hooks)
        if outcome is not None:
            return outcome
    await gate.withdraw(state, "replaced", hooks)
    return None
