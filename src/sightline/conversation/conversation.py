"""`Conversation`: one wearer's conversation. Input events in, output events out.

Every input event is dispatched by its type through `HANDLERS` to the stage that takes it:
words go through the turn (the confirmation gate's words, an open follow-up, routing, the
agent, a confirmation opened; `sightline.turns`), device input to the gate, a location to the
agents that follow it, codes in view to memory, the clock to the gate's time-outs and the
proactive cards, a turn lost with the hub that began it to a card asking again. What a stage
decides comes back as output events (`ShowCard`, `Speak`, `TraceOut`, `ErrorOut`). Events
of one conversation are handled one at a time, in order. The state is plain data
(`snapshot()`; `Conversation.restore` rebuilds it elsewhere).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, Literal

from sightline.confirm import CardShown, GazeInput, SignedConfirmation, TapInput
from sightline.conversation.events import (
    CodesInView,
    ErrorOut,
    Haptic,
    InputEvent,
    LocationFix,
    OutputEvent,
    ShowCard,
    Speak,
    Tick,
    TraceOut,
    TurnLost,
    TypedText,
    Utterance,
)
from sightline.conversation.not_heard import say_again
from sightline.conversation.state import ConversationState, restore_session, snapshot_session
from sightline.conversation.turn_lost import lost_turn
from sightline.scene import Location
from sightline.sdk.context import TurnInput
from sightline.session import Session
from sightline.turn_result import TurnResult
from sightline.turns import TurnRunner

DEVICE_REFUSALS = frozenset({"refused"})
"""Gate outcomes that also go out as an `error` (besides their "Not confirmed" card)."""
HAPTICS: dict[str, Literal["confirmed", "refused"]] = {
    "confirmed": "confirmed",
    "refused": "refused",
}
"""Gate outcome → the pulse the wearer feels with its card."""


class Conversation:
    """One wearer's conversation with the assistant.

    Args:
        runner: The assistant's shared turn stages (agents, router, confirmation gate).
        session: The wearer's state; a new one by default.
    """

    def __init__(self, runner: TurnRunner, session: Session | None = None) -> None:
        self.runner = runner
        self.session = session or Session()
        self._one_at_a_time = asyncio.Lock()

    @classmethod
    def restore(cls, runner: TurnRunner, state: ConversationState) -> Conversation:
        """A conversation rebuilt from `snapshot()` (in this or another hub process)."""
        return cls(runner, restore_session(state))

    @property
    def location(self) -> Location | None:
        """Where the device last said the wearer is (kept in the session's state)."""
        return self.session.location

    def snapshot(self) -> ConversationState:
        """The conversation's state as plain data."""
        return snapshot_session(self.session)

    async def settled(self) -> ConversationState:
        """`snapshot()` between events: never half-way through one (what a store keeps)."""
        async with self._one_at_a_time:
            return self.snapshot()

    async def handle(self, event: InputEvent) -> list[OutputEvent]:
        """Take one input event; what to show, say and report, in order.

        Raises:
            TypeError: `event` is not an input event.
        """
        handler = HANDLERS.get(type(event))
        if handler is None:
            raise TypeError(f"not a conversation input event: {type(event).__name__}")
        async with self._one_at_a_time:
            return await handler(self, event)

    async def _utterance(self, event: Utterance) -> list[OutputEvent]:
        text = event.text.strip()
        if event.unsure:
            return outputs(say_again(event.trace), event.text)
        if not text:
            return []
        turn = TurnInput(
            text, event.scene, self.location, source="voice", alternatives=event.alternatives
        )
        result = await self.runner.run(self.session, turn, trace=event.trace)
        return outputs(result, text)

    async def _typed(self, event: TypedText) -> list[OutputEvent]:
        text = event.text.strip()
        if not text:
            return []
        turn = TurnInput(text, event.scene, self.location, source="typed")
        result = await self.runner.run(self.session, turn, trace=event.trace)
        return outputs(result, text)

    async def _device(
        self, event: GazeInput | TapInput | CardShown | SignedConfirmation
    ) -> list[OutputEvent]:
        result = await self.runner.device_input(self.session, event)
        return [] if result is None else outputs(result)

    async def _location(self, event: LocationFix) -> list[OutputEvent]:
        self.session.location = event.location
        result = await self.runner.moved(self.session, event.location, event.at)
        return [] if result is None else outputs(result)

    async def _codes(self, event: CodesInView) -> list[OutputEvent]:
        self.runner.seen(self.session, event.scene, self.location)
        return []

    async def _turn_lost(self, event: TurnLost) -> list[OutputEvent]:
        result = lost_turn(event.turn_id)
        out = outputs(result)
        error = result.error or {}
        out.insert(-1, ErrorOut(error["code"], error["message"], event.turn_id))
        return out

    async def _tick(self, event: Tick) -> list[OutputEvent]:
        result = await self.runner.expire(self.session, event.now)
        return [] if result is None else outputs(result)


def outputs(result: TurnResult, transcript: str | None = None) -> list[OutputEvent]:
    """What a result becomes on the way out, in order: its card, a pulse when the gate
    completed or refused a confirmation, its words (if any), a refusal's code, the timings."""
    out: list[OutputEvent] = [ShowCard(result)]
    decided_by_gate = result.route.tier == "device"
    if decided_by_gate and result.route.tool in HAPTICS:
        out.append(Haptic(HAPTICS[result.route.tool]))
    speech = result.reply.speech.strip()
    if speech:
        out.append(Speak(speech, result.trace.turn_id))
    error = result.error
    if error is not None and decided_by_gate and result.route.tool in DEVICE_REFUSALS:
        out.append(ErrorOut(error["code"], error.get("message", "")))
    out.append(TraceOut(result, transcript))
    return out


Handler = Callable[[Conversation, Any], Awaitable[list[OutputEvent]]]
HANDLERS: dict[type, Handler] = {
    Utterance: Conversation._utterance,
    TypedText: Conversation._typed,
    GazeInput: Conversation._device,
    TapInput: Conversation._device,
    CardShown: Conversation._device,
    SignedConfirmation: Conversation._device,
    LocationFix: Conversation._location,
    CodesInView: Conversation._codes,
    TurnLost: Conversation._turn_lost,
    Tick: Conversation._tick,
}
"""Input event type → the stage that takes it."""
