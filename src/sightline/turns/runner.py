"""`TurnRunner`: the turn stages in order, with the shared parts they need (agents, router,
services, the confirmation gate, metrics). It holds no wearer's state: every call takes the
wearer's `Session`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sightline.config import Tier
from sightline.confirm import AgentHooks, ConfirmationGate, DeviceEvent
from sightline.privacy.egress import begin_egress_log
from sightline.router.router import Router
from sightline.scene import Location, Scene
from sightline.sdk.context import TurnInput
from sightline.sdk.registry import AgentRegistry
from sightline.session import Session
from sightline.trace import TraceMetrics, TurnTrace
from sightline.turn_result import TurnResult, reply_error
from sightline.turns.device_results import decided, location_answers, proactive_card
from sightline.turns.gate_words import words_for_the_gate
from sightline.turns.invoking import invoke_agent
from sightline.turns.opening import Opening, open_confirmation
from sightline.turns.recording import MomentRecording
from sightline.turns.routing import route_turn


class TurnRunner:
    """Runs turns against a registry of agents, with the confirmation gate in front.

    Args:
        registry: The loaded agents.
        router: Decides the agent, tool and arguments.
        services: Shared services handed to tools by name (permission-checked there).
        metrics: Where finished traces are recorded, if anywhere.
        gate: The confirmation gate (it owns the wallet); one without a wallet by default.
    """

    def __init__(
        self,
        registry: AgentRegistry,
        router: Router,
        services: dict[str, Any] | None = None,
        metrics: TraceMetrics | None = None,
        gate: ConfirmationGate | None = None,
    ) -> None:
        self.registry = registry
        self.router = router
        self.services = services or {}
        self.metrics = metrics
        self.gate = gate or ConfirmationGate()
        self.recording = MomentRecording(self.services)

    async def run(
        self,
        session: Session,
        turn: TurnInput,
        tier: Tier | None = None,
        trace: TurnTrace | None = None,
    ) -> TurnResult:
        """One request in words, through the stages in order: the gate's words
        (`gate_words`), routing, the agent, opening its confirmation, history and moments.

        Args:
            session: The wearer's session; its agent state and history are updated.
            turn: The request.
            tier: Overrides the router's tier for this turn.
            trace: The turn's trace, when the caller started it earlier (a spoken turn); the
                caller then records it in the metrics once its last stage is stamped.
        """
        owns_trace = trace is None
        trace = trace or TurnTrace()
        sent = begin_egress_log()  # images that leave the hub in this turn (sightline.privacy)
        hooks = self._hooks(session)
        outcome = await words_for_the_gate(self.gate, hooks, session, turn)
        if outcome is not None:
            return decided(self.gate, session, outcome, trace)
        route = await route_turn(self.router, session, turn, tier, self.gate.clock(), trace)
        reply, error = await invoke_agent(self.registry, self.services, session, route, turn)
        opening = Opening(reply)
        if reply.confirm is not None and error is None:
            opening = await open_confirmation(
                self.gate, self.registry, hooks, session, route.agent, reply
            )
        trace.mark("agent_done")
        session.follow_up = opening.reply.follow_up
        result = TurnResult(
            route=route,
            reply=opening.reply,
            trace=trace,
            error=error or opening.error or reply_error(opening.reply),
            card_id=opening.card_id or self.gate.mint(session.confirm),
            pending=opening.pending,
        )
        session.remember(result)
        if sent:
            trace.details["egress"] = sent
        self.recording.after_turn(session, turn, result)
        if self.metrics is not None and owns_trace:
            self.metrics.observe(trace)  # a caller that passed its trace records it when done
        return result

    async def device_input(self, session: Session, event: DeviceEvent) -> TurnResult | None:
        """Apply a device input event (gaze, tap, card shown, signature) to the pending
        confirmation.

        Returns:
            A result with the card to show when the event decided something (paid, placed,
            cancelled, refused); None when it was only recorded (a gaze, an acknowledgement).
        """
        outcome = await self.gate.handle(session.confirm, event, self._hooks(session))
        return None if outcome is None else decided(self.gate, session, outcome)

    async def expire(self, session: Session, now: datetime | None = None) -> TurnResult | None:
        """The clock: cancel the pending confirmation if it timed out or the wearer looked
        away too long; else a proactive card now due. The hub calls this every half second.

        Returns:
            A result with the card to show, or None when nothing lapsed or is due.
        """
        outcome = await self.gate.tick(session.confirm, self._hooks(session), now)
        if outcome is None:
            return proactive_card(self.services, self.gate, session, now or self.gate.clock())
        return decided(self.gate, session, outcome)

    async def moved(self, session: Session, location: Location, at: float) -> TurnResult | None:
        """The device reported a location: agents that follow it (`Agent.on_location`, live
        guidance) may answer.

        Args:
            session: The wearer's session.
            location: The new fix.
            at: Its time in wall-clock seconds (`time.time()`).

        Returns:
            A result with the last answering agent's card and every answer's words, or None
            when no agent had anything to say.
        """
        return await location_answers(
            self.registry, self.services, self.gate, session, location, at
        )

    def seen(self, session: Session, scene: Scene, location: Location | None) -> None:
        """Remember what is in view (once a frame's text is read); nothing while a
        confirmation is on the display or memory is off."""
        self.recording.seen(session, scene, location)

    async def finish_recording(self) -> None:
        """Wait for moments still being recorded (before a short-lived process exits)."""
        await self.recording.finish()

    def _hooks(self, session: Session) -> AgentHooks:
        return AgentHooks(self.registry, self.services, session.state_for)
